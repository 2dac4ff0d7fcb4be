package io.pedigree.observability;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Rollback;
import io.pedigree.governance.RollbackPlan;
import io.pedigree.governance.Rollbacks;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.registry.Monitoring;
import io.pedigree.registry.Registry;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts from production thresholds: as measurements are recorded, each threshold of the serving model's policy
 * is checked against the run of crossing measurements so far; a run that spans the threshold's duration raises one
 * alert per deployment and rule, a node in the graph that {@code CONCERNS} the deployment and the version. When the
 * policy allows it, the alert then rolls the deployment back through the governed rollback and records the result.
 */
public final class Alerts {

    /** The actor alerts and automatic rollbacks are recorded under in the audit log. */
    public static final String ACTOR = "pedigree-alerts";
    /** The crossing measurements of one batch kept on an alert, newest last. */
    static final int MEASUREMENTS_KEPT = 50;
    static final Set<String> STATUSES = Set.of("open", "acknowledged", "resolved");

    private static final String WATCH = """
            MERGE (w:AlertWatch {deployment: $deployment, rule: $rule, metric: $metric})
            SET w._lock = true
            REMOVE w._lock
            RETURN w {.*} AS w
            """;

    private static final String SAVE_WATCH = """
            MATCH (w:AlertWatch {deployment: $deployment, rule: $rule, metric: $metric})
            SET w += $state
            """;

    private static final String GUARD = """
            MERGE (g:AlertGuard {deployment: $deployment, rule: $rule})
            SET g._lock = true
            REMOVE g._lock
            RETURN g.open AS open
            """;

    private static final String OPEN_GUARD = """
            MATCH (g:AlertGuard {deployment: $deployment, rule: $rule})
            SET g.open = $key
            """;

    private static final String CLEAR_GUARD = """
            MATCH (g:AlertGuard {deployment: $deployment, rule: $rule}) WHERE g.open = $key
            REMOVE g.open
            """;

    private static final String LIST = """
            MATCH (a:Node:Alert)
            WHERE ($status IS NULL OR a.`p.status` = $status OR ($status = 'unresolved' AND a.`p.status` <> 'resolved'))
              AND ($deployment IS NULL OR a.`p.deployment` = $deployment)
              AND ($model IS NULL OR a.`p.model` = $model)
              AND ($severity IS NULL OR a.`p.severity` = $severity)
            RETURN a.key AS key, a.props AS props
            ORDER BY a.`p.raisedAt` DESC, key
            LIMIT $limit
            """;

    private static final String READ = """
            MATCH (a:Node:Alert {key: $key})
            SET a._lock = true
            REMOVE a._lock
            RETURN a.props AS props
            """;

    /** A measurement the batch attributed to a version of a deployment (its key). */
    record Observed(String deployment, String version, Measurement measurement) {
    }

    private record WatchKey(String deployment, String rule, String metric) {
    }

    private record Watched(Monitoring.Threshold threshold, boolean autoRollback, List<Observed> observed) {
    }

    private final Database db;
    private final Registry registry;
    private final Rollbacks rollbacks;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Alerts(Database db, Registry registry, Rollbacks rollbacks, GraphWriter writer, AuditLog audit,
                  Limits limits, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.rollbacks = rollbacks;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Checks a batch's measurements against the thresholds of the models their versions belong to, in the batch's
     * transaction, and raises the alerts that are due. Answers the alerts whose policy asks for an automatic
     * rollback, to be run by {@link #act} once the batch is committed.
     */
    List<Alert> evaluate(TransactionContext tx, List<Observed> observed) {
        if (observed.isEmpty()) {
            return List.of();
        }
        Map<String, Monitoring> monitoring = registry.monitoring(tx, observed.stream().map(Observed::version)
                .distinct().toList());
        if (monitoring.values().stream().allMatch(m -> m.thresholds().isEmpty())) {
            return List.of();
        }
        Map<WatchKey, Watched> watched = new LinkedHashMap<>();
        for (Observed o : observed) {
            Monitoring m = monitoring.get(o.version());
            if (m == null) {
                continue;
            }
            for (Monitoring.Threshold t : m.thresholds()) {
                if (t.watches(o.measurement().metric())) {
                    watched.computeIfAbsent(new WatchKey(o.deployment(), t.rule(), o.measurement().metric()),
                            k -> new Watched(t, m.autoRollback(), new ArrayList<>())).observed().add(o);
                }
            }
        }
        List<Alert> toAct = new ArrayList<>();
        for (Map.Entry<WatchKey, Watched> e : watched.entrySet()) {
            Alert raised = watch(tx, e.getKey(), e.getValue());
            if (raised != null && e.getValue().autoRollback()) {
                toAct.add(raised);
            }
        }
        return toAct;
    }

    /** Runs the automatic rollbacks of alerts just raised, each recorded on its alert and audited. */
    void act(List<Alert> raised) {
        for (Alert alert : raised) {
            String reason = "alert " + alert.key() + ": " + alert.metric() + " crossed " + alert.rule() + " from "
                    + alert.from() + " to " + alert.to();
            String outcome;
            String detail;
            Map<String, Object> details = new LinkedHashMap<>();
            try {
                Rollback done = rollbacks.rollback(alert.deployment(), null, reason, ACTOR);
                outcome = "done";
                detail = "rolled back from " + done.from() + " to " + done.to() + " (audit event " + done.auditEvent()
                        + ")";
                details.put("from", done.from());
                details.put("to", done.to());
                details.put("auditEvent", done.auditEvent());
            } catch (PedigreeException e) {
                // The governed path refused (no safe version, gates unmet): the alert says so; a person decides.
                outcome = "refused";
                detail = e.getMessage();
            }
            String result = outcome;
            String text = detail;
            db.write(tx -> {
                NodeKey key = NodeKey.parse("key", alert.key());
                Map<String, Object> props = new LinkedHashMap<>(props(tx, key, true));
                String before = Digest.of(props);
                props.put("autoRollback", result);
                props.put("autoRollbackDetail", text);
                save(tx, key, props, ACTOR);
                audit.append(tx, ACTOR, new AuditEntry(result.equals("done") ? "alert.autorollback"
                        : "alert.autorollback.refused", key.toString(),
                        List.of(Deployments.key("deployment", alert.deployment()).toString()), before,
                        Digest.of(props), text, details));
                return null;
            });
        }
    }

    /** Marks an alert acknowledged; acknowledging twice or after resolution is a conflict. */
    public Alert acknowledge(String id, String comment, String actor) {
        return change(id, "acknowledged", comment, actor);
    }

    /** Resolves an alert, saying what resolved it; the deployment and rule may then alert again. */
    public Alert resolve(String id, String resolution, String actor) {
        if (resolution == null || resolution.isBlank()) {
            throw new InvalidInput("resolution", "resolution says what was done about it");
        }
        return change(id, "resolved", resolution, actor);
    }

    public Alert get(String id) {
        NodeKey key = key(id);
        return db.read(tx -> AlertProps.alert(key.toString(), props(tx, key, false)));
    }

    /**
     * Alerts newest first, filtered by any of status ({@code unresolved}: open or acknowledged), deployment, model
     * and severity; at most {@code limit}.
     */
    public List<Alert> list(String status, String deploymentName, String model, String severity, int limit) {
        if (status != null && !STATUSES.contains(status) && !status.equals("unresolved")) {
            throw new InvalidInput("status", "status is open, acknowledged, resolved or unresolved");
        }
        if (severity != null && !IncidentInput.SEVERITIES.contains(severity)) {
            throw new InvalidInput("severity", "severity is critical, high, medium or low");
        }
        if (deploymentName != null) {
            Deployments.key("deployment", deploymentName);
        }
        Map<String, Object> p = new HashMap<>();
        p.put("status", status);
        p.put("deployment", deploymentName);
        p.put("model", model);
        p.put("severity", severity);
        p.put("limit", limit);
        return db.read(tx -> tx.run(LIST, p).list(r -> AlertProps.alert(r.get("key").asString(),
                Properties.fromJson(r.get("props").asString(null)).values())));
    }

    private Alert watch(TransactionContext tx, WatchKey k, Watched w) {
        Map<String, Object> id = Map.of("deployment", k.deployment(), "rule", k.rule(), "metric", k.metric());
        AlertWatch state = AlertWatch.of(tx.run(WATCH, id).single().get("w").asMap());
        List<Observed> sorted = new ArrayList<>(w.observed());
        sorted.sort(Comparator.comparing(o -> o.measurement().start()));
        List<Observed> crossing = new ArrayList<>();
        for (Observed o : sorted) {
            Measurement m = o.measurement();
            boolean crossed = w.threshold().crossedBy(m.value());
            state.add(m.start().toEpochMilli(), m.end().toEpochMilli(), m.value(), crossed);
            if (crossed) {
                crossing.add(o);
            }
        }
        Alert raised = null;
        if (state.due(w.threshold().window().toMillis())) {
            Map<String, Object> guard = Map.of("deployment", k.deployment(), "rule", k.rule());
            String open = tx.run(GUARD, guard).single().get("open").asString(null);
            if (open == null) {
                raised = raise(tx, k, w, state, crossing);
            }
            // Measurements that crossed while an alert was open belong to it; they do not alert again later.
            state.alertedTo = state.runTo;
        }
        Map<String, Object> save = new HashMap<>(id);
        save.put("state", state.stored());
        tx.run(SAVE_WATCH, save).consume();
        return raised;
    }

    private Alert raise(TransactionContext tx, WatchKey k, Watched w, AlertWatch state, List<Observed> crossing) {
        Instant now = clock.instant();
        NodeKey deployment = NodeKey.parse("deployment", k.deployment());
        Instant from = Instant.ofEpochMilli(state.runFrom);
        String version = crossing.stream().filter(o -> !o.measurement().start().isAfter(from)).findFirst()
                .map(Observed::version).orElse(crossing.isEmpty() ? null : crossing.get(0).version());
        RollbackPlan plan = rollbacks.plan(tx, deployment.name());
        NodeKey key = NodeKey.of(Kind.ALERT, "alt-" + UUID.randomUUID().toString().substring(0, 13));
        Monitoring.Threshold t = w.threshold();
        Map<String, Object> props = AlertProps.raised(deployment.name(), version, t, k.metric(), now, state,
                crossing.subList(Math.max(0, crossing.size() - MEASUREMENTS_KEPT), crossing.size()), plan,
                w.autoRollback());
        List<RelationInput> relations = new ArrayList<>();
        relations.add(new RelationInput(key, RelationType.CONCERNS, deployment, from, null, Properties.EMPTY));
        List<String> targets = new ArrayList<>(List.of(deployment.toString()));
        if (version != null) {
            relations.add(new RelationInput(key, RelationType.CONCERNS, NodeKey.parse("version", version), from,
                    null, Properties.EMPTY));
            targets.add(version);
        }
        writer.writeIn(tx, new Batch(List.of(new NodeInput(key, Properties.of("", props, limits), null, from)),
                relations), ACTOR, i -> "");
        tx.run(OPEN_GUARD, Map.of("deployment", k.deployment(), "rule", k.rule(), "key", key.toString()))
                .consume();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", t.rule());
        details.put("metric", k.metric());
        details.put("severity", t.severity());
        details.put("from", from.toString());
        details.put("to", Instant.ofEpochMilli(state.runTo).toString());
        details.put("mean", state.mean());
        details.put("rollbackTarget", plan.target());
        audit.append(tx, ACTOR, new AuditEntry("alert.raise", key.toString(), targets, null, Digest.of(props),
                k.metric() + " crossed " + t.rule(), details));
        return AlertProps.alert(key.toString(), props);
    }

    private Alert change(String id, String to, String text, String actor) {
        NodeKey key = key(id);
        return db.write(tx -> {
            Map<String, Object> props = new LinkedHashMap<>(props(tx, key, true));
            String before = Digest.of(props);
            Triage.move(key.toString(), props, to, text, actor, clock.instant());
            if (to.equals("resolved")) {
                NodeKey deployment = Deployments.key("deployment", String.valueOf(props.get("deployment")));
                tx.run(CLEAR_GUARD, Map.of("deployment", deployment.toString(), "rule", props.get("rule"),
                        "key", key.toString())).consume();
            }
            save(tx, key, props, actor);
            audit.append(tx, actor, new AuditEntry(to.equals("resolved") ? "alert.resolve" : "alert.acknowledge",
                    key.toString(), List.of(), before, Digest.of(props), text, Map.of("status", to)));
            return AlertProps.alert(key.toString(), props);
        });
    }

    private void save(TransactionContext tx, NodeKey key, Map<String, Object> props, String actor) {
        writer.writeIn(tx, new Batch(List.of(new NodeInput(key, Properties.of("", props, limits), null, null)),
                List.of()), actor, i -> "");
    }

    private static Map<String, Object> props(TransactionContext tx, NodeKey key, boolean lock) {
        var rows = tx.run(lock ? READ : "MATCH (a:Node:Alert {key: $key}) RETURN a.props AS props",
                Map.of("key", key.toString())).list();
        if (rows.isEmpty()) {
            throw new NotFound("id", "No alert " + key.name());
        }
        return Properties.fromJson(rows.get(0).get("props").asString(null)).values();
    }

    private static NodeKey key(String id) {
        if (id == null || !id.matches("alt-[0-9a-f\\-]{1,40}")) {
            throw new NotFound("id", "No alert " + id);
        }
        return NodeKey.of(Kind.ALERT, id);
    }
}
