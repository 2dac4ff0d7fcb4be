package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.notify.Webhooks;

import java.util.List;
import java.util.Set;

import static io.pedigree.api.RequestRules.params;

/** Webhook subscriptions (admin only): create, list, delete, each one's delivery log, and redelivery. */
final class WebhookRoutes {

    private static final String BASE = "/api/v1/admin/webhooks";
    private static final Set<String> STATES = Set.of("pending", "retrying", "delivered", "failed", "cancelled");

    record SubscriptionBody(String url, List<String> events, String description) {
    }

    private final Webhooks webhooks;
    private final JsonBody body;
    private final Consistency consistency;

    WebhookRoutes(Webhooks webhooks, JsonBody body, Consistency consistency) {
        this.webhooks = webhooks;
        this.body = body;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        Access.Needs admin = Access.ADMIN;
        r.post(BASE, c.wrap(this::create), admin);
        r.get(BASE, c.wrap(ctx -> ctx.json(webhooks.subscriptions().list(bool(ctx, "all")))), admin, params("all"));
        r.get(BASE + "/{id}", c.wrap(ctx -> ctx.json(webhooks.subscriptions().get(ctx.pathParam("id")))), admin);
        r.delete(BASE + "/{id}", c.wrap(this::delete), admin);
        r.get(BASE + "/{id}/deliveries", c.wrap(this::log), admin, params("status", "limit"));
        r.get(BASE + "/{id}/deliveries/{delivery}", c.wrap(ctx -> ctx.json(webhooks.deliveries()
                .get(ctx.pathParam("id"), ctx.pathParam("delivery")))), admin);
        r.post(BASE + "/{id}/deliveries/{delivery}/redeliver", c.wrap(this::redeliver), admin);
    }

    private void create(Context ctx) throws Exception {
        SubscriptionBody b = body.read(ctx, SubscriptionBody.class);
        var created = webhooks.subscriptions().create(b.url(), b.events(), b.description(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).json(created);
    }

    private void delete(Context ctx) {
        var s = webhooks.subscriptions().delete(ctx.pathParam("id"), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(s);
    }

    private void log(Context ctx) {
        String status = Params.optional(ctx, "status");
        if (status != null && !STATES.contains(status)) {
            throw new InvalidInput("status", "status is one of " + String.join(", ", new java.util.TreeSet<>(STATES)));
        }
        ctx.json(webhooks.deliveries().log(ctx.pathParam("id"), status, Params.bounded(ctx, "limit", 50, 1, 1000)));
    }

    private void redeliver(Context ctx) {
        var d = webhooks.deliveries().redeliver(ctx.pathParam("id"), ctx.pathParam("delivery"), actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).json(d);
    }

    private static boolean bool(Context ctx, String name) {
        String v = Params.optional(ctx, name);
        if (v != null && !v.equals("true") && !v.equals("false")) {
            throw new InvalidInput(name, name + " is true or false");
        }
        return "true".equals(v);
    }

    private static String actor(Context ctx) {
        return Access.principal(ctx).name();
    }
}
