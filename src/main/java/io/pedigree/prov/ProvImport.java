package io.pedigree.prov;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.lineage.WriteSummary;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a PROV-JSON document (one Pedigree exported, or another PROV tool's) as one batch: every element and
 * relation, or nothing. What Pedigree cannot hold is refused with the JSONPath of the statement at fault.
 */
public final class ProvImport {

    /** What an import recorded: the statements read, those left out as describing the export, and the write. */
    public record Result(int elements, int relations, int skipped, WriteSummary written) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BATCH_FIELD = Pattern.compile("^(nodes|relations)\\[(\\d+)]\\.?(.*)$");

    private final GraphWriter writer;
    private final Limits limits;

    public ProvImport(GraphWriter writer, Limits limits) {
        this.writer = writer;
        this.limits = limits;
    }

    public Result load(JsonNode json, String actor) {
        ProvDocument doc = ProvDocument.read(json);
        Map<String, NodeKey> keys = new HashMap<>();
        Set<String> skipped = new HashSet<>();
        Map<NodeKey, NodeInput> nodes = new LinkedHashMap<>();
        List<String> nodePaths = new ArrayList<>();
        for (ProvDocument.Element e : doc.elements) {
            if (describesExport(doc, e)) {
                skipped.add(e.id());
                continue;
            }
            NodeKey key = key(e);
            keys.put(e.id(), key);
            if (!nodes.containsKey(key)) {
                nodes.put(key, node(e, key));
                nodePaths.add(e.path());
            }
        }
        List<RelationInput> relations = new ArrayList<>();
        List<ProvDocument.Relation> relationStatements = new ArrayList<>();
        int skippedRelations = 0;
        for (ProvDocument.Relation r : doc.relations) {
            String fromId = end(r, r.type().from);
            String toId = end(r, r.type().to);
            if (skipped.contains(fromId) || skipped.contains(toId) || doc.bundles.contains(fromId)
                    || doc.bundles.contains(toId)) {
                skippedRelations++;
                continue;
            }
            String typeName = ProvDocument.value(r.body(), ProvTerms.TYPE);
            RelationType type = RelationType.parse(r.path() + "['" + ProvTerms.TYPE + "']",
                    typeName == null ? ProvTerms.defaultType(r.type()) : typeName);
            NodeKey from = endKey(r, r.type().from, fromId, keys);
            NodeKey to = endKey(r, r.type().to, toId, keys);
            if (type == RelationType.VERSION_OF) {
                // Pedigree links a version to its family itself when the version is written.
                skippedRelations++;
                continue;
            }
            Instant validFrom = time(r.body(), ProvTerms.VALID_FROM, r.path());
            if (validFrom == null && r.type().timed) {
                validFrom = time(r.body(), "prov:time", r.path());
            }
            relations.add(new RelationInput(from, type, to, validFrom, time(r.body(), ProvTerms.VALID_TO, r.path()),
                    Properties.EMPTY));
            relationStatements.add(r);
        }
        try {
            WriteSummary s = writer.write(new Batch(List.copyOf(nodes.values()), relations), actor);
            return new Result(nodes.size(), relations.size(), skipped.size() + skippedRelations, s);
        } catch (InvalidInput e) {
            throw new InvalidInput(path(e.field(), nodePaths, relationStatements), e.detail());
        } catch (NotFound e) {
            throw new NotFound(path(e.field(), nodePaths, relationStatements), e.detail());
        }
    }

    /**
     * The bundle's own description and the export's activity and principal say who exported, not lineage; so do a
     * version's governance records.
     */
    private static boolean describesExport(ProvDocument doc, ProvDocument.Element e) {
        if (doc.bundles.contains(e.id())) {
            return true;
        }
        if (ProvDocument.values(e.attributes(), "prov:type").contains("prov:Bundle")) {
            return true;
        }
        String[] q = ProvDocument.resolve(e.id(), e.prefixes());
        // A version's governance records (registration, approvals, transitions) belong to the registry, which
        // PROV import does not write.
        return q != null && (q[0].equals(ProvTerms.EXPORT_NS) || q[0].equals(ProvTerms.PRINCIPAL_NS)
                || q[0].equals(ProvTerms.GOVERNANCE_NS));
    }

    private NodeKey key(ProvDocument.Element e) {
        String field = e.path();
        String explicit = ProvDocument.value(e.attributes(), ProvTerms.KEY);
        NodeKey key;
        if (explicit != null) {
            key = NodeKey.parse(field + "['" + ProvTerms.KEY + "']", explicit);
        } else {
            String[] q = ProvDocument.resolve(e.id(), e.prefixes());
            if (q != null && q[0].equals(ProvTerms.NODE_NS)) {
                key = NodeKey.parse(field, q[1]);
            } else {
                // Another tool's element: its kind from pedigree:kind or its PROV class, its name from the id.
                String local = q != null ? q[1] : e.id();
                key = NodeKey.parse(field, kind(e).id() + ":" + local);
            }
        }
        if (ProvTerms.element(key.kind().id()) != e.type()) {
            throw new InvalidInput(field, key + " is a " + key.kind().id() + ", which Pedigree writes as "
                    + article(ProvTerms.element(key.kind().id()).section) + ", not as " + article(e.type().section));
        }
        return key;
    }

    private static Kind kind(ProvDocument.Element e) {
        String kind = ProvDocument.value(e.attributes(), ProvTerms.KIND);
        if (kind != null) {
            return Kind.parse(e.path() + "['" + ProvTerms.KIND + "']", kind);
        }
        return switch (e.type()) {
            case ENTITY -> Kind.DATASET;
            case ACTIVITY -> Kind.RUN;
            case AGENT -> Kind.PERSON;
        };
    }

    private NodeInput node(ProvDocument.Element e, NodeKey key) {
        Instant validFrom = time(e.attributes(), ProvTerms.VALID_FROM, e.path());
        if (validFrom == null && e.type() == ProvTerms.Element.ACTIVITY) {
            validFrom = time(e.attributes(), "prov:startTime", e.path());
        }
        String props = ProvDocument.value(e.attributes(), ProvTerms.PROPERTIES);
        Properties properties = Properties.EMPTY;
        String propsField = e.path() + "['" + ProvTerms.PROPERTIES + "']";
        if (props != null) {
            try {
                JsonNode tree = JSON.readTree(props);
                if (!tree.isObject()) {
                    throw new InvalidInput(propsField, "pedigree:properties holds a JSON object as text");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> raw = JSON.convertValue(tree, Map.class);
                properties = Properties.of(propsField, raw, limits);
            } catch (JsonProcessingException x) {
                throw new InvalidInput(propsField, "pedigree:properties holds a JSON object as text");
            }
        }
        return new NodeInput(key, properties, null, validFrom);
    }

    private static String end(ProvDocument.Relation r, String name) {
        JsonNode v = r.body().get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInput(r.path() + "['" + name + "']", r.type().section + " needs '" + name
                    + "', the id of an element");
        }
        return v.asText();
    }

    private static NodeKey endKey(ProvDocument.Relation r, String name, String id, Map<String, NodeKey> keys) {
        NodeKey k = keys.get(id);
        if (k != null) {
            return k;
        }
        // Not declared here: it may name a node Pedigree holds already, by its node: id.
        String[] q = ProvDocument.resolve(id, r.prefixes());
        if (q != null && q[0].equals(ProvTerms.NODE_NS)) {
            return NodeKey.parse(r.path() + "['" + name + "']", q[1]);
        }
        throw new InvalidInput(r.path() + "['" + name + "']", "'" + id + "' is not an element of this document"
                + " nor the id of a Pedigree node (" + ProvTerms.NODE_NS + "<key>)");
    }

    private static Instant time(JsonNode attributes, String name, String path) {
        String v = ProvDocument.value(attributes, name);
        if (v == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInput(path + "['" + name + "']", "'" + v + "' is not an xsd:dateTime with a time"
                    + " zone, such as 2026-10-01T00:00:00Z");
        }
    }

    /** Names the statement behind a batch error ({@code relations[3].to}) by its place in the document. */
    private static String path(String field, List<String> nodePaths, List<ProvDocument.Relation> relations) {
        if (field == null) {
            return "$";
        }
        Matcher m = BATCH_FIELD.matcher(field);
        if (!m.matches()) {
            return field;
        }
        int i = Integer.parseInt(m.group(2));
        if (m.group(1).equals("nodes")) {
            return i < nodePaths.size() ? nodePaths.get(i) : field;
        }
        if (i >= relations.size()) {
            return field;
        }
        ProvDocument.Relation r = relations.get(i);
        String end = switch (m.group(3)) {
            case "from" -> r.type().from;
            case "to" -> r.type().to;
            case "type" -> ProvTerms.TYPE;
            default -> null;
        };
        return end == null ? r.path() : r.path() + "['" + end + "']";
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

}
