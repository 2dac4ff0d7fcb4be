package io.pedigree.api;

import io.javalin.http.Context;
import io.pedigree.runtime.Status;
import io.pedigree.runtime.StatusReport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/health}: open to all; 200 when the instance has started and Neo4j answers, 503
 * (problem+json) while it is starting or when Neo4j does not answer.
 */
final class Health {

    private final Status status;
    private final String version;

    Health(Status status, String version) {
        this.status = status;
        this.version = version;
    }

    void handle(Context ctx) {
        StatusReport report = status.check();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> neo4j = new LinkedHashMap<>();
        neo4j.put("reachable", report.reachable());
        neo4j.put("server", report.server());
        if (report.ready()) {
            out.put("status", "ok");
            out.put("version", version);
            out.put("schemaVersion", report.schemaVersion());
            out.put("neo4j", neo4j);
            ctx.json(out);
        } else {
            ctx.header("Retry-After", report.started() ? "5" : "1");
            out.put("type", Problem.typeFor("Service unavailable"));
            out.put("title", "Service unavailable");
            out.put("status", 503);
            out.put("detail", report.started() ? "Neo4j cannot be reached"
                    : "Pedigree is starting (loading the demo data); retry shortly");
            out.put("state", report.started() ? "unavailable" : "starting");
            out.put("version", version);
            out.put("neo4j", neo4j);
            ctx.status(503).json(out).contentType(Problems.CONTENT_TYPE);
        }
    }
}
