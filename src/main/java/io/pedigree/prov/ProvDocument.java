package io.pedigree.prov;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of a PROV-JSON document, top level and bundles alike, each with the normalized JSONPath
 * (RFC 9535) that names it in errors and the prefixes in force where it stands. Statements other than
 * elements and the relations Pedigree maps are refused, so nothing is dropped without a word.
 */
final class ProvDocument {

    /** An element: its section, id, attributes and where it stands. */
    record Element(ProvTerms.Element type, String id, JsonNode attributes, String path, Map<String, String> prefixes) {
    }

    /** A relation statement. */
    record Relation(ProvTerms.Relation type, String id, JsonNode body, String path, Map<String, String> prefixes) {
    }

    private static final Set<String> IGNORED = Set.of("prefix", "@id");

    final List<Element> elements = new ArrayList<>();
    final List<Relation> relations = new ArrayList<>();
    /** Ids of the document's bundles: their descriptions are about the export, not lineage. */
    final Set<String> bundles = new java.util.HashSet<>();

    private ProvDocument() {
    }

    static ProvDocument read(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new InvalidInput("$", "A PROV-JSON document is a JSON object");
        }
        ProvDocument d = new ProvDocument();
        Map<String, String> top = prefixes(doc, "$", Map.of());
        d.container(doc, "$", top, true);
        return d;
    }

    private void container(JsonNode c, String path, Map<String, String> prefixes, boolean top) {
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            String name = section.getKey();
            String at = path + "['" + escape(name) + "']";
            if (IGNORED.contains(name)) {
                continue;
            }
            if (!section.getValue().isObject()) {
                throw new InvalidInput(at, "'" + name + "' must be an object of statements keyed by id");
            }
            if (name.equals("bundle") && top) {
                for (Iterator<Map.Entry<String, JsonNode>> b = section.getValue().fields(); b.hasNext(); ) {
                    Map.Entry<String, JsonNode> bundle = b.next();
                    String bundlePath = at + "['" + escape(bundle.getKey()) + "']";
                    if (!bundle.getValue().isObject()) {
                        throw new InvalidInput(bundlePath, "A bundle is an object of statements");
                    }
                    bundles.add(bundle.getKey());
                    container(bundle.getValue(), bundlePath, prefixes(bundle.getValue(), bundlePath, prefixes), false);
                }
                continue;
            }
            ProvTerms.Element element = element(name);
            ProvTerms.Relation relation = ProvTerms.Relation.bySection(name);
            if (element == null && relation == null) {
                throw new InvalidInput(at, "Pedigree imports entity, activity, agent, used, wasGeneratedBy,"
                        + " wasDerivedFrom, wasInformedBy, wasAttributedTo, wasAssociatedWith and specializationOf"
                        + (top ? " (and bundles of them)" : "") + "; '" + name + "' is not one of them");
            }
            for (Iterator<Map.Entry<String, JsonNode>> s = section.getValue().fields(); s.hasNext(); ) {
                Map.Entry<String, JsonNode> st = s.next();
                String stPath = at + "['" + escape(st.getKey()) + "']";
                if (!st.getValue().isObject()) {
                    throw new InvalidInput(stPath, "A statement is an object of attributes");
                }
                if (element != null) {
                    elements.add(new Element(element, st.getKey(), st.getValue(), stPath, prefixes));
                } else {
                    relations.add(new Relation(relation, st.getKey(), st.getValue(), stPath, prefixes));
                }
            }
        }
    }

    private static ProvTerms.Element element(String section) {
        for (ProvTerms.Element e : ProvTerms.Element.values()) {
            if (e.section.equals(section)) {
                return e;
            }
        }
        return null;
    }

    private static Map<String, String> prefixes(JsonNode c, String path, Map<String, String> outer) {
        Map<String, String> out = new HashMap<>(outer);
        JsonNode p = c.get("prefix");
        if (p == null) {
            return out;
        }
        if (!p.isObject()) {
            throw new InvalidInput(path + "['prefix']", "'prefix' maps prefixes to namespace IRIs");
        }
        p.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new InvalidInput(path + "['prefix']['" + escape(e.getKey()) + "']", "A namespace is a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** The namespace IRI and local part of a qualified name, or null when its prefix is not declared. */
    static String[] resolve(String qname, Map<String, String> prefixes) {
        int colon = qname.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String ns = prefixes.get(qname.substring(0, colon));
        return ns == null ? null : new String[]{ns, qname.substring(colon + 1)};
    }

    /** The first value of an attribute, whether written bare, as an array, or as {"$": value, "type": ...}. */
    static String value(JsonNode attributes, String name) {
        JsonNode v = attributes.get(name);
        if (v != null && v.isArray()) {
            v = v.isEmpty() ? null : v.get(0);
        }
        if (v != null && v.isObject()) {
            v = v.get("$");
        }
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /** Every value of an attribute, as text. */
    static List<String> values(JsonNode attributes, String name) {
        JsonNode v = attributes.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (JsonNode x : v.isArray() ? v : List.of(v)) {
            JsonNode t = x.isObject() ? x.get("$") : x;
            if (t != null && t.isValueNode()) {
                out.add(t.asText());
            }
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }
}
