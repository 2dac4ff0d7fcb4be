package io.pedigree.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Folds facets of many events into one view that does not depend on the order the events arrived in: for each
 * facet name, the value from the event with the latest {@code eventTime} wins, ties broken by the event's digest.
 * Stored as {@code {name: {"t": time, "d": digest, "v": facet}}}; a facet sent with {@code _deleted: true} is
 * kept as such a marker, so a later-arriving older value cannot bring it back.
 */
final class FacetMerge {

    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);

    private FacetMerge() {
    }

    static ObjectNode read(String json) {
        if (json == null || json.isEmpty()) {
            return EventParser.JSON.createObjectNode();
        }
        try {
            return (ObjectNode) EventParser.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored OpenLineage state is not JSON", e);
        }
    }

    /** Writes state with properties sorted, so the same facts always make the same text. */
    static String write(JsonNode node) {
        try {
            return SORTED.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Merges {@code facets} seen at {@code time} in event {@code digest} into {@code into}. */
    static void merge(ObjectNode into, ObjectNode facets, Instant time, String digest) {
        Iterator<Map.Entry<String, JsonNode>> it = facets.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            offer(into, f.getKey(), f.getValue(), time, digest);
        }
    }

    /** Keeps {@code value} under {@code name} if it is newer (by time, then digest) than what is there. */
    static boolean offer(ObjectNode into, String name, JsonNode value, Instant time, String digest) {
        JsonNode have = into.get(name);
        if (have != null && !newer(time, digest, have)) {
            return false;
        }
        ObjectNode entry = into.putObject(name);
        entry.put("t", time.toString());
        entry.put("d", digest);
        entry.set("v", value);
        return true;
    }

    static boolean newer(Instant time, String digest, JsonNode have) {
        int c = time.compareTo(Instant.parse(have.get("t").asText()));
        return c > 0 || (c == 0 && digest.compareTo(have.get("d").asText()) > 0);
    }

    /** The merged facets as a plain {@code {name: facet}} object, without deleted ones. */
    static ObjectNode values(ObjectNode merged) {
        ObjectNode out = EventParser.JSON.createObjectNode();
        merged.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue().get("v");
            if (v != null && !v.path("_deleted").asBoolean(false)) {
                out.set(e.getKey(), v);
            }
        });
        return out;
    }
}
