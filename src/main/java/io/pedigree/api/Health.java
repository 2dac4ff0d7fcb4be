package io.pedigree.api;

import io.javalin.http.Context;
import io.pedigree.store.Database;
import io.pedigree.store.Migrations;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/health}: open to all; 200 when Neo4j answers, 503 (problem+json) when it does not. */
final class Health {

    private final Database db;
    private final String neo4jDescription;
    private final String version;

    Health(Database db, String neo4jDescription, String version) {
        this.db = db;
        this.neo4jDescription = neo4jDescription;
        this.version = version;
    }

    void handle(Context ctx) {
        boolean reachable = db.reachable();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> neo4j = new LinkedHashMap<>();
        neo4j.put("reachable", reachable);
        neo4j.put("server", neo4jDescription);
        if (reachable) {
            out.put("status", "ok");
            out.put("version", version);
            out.put("schemaVersion", Migrations.currentVersion(db));
            out.put("neo4j", neo4j);
            ctx.json(out);
        } else {
            ctx.header("Retry-After", "5");
            out.put("type", Problem.typeFor("Service unavailable"));
            out.put("title", "Service unavailable");
            out.put("status", 503);
            out.put("detail", "Neo4j cannot be reached");
            out.put("version", version);
            out.put("neo4j", neo4j);
            ctx.status(503).json(out).contentType(Problems.CONTENT_TYPE);
        }
    }
}
