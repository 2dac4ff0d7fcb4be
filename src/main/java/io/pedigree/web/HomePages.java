package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Quarantines;
import io.pedigree.lineage.Environments;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.NodeQuery;
import io.pedigree.lineage.NodeReader;
import io.pedigree.lineage.NodeSummary;
import io.pedigree.lineage.Page;
import io.pedigree.openlineage.OpenLineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The home page (search, recent activity, production at a glance, quarantines) and search results. */
final class HomePages {

    static final int RECENT_EVENTS = 15;
    static final int RECENT_FAILURES = 10;
    static final int PRODUCERS_SHOWN = 20;
    static final int DEPLOYMENTS_SHOWN = 50;
    static final int ALERTS_SHOWN = 20;
    static final int RESULTS_PER_PAGE = 50;
    private static final int MAX_QUERY = 200;

    /** An audit event as the home page lists it; {@code link} is its target's node page, if it is a node. */
    public record Activity(AuditEvent event, String link) {
    }

    /** A production deployment and the version it serves now (null: nothing). */
    public record Serving(String name, String key, String environment, String endpoint, String serving) {
    }

    private final NodeReader nodes;
    private final Deployments deployments;
    private final Quarantines quarantines;
    private final AuditLog audit;
    private final Supplier<Map<String, Object>> status;
    private final OpenLineage openLineage;
    private final io.pedigree.observability.Alerts alerts;

    HomePages(NodeReader nodes, Deployments deployments, Quarantines quarantines, AuditLog audit,
              Supplier<Map<String, Object>> status, OpenLineage openLineage, io.pedigree.observability.Alerts alerts) {
        this.alerts = alerts;
        this.nodes = nodes;
        this.deployments = deployments;
        this.quarantines = quarantines;
        this.audit = audit;
        this.status = status;
        this.openLineage = openLineage;
    }

    void register(JavalinConfig config) {
        config.routes.get("/", this::home, PageRole.READER);
        config.routes.get("/search", this::search, PageRole.READER);
    }

    private void home(Context ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "home");
        model.put("kinds", Kind.values());
        model.put("production", production());
        model.put("quarantines", quarantines.list(true, null));
        model.put("alerts", alerts.list("unresolved", null, null, null, ALERTS_SHOWN));
        model.put("activity", audit.latest(RECENT_EVENTS).stream().map(e -> new Activity(e, nodeLink(e.target())))
                .toList());
        model.put("status", status.get());
        model.put("failedRuns", openLineage.recentFailures(RECENT_FAILURES));
        model.put("producers", openLineage.producers(PRODUCERS_SHOWN));
        ctx.render("home", model);
    }

    private void search(Context ctx) {
        String q = blankToNull(ctx.queryParam("q"));
        if (q != null && q.length() > MAX_QUERY) {
            throw new InvalidInput("q", "A search is at most " + MAX_QUERY + " characters long");
        }
        String kindParam = blankToNull(ctx.queryParam("kind"));
        Kind kind = kindParam == null ? null : Kind.parse("kind", kindParam);
        String after = blankToNull(ctx.queryParam("after"));
        // "dataset:trans" searches keys from their start; anything else searches names.
        boolean byKey = q != null && looksLikeKey(q);
        Page<NodeSummary> page = nodes.list(new NodeQuery(kind, byKey ? null : q, byKey ? q : null, null, null, null,
                after, RESULTS_PER_PAGE));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "search");
        model.put("kinds", Kind.values());
        model.put("q", q);
        model.put("kind", kind == null ? null : kind.id());
        model.put("byKey", byKey);
        model.put("results", page.items());
        model.put("next", page.nextCursor());
        model.put("continued", after != null);
        ctx.render("search", model);
    }

    private List<Serving> production() {
        Page<NodeSummary> all = nodes.list(new NodeQuery(Kind.DEPLOYMENT, null, null, null, null, null, null,
                DEPLOYMENTS_SHOWN));
        List<Serving> out = new ArrayList<>();
        for (NodeSummary d : all.items()) {
            Object environment = d.properties().get("environment");
            if (!Environments.isProduction(environment)) {
                continue;
            }
            var now = deployments.get(d.name(), null);
            Object endpoint = d.properties().get("endpoint");
            out.add(new Serving(d.name(), d.key(), environment.toString(), endpoint == null ? null : endpoint.toString(),
                    now.serving()));
        }
        return out;
    }

    private static boolean looksLikeKey(String q) {
        int colon = q.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        try {
            Kind.parse("q", q.substring(0, colon));
            return true;
        } catch (InvalidInput e) {
            return false;
        }
    }

    /** The node page of {@code target} when it names a node; audit targets also name tokens and the like. */
    static String nodeLink(String target) {
        if (target == null) {
            return null;
        }
        try {
            NodeKey.parse("target", target);
            return target;
        } catch (PedigreeException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
