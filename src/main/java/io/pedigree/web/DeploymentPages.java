package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pedigree.auth.Role;
import io.pedigree.governance.Deployment;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Rollback;
import io.pedigree.governance.Rollbacks;
import io.pedigree.governance.ServingPeriod;
import io.pedigree.governance.RollbackPlan;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.NodeQuery;
import io.pedigree.lineage.NodeReader;
import io.pedigree.lineage.NodeSummary;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deployments: what each serves, the timeline of what served when, the rollback plan and the rollback form. */
final class DeploymentPages {

    static final int DEPLOYMENTS_SHOWN = 200;
    static final int MAX_REASON = 1000;

    /** A deployment in the list, with what it serves now (null: nothing). */
    public record Listed(String name, String environment, String endpoint, String serving) {
    }

    private final NodeReader nodes;
    private final Deployments deployments;
    private final Rollbacks rollbacks;
    private final ProductionCharts production;

    DeploymentPages(NodeReader nodes, Deployments deployments, Rollbacks rollbacks, ProductionCharts production) {
        this.rollbacks = rollbacks;
        this.production = production;
        this.nodes = nodes;
        this.deployments = deployments;
    }

    void register(JavalinConfig config) {
        config.routes.get("/deployments", this::list, PageRole.READER);
        config.routes.get("/deployment", this::deployment, PageRole.READER);
        config.routes.post("/deployment/rollback", this::rollback, PageRole.WRITER);
    }

    private void list(Context ctx) {
        List<NodeSummary> all = nodes.list(new NodeQuery(Kind.DEPLOYMENT, null, null, null, null, null, null,
                DEPLOYMENTS_SHOWN)).items();
        List<Listed> listed = all.stream().map(d -> new Listed(d.name(), text(d.properties().get("environment")),
                text(d.properties().get("endpoint")), deployments.get(d.name(), null).serving()))
                .toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "deployments");
        model.put("deployments", listed);
        ctx.render("deployments", model);
    }

    private void deployment(Context ctx) {
        String name = ctx.queryParam("name");
        Map<String, Object> model = page(ctx, name);
        // The confirmation after a rollback is shown only while it is still true, so a crafted link cannot claim one.
        String rolledBack = ctx.queryParam("rolledBack");
        if (rolledBack != null && rolledBack.equals(((Deployment) model.get("deployment")).serving())) {
            model.put("confirmation", rolledBack);
        }
        ctx.render("deployment", model);
    }

    private void rollback(Context ctx) {
        String name = ctx.formParam("name");
        String version = blankToNull(ctx.formParam("version"));
        String reason = blankToNull(ctx.formParam("reason"));
        Deployments.key("name", name);
        if (reason == null || reason.length() > MAX_REASON) {
            Map<String, Object> model = page(ctx, name);
            model.put("errorField", "reason");
            model.put("error", reason == null ? "A reason is required: say why this deployment is rolled back."
                    : "A reason is at most " + MAX_REASON + " characters long.");
            model.put("chosenVersion", version);
            model.put("reason", reason);
            ctx.status(HttpStatus.BAD_REQUEST);
            ctx.render("deployment", model);
            return;
        }
        NodeKey target = version == null ? null : NodeKey.parse("version", version);
        Rollback done = rollbacks.rollback(name, target, reason, Viewer.of(ctx).actor());
        ctx.redirect("/deployment?name=" + enc(name) + "&rolledBack=" + enc(done.to()), HttpStatus.SEE_OTHER);
    }

    private Map<String, Object> page(Context ctx, String name) {
        Deployment deployment = deployments.get(name, null);
        NodeKey key = Deployments.key("name", name);
        List<ServingPeriod> periods = deployments.history(name);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "deployments");
        model.put("deployment", deployment);
        model.put("owners", nodes.get(key).owners());
        model.put("periods", periods);
        model.put("production", production.of(name, periods));
        model.put("plan", rollbacks.plan(name));
        model.put("mayRollBack", Viewer.of(ctx).can(Role.WRITER));
        return model;
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
