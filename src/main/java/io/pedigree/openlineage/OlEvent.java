package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * One OpenLineage event as Pedigree reads it: its kind, the identities it names and its facets, kept as JSON
 * trees so facets nobody here knows travel on unchanged. {@code digest} names the canonical event (idempotency)
 * and {@code raw} is the text as received.
 */
public record OlEvent(Type type, EventType eventType, Instant eventTime, String producer, String schemaUrl,
                      String runId, Identity job, ObjectNode runFacets, ObjectNode jobFacets,
                      List<Dataset> inputs, List<Dataset> outputs, Dataset dataset, String digest, String raw) {

    /** The three event schemas of the spec. */
    public enum Type { RUN, DATASET, JOB }

    /** The six event types of a RunEvent; absent when the producer sent none. */
    public enum EventType {
        START, RUNNING, COMPLETE, ABORT, FAIL, OTHER;

        public boolean terminal() {
            return this == COMPLETE || this == ABORT || this == FAIL;
        }
    }

    /** A job or dataset identity: namespace and name, as the spec's naming table makes them. */
    public record Identity(String namespace, String name) {
        String id() {
            return namespace + "\u0000" + name;
        }
    }

    /** A dataset named by an event, with its dataset facets and its input or output facets. */
    public record Dataset(Identity id, ObjectNode facets, ObjectNode ioFacets) {
        /** The producer's own version of this dataset (the {@code version} facet), if it says one. */
        public String explicitVersion() {
            JsonNode v = facets.path("version").path("datasetVersion");
            return v.isValueNode() && !v.asText().isBlank() ? v.asText() : null;
        }

        /** The {@code schema} facet's fields, or null when the event carries no schema. */
        public JsonNode schemaFields() {
            JsonNode f = facets.path("schema").path("fields");
            return f.isArray() ? f : null;
        }
    }
}
