package io.pedigree.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.lineage.NodeKey;
import io.pedigree.openlineage.EventParser;
import io.pedigree.openlineage.OlEvent;
import io.pedigree.openlineage.OpenLineage;
import io.pedigree.openlineage.Views;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.pedigree.api.RequestRules.params;

/**
 * OpenLineage under {@code /api/v1/lineage}: the endpoint the Java and Python clients post to by default, a batch
 * endpoint for backfills, the stored events of runs and jobs, and an admin replay.
 */
final class OpenLineageRoutes {

    /** Most events in one batch request. */
    static final int MAX_BATCH = 10_000;

    private static final ObjectMapper TREES = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final OpenLineage ol;
    private final EventBody body;
    private final Consistency consistency;

    OpenLineageRoutes(OpenLineage ol, long maxBytes, Consistency consistency) {
        this.ol = ol;
        this.body = new EventBody(maxBytes);
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        r.post("/api/v1/lineage", consistency.wrap(this::post), Access.WRITER);
        r.post("/api/v1/lineage/batch", consistency.wrap(this::batch), Access.WRITER);
        r.get("/api/v1/lineage/events", consistency.wrap(this::events), Access.READER,
                params("runId", "namespace", "job", "offset", "limit"));
        r.get("/api/v1/lineage/runs/{runId}", consistency.wrap(this::run), Access.READER, params("events"));
        r.get("/api/v1/lineage/jobs", consistency.wrap(this::job), Access.READER, params("namespace", "name", "runs", "offset", "limit"));
        r.post("/api/v1/admin/lineage/replay", this::replay, Access.ADMIN, params("runId"));
    }

    private void post(Context ctx) throws IOException {
        String text = body.read(ctx);
        OlEvent event = EventParser.parse(text);
        Views.Ingested r = ol.ingest(event, Access.principal(ctx).name());
        consistency.bookmark(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status());
        out.put("digest", r.digest());
        out.put("key", r.key());
        if (r.created()) {
            // Stored, and applied to the graph just after: the next request to this instance sees it applied.
            out.put("applied", false);
            String where = eventsQuery(event);
            if (where != null) {
                out.put("events", "/api/v1/lineage/events?" + where);
            }
        }
        ctx.status(r.created() ? 201 : 200).json(out);
    }

    private void batch(Context ctx) throws IOException {
        String text = body.read(ctx).strip();
        List<Object> parsed = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode array;
            try {
                array = TREES.readTree(text);
            } catch (JsonProcessingException e) {
                throw new InvalidInput("$", "The body is not a JSON array: " + e.getOriginalMessage());
            }
            checkSize(array.size());
            for (JsonNode element : array) {
                parsed.add(parse(element, TREES.writeValueAsString(element)));
            }
        } else {
            String[] lines = text.split("\r?\n");
            List<String> events = new ArrayList<>();
            for (String line : lines) {
                if (!line.isBlank()) {
                    events.add(line);
                }
            }
            checkSize(events.size());
            for (String line : events) {
                try {
                    parsed.add(parse(TREES.readTree(line), line));
                } catch (JsonProcessingException e) {
                    parsed.add(new InvalidInput("$", "The line is not JSON: " + e.getOriginalMessage()));
                }
            }
        }
        List<Views.BatchItem> results = ol.ingestAll(parsed, Access.principal(ctx).name());
        Map<String, Long> counts = new TreeMap<>();
        results.forEach(i -> counts.merge(i.status(), 1L, Long::sum));
        consistency.bookmark(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", counts);
        out.put("results", results);
        ctx.json(out);
    }

    private static Object parse(JsonNode element, String raw) {
        try {
            return EventParser.parse(element, raw);
        } catch (InvalidInput e) {
            return e;
        }
    }

    private static void checkSize(int n) {
        if (n > MAX_BATCH) {
            throw new PayloadTooLarge("body", "A batch may hold at most " + MAX_BATCH + " events, got " + n);
        }
        if (n == 0) {
            throw new InvalidInput("$", "The batch holds no events");
        }
    }

    /** Where a run or job event's state can be seen; null for a dataset event, listed under neither. */
    private static String eventsQuery(OlEvent e) {
        if (e.runId() != null) {
            return "runId=" + URLEncoder.encode(e.runId(), StandardCharsets.UTF_8);
        }
        return e.job() == null ? null : "namespace=" + URLEncoder.encode(e.job().namespace(), StandardCharsets.UTF_8)
                + "&job=" + URLEncoder.encode(e.job().name(), StandardCharsets.UTF_8);
    }

    private void events(Context ctx) {
        NodeKey key = subject(ctx);
        int offset = Params.bounded(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Params.bounded(ctx, "limit", 100, 1, 1000);
        ctx.json(Map.of("key", key.toString(), "events", ol.events(key, offset, limit)));
    }

    private NodeKey subject(Context ctx) {
        String runId = Params.optional(ctx, "runId");
        String job = Params.optional(ctx, "job");
        String namespace = Params.optional(ctx, "namespace");
        if (runId != null) {
            return ol.runKey(runId);
        }
        if (job == null || namespace == null) {
            throw new InvalidInput(job == null ? "job" : "namespace",
                    "Name a run (runId=…) or a job (namespace=…&job=…)");
        }
        return OpenLineage.jobKey(namespace, job);
    }

    private void run(Context ctx) {
        NodeKey key = ol.runKey(ctx.pathParam("runId"));
        ctx.json(ol.run(key, Params.bounded(ctx, "events", 100, 0, 1000)));
    }

    private void job(Context ctx) {
        if (Params.optional(ctx, "name") == null) {
            // No job named: list them, all or one namespace's, a page at a time.
            String namespace = Params.optional(ctx, "namespace");
            int offset = Params.bounded(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Params.bounded(ctx, "limit", 100, 1, 1000);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("offset", offset);
            out.put("limit", limit);
            out.put("jobs", ol.jobs(namespace, offset, limit));
            ctx.json(out);
            return;
        }
        NodeKey key = OpenLineage.jobKey(Params.required(ctx, "namespace"), Params.required(ctx, "name"));
        ctx.json(ol.job(key, Params.bounded(ctx, "runs", 50, 1, 1000)));
    }

    private void replay(Context ctx) {
        String runId = Params.optional(ctx, "runId");
        NodeKey run = runId == null ? null : ol.runKey(runId);
        ctx.json(ol.replay(run, Access.principal(ctx).name()));
    }
}
