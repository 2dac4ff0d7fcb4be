package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.observability.Changes;
import io.pedigree.observability.IncidentInput;
import io.pedigree.observability.Incidents;

import java.util.List;

import static io.pedigree.api.RequestRules.params;

/** Incidents on deployments: open, acknowledge, resolve, list with filters, and what changed before one. */
final class IncidentRoutes {

    record OpenBody(String severity, String title, String description, List<String> links, String start) {
    }

    record AcknowledgeBody(String comment) {
    }

    record ResolveBody(String resolution) {
    }

    private final Incidents incidents;
    private final Changes changes;
    private final JsonBody body;
    private final Consistency consistency;

    IncidentRoutes(Incidents incidents, Changes changes, JsonBody body, Consistency consistency) {
        this.incidents = incidents;
        this.changes = changes;
        this.body = body;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        r.post("/api/v1/deployments/{name}/incidents", c.wrap(this::open), Access.WRITER);
        r.get("/api/v1/incidents", c.wrap(ctx -> ctx.json(incidents.list(Params.optional(ctx, "status"),
                Params.optional(ctx, "deployment"), Params.optional(ctx, "severity"),
                Params.optional(ctx, "version"), Params.optional(ctx, "model"),
                Params.bounded(ctx, "limit", 100, 1, 1000)))), Access.READER,
                params("status", "deployment", "severity", "version", "model", "limit"));
        r.get("/api/v1/incidents/{id}", c.wrap(ctx -> ctx.json(incidents.get(ctx.pathParam("id")))), Access.READER);
        r.get("/api/v1/incidents/{id}/changes", c.wrap(ctx -> ctx.json(changes.of(ctx.pathParam("id")))),
                Access.READER);
        r.post("/api/v1/incidents/{id}/acknowledge", c.wrap(this::acknowledge), Access.WRITER);
        r.post("/api/v1/incidents/{id}/resolve", c.wrap(this::resolve), Access.WRITER);
    }

    private void open(Context ctx) throws Exception {
        OpenBody b = body.read(ctx, OpenBody.class);
        var incident = incidents.open(ctx.pathParam("name"), new IncidentInput(b.severity(), b.title(),
                b.description(), b.links(), b.start() == null ? null : Params.instant("start", b.start())),
                Access.principal(ctx).name());
        consistency.bookmark(ctx);
        ctx.status(201).json(incident);
    }

    private void acknowledge(Context ctx) throws Exception {
        AcknowledgeBody b = body.read(ctx, AcknowledgeBody.class);
        var incident = incidents.acknowledge(ctx.pathParam("id"), b.comment(), Access.principal(ctx).name());
        consistency.bookmark(ctx);
        ctx.json(incident);
    }

    private void resolve(Context ctx) throws Exception {
        ResolveBody b = body.read(ctx, ResolveBody.class);
        var incident = incidents.resolve(ctx.pathParam("id"), b.resolution(), Access.principal(ctx).name());
        consistency.bookmark(ctx);
        ctx.json(incident);
    }
}
