package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.observability.Alerts;

import static io.pedigree.api.RequestRules.params;

/** Alerts raised by production thresholds: list with filters, read, acknowledge, resolve. */
final class AlertRoutes {

    record AcknowledgeBody(String comment) {
    }

    record ResolveBody(String resolution) {
    }

    private final Alerts alerts;
    private final JsonBody body;
    private final Consistency consistency;

    AlertRoutes(Alerts alerts, JsonBody body, Consistency consistency) {
        this.alerts = alerts;
        this.body = body;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        r.get("/api/v1/alerts", c.wrap(ctx -> ctx.json(alerts.list(Params.optional(ctx, "status"),
                Params.optional(ctx, "deployment"), Params.optional(ctx, "model"), Params.optional(ctx, "severity"),
                Params.bounded(ctx, "limit", 100, 1, 1000)))), Access.READER,
                params("status", "deployment", "model", "severity", "limit"));
        r.get("/api/v1/alerts/{id}", c.wrap(ctx -> ctx.json(alerts.get(ctx.pathParam("id")))), Access.READER);
        r.post("/api/v1/alerts/{id}/acknowledge", c.wrap(this::acknowledge), Access.WRITER);
        r.post("/api/v1/alerts/{id}/resolve", c.wrap(this::resolve), Access.WRITER);
    }

    private void acknowledge(Context ctx) throws Exception {
        AcknowledgeBody b = body.read(ctx, AcknowledgeBody.class);
        var alert = alerts.acknowledge(ctx.pathParam("id"), b.comment(), Access.principal(ctx).name());
        consistency.bookmark(ctx);
        ctx.json(alert);
    }

    private void resolve(Context ctx) throws Exception {
        ResolveBody b = body.read(ctx, ResolveBody.class);
        var alert = alerts.resolve(ctx.pathParam("id"), b.resolution(), Access.principal(ctx).name());
        consistency.bookmark(ctx);
        ctx.json(alert);
    }
}
