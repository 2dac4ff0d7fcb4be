package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable properties the mapping gives runs, jobs and datasets, computed from their folded facts without the
 * database, so one event at a time and a group of events at once write the same values.
 */
record NodeProperties(Map<String, Object> values, List<String> nativeNames, Map<String, Object> extra) {

    private static final List<String> RUN_PROPS = List.of("state", "startedAt", "endedAt", "durationSeconds",
            "errorMessage", "nominalTime", "processingEngine", "producer", "parentRun", "runId");
    private static final List<String> JOB_PROPS = List.of("jobType", "integration", "processingType", "description",
            "sourceCode", "sql", "tags", "namespace");
    private static final List<String> DATASET_PROPS = List.of("datasetType", "description", "dataSource",
            "dataSourceUri", "tags", "namespace", "symlinks");
    /** Longest readable copy of a facet's text (SQL, documentation); the facet itself is kept whole. */
    private static final int READABLE_TEXT = 4000;

    /** A run's properties from its summary; {@code parent} is its parent run's key, if any. */
    static NodeProperties run(String runId, OlEvent.Identity job, RunSummary s, String parent) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("runId", runId);
        props.put("state", RunSummary.stateName(s.state()));
        props.put("startedAt", text(s.startedAt()));
        props.put("endedAt", text(s.endedAt()));
        props.put("durationSeconds", s.duration() == null ? null : s.duration().toMillis() / 1000.0);
        props.put("errorMessage", Readable.clip(s.errorMessage(), READABLE_TEXT));
        ObjectNode facets = s.runFacets();
        props.put("nominalTime", Readable.text(facets.path("nominalTime").path("nominalStartTime")));
        props.put("processingEngine", Readable.engine(facets.path("processing_engine")));
        props.put("producer", s.producers().isEmpty() ? null : String.join(", ", s.producers()));
        props.put("parentRun", parent);
        Map<String, Object> extra = new HashMap<>();
        extra.put("olSummary", s.toJson());
        extra.put("olFacets", FacetMerge.write(facets));
        extra.put("olState", RunSummary.stateName(s.state()));
        extra.put("olStartedAt", zoned(s.startedAt()));
        extra.put("olEndedAt", zoned(s.endedAt()));
        extra.put("olLastEventAt", zoned(s.lastEventAt()));
        extra.put("olJobNamespace", job.namespace());
        extra.put("olJobName", job.name());
        extra.put("olRunId", runId);
        return new NodeProperties(props, RUN_PROPS, extra);
    }

    /** A job's properties from its merged facets ({@link FacetMerge} form). */
    static NodeProperties job(OlEvent.Identity id, ObjectNode merged) {
        ObjectNode facets = FacetMerge.values(merged);
        Map<String, Object> props = new LinkedHashMap<>();
        JsonNode type = facets.path("jobType");
        props.put("jobType", Readable.text(type.path("jobType")));
        props.put("integration", Readable.text(type.path("integration")));
        props.put("processingType", Readable.text(type.path("processingType")));
        props.put("description", Readable.clip(Readable.text(facets.path("documentation").path("description")),
                READABLE_TEXT));
        props.put("sourceCode", Readable.sourceUrl(facets.path("sourceCodeLocation")));
        props.put("sql", Readable.clip(Readable.text(facets.path("sql").path("query")), READABLE_TEXT));
        props.put("tags", Readable.tags(facets.path("tags")));
        props.put("namespace", id.namespace());
        Map<String, Object> extra = new HashMap<>();
        extra.put("olFacets", FacetMerge.write(merged));
        extra.put("olJob", true);
        return new NodeProperties(props, JOB_PROPS, extra);
    }

    /** A dataset family's properties from its merged facets ({@link FacetMerge} form). */
    static NodeProperties dataset(OlEvent.Identity id, ObjectNode merged) {
        ObjectNode facets = FacetMerge.values(merged);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("datasetType", Readable.text(facets.path("datasetType").path("datasetType")));
        props.put("description", Readable.clip(Readable.text(facets.path("documentation").path("description")),
                READABLE_TEXT));
        props.put("dataSource", Readable.text(facets.path("dataSource").path("name")));
        props.put("dataSourceUri", Readable.text(facets.path("dataSource").path("uri")));
        props.put("tags", Readable.tags(facets.path("tags")));
        props.put("namespace", id.namespace());
        props.put("symlinks", Readable.symlinks(facets.path("symlinks")));
        Map<String, Object> extra = new HashMap<>();
        extra.put("olFacets", FacetMerge.write(merged));
        return new NodeProperties(props, DATASET_PROPS, extra);
    }

    /** The schema of a dataset version as a readable, searchable property: {@code ["id bigint", ...]}. */
    static NodeProperties schema(JsonNode fields) {
        List<String> columns = new java.util.ArrayList<>();
        for (JsonNode f : fields) {
            String type = f.path("type").asText("");
            columns.add(Readable.clip((f.path("name").asText("") + " " + type).strip(), 1000));
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("schema", columns.subList(0, Math.min(columns.size(), 10_000)));
        Map<String, Object> extra = new HashMap<>();
        extra.put("olSchemaJson", FacetMerge.write(fields));
        return new NodeProperties(props, List.of(), extra);
    }

    /** The people an {@code ownership} facet names, as person key names (a {@code user:} prefix dropped). */
    static List<String> owners(JsonNode ownership) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode o : ownership.path("owners")) {
            String name = o.path("name").asText("").strip();
            name = (name.startsWith("user:") ? name.substring(5) : name).strip();
            if (!name.isEmpty() && name.length() <= EventParser.MAX_IDENTITY) {
                out.add(name);
            }
        }
        return out;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static ZonedDateTime zoned(Instant i) {
        return i == null ? null : i.atZone(ZoneOffset.UTC);
    }
}
