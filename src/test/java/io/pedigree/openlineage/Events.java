package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds OpenLineage events for tests, shaped as the spec (2-0-2) and real producers make them. */
final class Events {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUN_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    static final String PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.45.0/integration/dbt";

    private final ObjectNode e = JSON.createObjectNode();

    private Events() {
    }

    /** A RunEvent of {@code (namespace, job)} run {@code runId}. */
    static Events run(String type, String time, String namespace, String job, String runId) {
        Events b = new Events();
        if (type != null) {
            b.e.put("eventType", type);
        }
        b.e.put("eventTime", time);
        b.e.put("producer", PRODUCER);
        b.e.put("schemaURL", RUN_SCHEMA);
        b.e.putObject("run").put("runId", runId).putObject("facets");
        b.e.putObject("job").put("namespace", namespace).put("name", job).putObject("facets");
        b.e.putArray("inputs");
        b.e.putArray("outputs");
        return b;
    }

    Events producer(String producer) {
        e.put("producer", producer);
        return this;
    }

    Events input(String namespace, String name) {
        dataset((ArrayNode) e.get("inputs"), namespace, name);
        return this;
    }

    Events output(String namespace, String name) {
        dataset((ArrayNode) e.get("outputs"), namespace, name);
        return this;
    }

    /** The last input or output added, to give it facets. */
    ObjectNode lastOutputFacets() {
        ArrayNode outs = (ArrayNode) e.get("outputs");
        return (ObjectNode) outs.get(outs.size() - 1).get("facets");
    }

    ObjectNode lastInputFacets() {
        ArrayNode ins = (ArrayNode) e.get("inputs");
        return (ObjectNode) ins.get(ins.size() - 1).get("facets");
    }

    Events outputSchema(String... columns) {
        schema(lastOutputFacets(), columns);
        return this;
    }

    Events inputSchema(String... columns) {
        schema(lastInputFacets(), columns);
        return this;
    }

    Events outputVersion(String version) {
        facet(lastOutputFacets(), "version").put("datasetVersion", version);
        return this;
    }

    /** Column lineage (1-2-0) of the last output: {@code out} derives from {@code inField} of the given input. */
    Events columnLineage(String out, String inNamespace, String inName, String inField, String type,
                         String subtype) {
        ObjectNode facets = lastOutputFacets();
        ObjectNode cl = facets.has("columnLineage") ? (ObjectNode) facets.get("columnLineage")
                : facet(facets, "columnLineage");
        ObjectNode input = cl.with("fields").with(out).withArray("inputFields").addObject();
        input.put("namespace", inNamespace).put("name", inName).put("field", inField);
        input.putArray("transformations").addObject().put("type", type).put("subtype", subtype);
        return this;
    }

    Events parent(String namespace, String job, String runId) {
        ObjectNode p = facet(runFacets(), "parent");
        p.putObject("run").put("runId", runId);
        p.putObject("job").put("namespace", namespace).put("name", job);
        return this;
    }

    Events error(String message) {
        facet(runFacets(), "errorMessage").put("message", message).put("programmingLanguage", "python");
        return this;
    }

    Events jobType(String processing, String integration, String jobType) {
        facet(jobFacets(), "jobType").put("processingType", processing).put("integration", integration)
                .put("jobType", jobType);
        return this;
    }

    Events sourceCode(String repo, String version) {
        facet(jobFacets(), "sourceCodeLocation").put("type", "git").put("url", repo + "/blob/main/models/x.sql")
                .put("repoUrl", repo).put("version", version);
        return this;
    }

    Events owner(String name) {
        ObjectNode o = facet(jobFacets(), "ownership");
        o.withArray("owners").addObject().put("name", name).put("type", "MAINTAINER");
        return this;
    }

    ObjectNode runFacets() {
        return (ObjectNode) e.get("run").get("facets");
    }

    ObjectNode jobFacets() {
        return (ObjectNode) e.get("job").get("facets");
    }

    /** The version Pedigree names for an output schema without a version facet: {@code schema-<fingerprint>}. */
    static String version(String... columns) {
        ObjectNode facets = JSON.createObjectNode();
        schema(facets, columns);
        return "schema-" + DatasetVersions.fingerprint(facets.get("schema").get("fields"));
    }

    ObjectNode json() {
        return e;
    }

    String text() {
        return e.toString();
    }

    static ObjectNode facet(ObjectNode facets, String name) {
        ObjectNode f = facets.putObject(name);
        f.put("_producer", PRODUCER);
        f.put("_schemaURL", "https://openlineage.io/spec/facets/1-0-0/" + name + ".json");
        return f;
    }

    private static void dataset(ArrayNode list, String namespace, String name) {
        ObjectNode d = list.addObject();
        d.put("namespace", namespace).put("name", name);
        d.putObject("facets");
    }

    private static void schema(ObjectNode facets, String... columns) {
        ArrayNode fields = facet(facets, "schema").putArray("fields");
        for (String c : columns) {
            String[] p = c.split(" ");
            fields.addObject().put("name", p[0]).put("type", p.length > 1 ? p[1] : "string");
        }
    }
}
