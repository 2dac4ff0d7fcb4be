package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Turns facets into the short, searchable properties pages and {@code GET /api/v1/node} show. */
final class Readable {

    private Readable() {
    }

    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }

    static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "…";
    }

    /** {@code spark 3.5.1} from a {@code processing_engine} facet. */
    static String engine(JsonNode f) {
        String name = text(f.path("name"));
        String version = text(f.path("version"));
        if (name == null) {
            return null;
        }
        return version == null ? name : name + " " + version;
    }

    static String sourceUrl(JsonNode scl) {
        String url = text(scl.path("url"));
        return url != null ? url : text(scl.path("repoUrl"));
    }

    /** Tags as {@code key=value} strings (or just the key), from a tags facet. */
    static List<String> tags(JsonNode f) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : f.path("tags")) {
            String key = text(t.path("key"));
            String value = text(t.path("value"));
            if (key != null) {
                out.add(value == null ? key : key + "=" + value);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Other identities of a dataset, as {@code namespace name} strings. */
    static List<String> symlinks(JsonNode f) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : f.path("identifiers")) {
            String ns = text(i.path("namespace"));
            String name = text(i.path("name"));
            if (ns != null && name != null) {
                out.add(ns + " " + name);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Row counts and sizes from input and output statistics, for the edge's properties. */
    static ObjectNode ioStatistics(ObjectNode io) {
        ObjectNode out = EventParser.JSON.createObjectNode();
        for (String facet : new String[] {"outputStatistics", "inputStatistics"}) {
            JsonNode f = io.path(facet);
            for (String field : new String[] {"rowCount", "size", "fileCount"}) {
                JsonNode v = f.path(field);
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    out.put(field, v.asLong());
                }
            }
        }
        return out;
    }
}
