package io.pedigree.prov;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pedigree.lineage.Kind;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Streams one export as W3C PROV-JSON: the bundle's own provenance (who exported what, when) at the top level, and
 * the answer inside one bundle. Every attribute value is written as an array, the form every PROV-JSON reader
 * keeps (ProvToolbox drops bare values), and the bundle repeats its id as {@code @id}, which ProvToolbox needs.
 */
final class ProvJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator g;
    private int counter;

    private ProvJsonWriter(OutputStream out) throws IOException {
        this.g = JSON.createGenerator(out, JsonEncoding.UTF8);
    }

    /** Writes {@code source} to {@code out}, which is flushed and left open. */
    static void write(OutputStream out, ExportInfo info, ProvSource source) {
        try {
            new ProvJsonWriter(out).document(info, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void document(ExportInfo info, ProvSource source) throws IOException {
        String bundle = ProvTerms.EXPORT_PREFIX + ":" + info.id();
        String activity = bundle + "/activity";
        String agent = ProvTerms.PRINCIPAL_PREFIX + ":" + info.principal();
        g.writeStartObject();
        prefixes();
        g.writeObjectFieldStart("entity");
        g.writeObjectFieldStart(bundle);
        qualifiedNames("prov:type", "prov:Bundle");
        strings("prov:label", List.of(info.title()));
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("activity");
        g.writeObjectFieldStart(activity);
        g.writeStringField("prov:startTime", info.at().toString());
        qualifiedNames("prov:type", "pedigree:Export");
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("agent");
        g.writeObjectFieldStart(agent);
        strings("prov:label", List.of(info.principal()));
        g.writeEndObject();
        g.writeEndObject();
        relationStart("wasGeneratedBy");
        g.writeStringField("prov:entity", bundle);
        g.writeStringField("prov:activity", activity);
        g.writeStringField("prov:time", info.at().toString());
        g.writeEndObject();
        g.writeEndObject();
        relationStart("wasAssociatedWith");
        g.writeStringField("prov:activity", activity);
        g.writeStringField("prov:agent", agent);
        g.writeEndObject();
        g.writeEndObject();
        relationStart("wasAttributedTo");
        g.writeStringField("prov:entity", bundle);
        g.writeStringField("prov:agent", agent);
        g.writeEndObject();
        g.writeEndObject();

        g.writeObjectFieldStart("bundle");
        g.writeObjectFieldStart(bundle);
        g.writeStringField("@id", bundle);
        prefixes();
        for (ProvTerms.Element e : ProvTerms.Element.values()) {
            elements(e, source);
        }
        for (ProvTerms.Relation r : ProvTerms.Relation.values()) {
            relations(r, source);
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
    }

    private void prefixes() throws IOException {
        g.writeObjectFieldStart("prefix");
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(ProvTerms.PREFIXES).entrySet()) {
            g.writeStringField(p.getKey(), p.getValue());
        }
        g.writeEndObject();
    }

    private void elements(ProvTerms.Element element, ProvSource source) throws IOException {
        boolean[] started = {false};
        source.nodes(n -> {
            if (ProvTerms.element(n.kind()) != element) {
                return;
            }
            try {
                if (!started[0]) {
                    g.writeObjectFieldStart(element.section);
                    started[0] = true;
                }
                node(n, element);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (element != ProvTerms.Element.ENTITY) {
            java.util.Set<String> agents = new java.util.TreeSet<>();
            source.acts(a -> {
                try {
                    if (element == ProvTerms.Element.ACTIVITY) {
                        if (!started[0]) {
                            g.writeObjectFieldStart(element.section);
                            started[0] = true;
                        }
                        act(a);
                    } else if (agents.add(a.agent())) {
                        if (!started[0]) {
                            g.writeObjectFieldStart(element.section);
                            started[0] = true;
                        }
                        g.writeObjectFieldStart(a.agentId());
                        strings(ProvTerms.KEY, List.of(a.agentId()));
                        strings("prov:label", List.of(a.agent()));
                        qualifiedNames("prov:type", "prov:Person");
                        g.writeEndObject();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (started[0]) {
            g.writeEndObject();
        }
    }

    private void act(ProvAct a) throws IOException {
        g.writeObjectFieldStart(a.id());
        g.writeStringField("prov:startTime", a.at().toString());
        g.writeStringField("prov:endTime", a.at().toString());
        strings(ProvTerms.KEY, List.of(a.id()));
        strings("prov:label", List.of(a.label()));
        qualifiedNames("prov:type", "pedigree:" + a.type());
        for (Map.Entry<String, String> e : a.attributes().entrySet()) {
            if (e.getValue() != null) {
                strings("pedigree:" + e.getKey(), List.of(e.getValue()));
            }
        }
        g.writeEndObject();
    }

    /** The statements that tie a governance record to its agent and its version, in {@code relation}'s section. */
    private void actRelation(ProvAct a, ProvTerms.Relation relation) throws IOException {
        String version = ProvTerms.NODE_PREFIX + ":" + a.version();
        switch (relation) {
            case WAS_ASSOCIATED_WITH -> {
                g.writeObjectFieldStart("_:r" + (++counter));
                g.writeStringField("prov:activity", a.id());
                g.writeStringField("prov:agent", a.agentId());
                strings(ProvTerms.ROLE, List.of(a.type().toLowerCase(java.util.Locale.ROOT)));
                g.writeEndObject();
            }
            case USED -> {
                if (!a.type().equals(ProvAct.REGISTRATION)) {
                    g.writeObjectFieldStart("_:r" + (++counter));
                    g.writeStringField("prov:activity", a.id());
                    g.writeStringField("prov:entity", version);
                    g.writeStringField("prov:time", a.at().toString());
                    g.writeEndObject();
                }
            }
            case WAS_ATTRIBUTED_TO -> {
                if (a.type().equals(ProvAct.REGISTRATION)) {
                    g.writeObjectFieldStart("_:r" + (++counter));
                    g.writeStringField("prov:entity", version);
                    g.writeStringField("prov:agent", a.agentId());
                    strings(ProvTerms.ROLE, List.of("registrant"));
                    time(ProvTerms.AT, a.at());
                    g.writeEndObject();
                }
            }
            default -> {
            }
        }
    }

    private void node(ProvNode n, ProvTerms.Element element) throws IOException {
        g.writeObjectFieldStart(ProvTerms.NODE_PREFIX + ":" + n.key());
        if (element == ProvTerms.Element.ACTIVITY && n.validFrom() != null) {
            g.writeStringField("prov:startTime", n.validFrom().toString());
        }
        strings(ProvTerms.KEY, List.of(n.key()));
        strings(ProvTerms.KIND, List.of(n.kind()));
        strings("prov:label", List.of(n.name()));
        String kindType = "pedigree:" + kindLabel(n.kind());
        if (element == ProvTerms.Element.AGENT) {
            qualifiedNames("prov:type", "prov:Person", kindType);
        } else {
            qualifiedNames("prov:type", kindType);
        }
        time(ProvTerms.VALID_FROM, n.validFrom());
        if (n.properties() != null && !n.properties().equals("{}")) {
            strings(ProvTerms.PROPERTIES, List.of(n.properties()));
        }
        g.writeEndObject();
    }

    private void relations(ProvTerms.Relation relation, ProvSource source) throws IOException {
        boolean[] started = {false};
        source.edges(e -> {
            if (ProvTerms.relation(e.type(), ProvTerms.element(e.fromKind()), ProvTerms.element(e.toKind()))
                    != relation) {
                return;
            }
            try {
                if (!started[0]) {
                    g.writeObjectFieldStart(relation.section);
                    started[0] = true;
                }
                edge(e, relation);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        });
        source.acts(a -> {
            try {
                boolean writes = switch (relation) {
                    case WAS_ASSOCIATED_WITH -> true;
                    case USED -> !a.type().equals(ProvAct.REGISTRATION);
                    case WAS_ATTRIBUTED_TO -> a.type().equals(ProvAct.REGISTRATION);
                    default -> false;
                };
                if (writes && !started[0]) {
                    g.writeObjectFieldStart(relation.section);
                    started[0] = true;
                }
                if (writes) {
                    actRelation(a, relation);
                }
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        });
        if (started[0]) {
            g.writeEndObject();
        }
    }

    private void edge(ProvEdge e, ProvTerms.Relation relation) throws IOException {
        g.writeObjectFieldStart("_:r" + (++counter));
        g.writeStringField(relation.from, ProvTerms.NODE_PREFIX + ":" + e.from());
        g.writeStringField(relation.to, ProvTerms.NODE_PREFIX + ":" + e.to());
        if (relation == ProvTerms.Relation.SPECIALIZATION_OF) {
            // PROV gives specializationOf no attributes, and readers refuse any.
            g.writeEndObject();
            return;
        }
        if (relation.timed && e.validFrom() != null) {
            g.writeStringField("prov:time", e.validFrom().toString());
        }
        strings(ProvTerms.TYPE, List.of(e.type()));
        time(ProvTerms.VALID_FROM, e.validFrom());
        time(ProvTerms.VALID_TO, e.validTo());
        time(ProvTerms.RECORDED_AT, e.recordedAt());
        if (e.recordedBy() != null) {
            strings(ProvTerms.RECORDED_BY, List.of(e.recordedBy()));
        }
        if (e.via() != null && !e.via().isEmpty()) {
            strings(ProvTerms.VIA, e.via());
        }
        g.writeEndObject();
    }

    private void relationStart(String section) throws IOException {
        g.writeObjectFieldStart(section);
        g.writeObjectFieldStart("_:export" + (++counter));
    }

    private void strings(String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private void qualifiedNames(String name, String... values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeStartObject();
            g.writeStringField("$", v);
            g.writeStringField("type", "prov:QUALIFIED_NAME");
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void time(String name, Instant at) throws IOException {
        if (at == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        g.writeStartObject();
        g.writeStringField("$", at.toString());
        g.writeStringField("type", "xsd:dateTime");
        g.writeEndObject();
        g.writeEndArray();
    }

    private static String kindLabel(String kind) {
        for (Kind k : Kind.values()) {
            if (k.id().equals(kind)) {
                return k.label();
            }
        }
        return "Node";
    }
}
