package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.Environments;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Deployments and what they serve. A deployment serves one version at a time; each period is a {@code SERVES}
 * relation with its validity interval, so the full history stays in the lineage graph and "what served at 14:00
 * on 3 October" has an answer.
 */
public final class Deployments {

    private static final String OLDER = "older than the version chosen";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");

    private static final String READ = """
            MATCH (d:Node:Deployment {key: $key})
            OPTIONAL MATCH (d)-[r:SERVES]->(v:Node)
            WHERE r.validFrom <= $at AND (r.validTo IS NULL OR r.validTo > $at)
            RETURN d.props AS props, collect(v.key) AS serving
            """;

    private static final String LOCK = """
            MATCH (d:Node:Deployment {key: $key})
            SET d._lock = true
            REMOVE d._lock
            RETURN d.`p.environment` AS environment
            """;

    private static final String EXISTS = """
            MATCH (d:Node:Deployment {key: $key})
            RETURN d.key AS key
            """;

    // Marks the period a rollback ended, so later plans do not offer the version it rolled back from.
    private static final String MARK_ROLLED_BACK = """
            MATCH (:Node:Deployment {key: $key})-[r:SERVES]->(:Node {key: $version})
            WHERE r.validTo IS NOT NULL
            WITH r ORDER BY r.validTo DESC LIMIT 1
            SET r.rolledBack = $reason
            """;

    private static final String HISTORY = """
            MATCH (:Node:Deployment {key: $key})-[r:SERVES]->(v:Node)
            RETURN v.key AS version, r.validFrom AS validFrom, r.validTo AS validTo, r.recordedBy AS by,
                   r.closedBy AS closedBy, r.rolledBack AS rolledBack
            ORDER BY r.validFrom DESC
            """;

    private static final String SERVED_BY = """
            MATCH (d:Node:Deployment)-[r:SERVES]->(:Node {key: $key})
            WHERE r.validTo IS NULL
            RETURN d.key AS key, d.`p.environment` AS environment
            ORDER BY key
            """;

    private final Database db;
    private final Registry registry;
    private final Gates gates;
    private final Quarantines quarantines;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Deployments(Database db, Registry registry, Gates gates, Quarantines quarantines, GraphWriter writer,
                       AuditLog audit, Limits limits, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.gates = gates;
        this.quarantines = quarantines;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    public static NodeKey key(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInput(field, "A deployment name is 1 to 128 letters, digits, '.', '_' or '-'");
        }
        return NodeKey.of(Kind.DEPLOYMENT, name);
    }

    /** Records a deployment or changes its environment, endpoint, description and owner. */
    public Map<String, Object> save(String name, String environment, String endpoint, String description,
                                    NodeKey owner, String actor) {
        NodeKey key = key("name", name);
        if (environment == null || !environment.matches("[a-z][a-z0-9\\-]{0,31}")) {
            throw new InvalidInput("environment", "environment is a lowercase word like production or staging");
        }
        if (owner != null && owner.kind() != Kind.PERSON) {
            throw new InvalidInput("owner", "owner names a person, like person:ana");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("environment", environment);
        if (endpoint != null) {
            props.put("endpoint", endpoint);
        }
        if (description != null) {
            props.put("description", description);
        }
        Properties p = Properties.of("", props, limits);
        db.write(tx -> {
            var summary = writer.writeIn(tx, new Batch(List.of(new NodeInput(key, p, owner, null)), List.of()),
                    actor, i -> "");
            if (summary.nodes().created() + summary.nodes().updated() > 0 || owner != null) {
                audit.append(tx, actor, new AuditEntry("deployment.save", key.toString(), List.of(), null,
                        Digest.of(props), null, Map.of("environment", environment)));
            }
            return null;
        });
        return get(name, null);
    }

    /** A deployment with what it served at {@code at} (default now). */
    public Map<String, Object> get(String name, Instant at) {
        NodeKey key = key("name", name);
        ZonedDateTime when = (at == null ? clock.instant() : at).atZone(ZoneOffset.UTC);
        return db.read(tx -> {
            List<Record> rows = tx.run(READ, Map.of("key", key.toString(), "at", when)).list();
            if (rows.isEmpty()) {
                throw new NotFound("name", "No deployment named " + name);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("key", key.toString());
            out.put("name", name);
            out.putAll(Properties.fromJson(rows.get(0).get("props").asString(null)).values());
            List<String> serving = rows.get(0).get("serving").asList(Value::asString);
            out.put("asOf", when.toInstant().toString());
            out.put("serving", serving.isEmpty() ? null : serving.get(0));
            return out;
        });
    }

    /** Every period of service, newest first. */
    public List<Map<String, Object>> history(String name) {
        NodeKey key = key("name", name);
        get(name, null);
        return db.read(tx -> tx.run(HISTORY, Map.of("key", key.toString())).list(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", r.get("version").asString());
            m.put("validFrom", instant(r.get("validFrom")));
            m.put("validTo", instant(r.get("validTo")));
            m.put("recordedBy", r.get("by").asString(null));
            m.put("closedBy", r.get("closedBy").asString(null));
            return m;
        }));
    }

    /** Points a deployment at a version, checked as a rollback would be; the reason is required. */
    public Map<String, Object> serve(String name, NodeKey versionKey, String reason, String actor) {
        requireReason(reason);
        registeredVersion("version", versionKey);
        db.write(tx -> {
            requireDeployment(tx, name);
            String environment = lock(tx, "name", name);
            // Read again under the deployment's lock: the stage may have changed since.
            ModelVersion version = registry.readVersion(tx, versionKey).orElseThrow(() -> new InvalidInput("version",
                    versionKey + " is not a registered model version"));
            if (version.stage() == Stage.ARCHIVED) {
                throw new Conflict(version.key() + " is archived and cannot serve", List.of());
            }
            if (Environments.isProduction(environment) && version.stage() != Stage.PRODUCTION) {
                throw new Conflict(name + " is a production deployment; " + version.key() + " is in "
                        + version.stage().id() + ". Promote it first (or roll back, which checks its gates)",
                        List.of());
            }
            List<Taint> taint = quarantines.taint(tx, version.key());
            if (!taint.isEmpty()) {
                throw new Conflict(version.key() + " has a quarantined asset upstream: " + taint.get(0).asset(),
                        List.of());
            }
            AuditEntry event = switchTo(tx, "name", name, version, reason, actor);
            audit.append(tx, actor, event);
            return null;
        });
        return get(name, null);
    }

    /** The rollback plan for a deployment now. */
    public RollbackPlan plan(String name) {
        return db.read(tx -> plan(tx, name));
    }

    /**
     * Rolls a deployment back to its plan's version, or to {@code target} after the same checks: the deployment
     * switches, the old period closes, the target becomes the model's production version, and it is audited.
     */
    public RollbackPlan rollback(String name, NodeKey target, String reason, String actor) {
        requireReason(reason);
        StageChanges stages = new StageChanges(clock);
        return db.write(tx -> {
            requireDeployment(tx, name);
            lock(tx, "name", name);
            RollbackPlan plan = plan(tx, name);
            if (plan.current() == null) {
                throw new Conflict(name + " serves nothing now; there is nothing to roll back", List.of());
            }
            String chosen = target == null ? plan.target() : target.toString();
            if (chosen == null) {
                throw new Conflict("No safe version to roll " + name + " back to: " + plan.explanation(), List.of(),
                        plan.candidates().stream().map(c -> Map.<String, Object>of("gate", c.version(),
                                "detail", String.join("; ", c.reasons()))).toList());
            }
            if (chosen.equals(plan.current())) {
                throw new InvalidInput("version", chosen + " is what " + name + " serves now");
            }
            ModelVersion version = registry.readVersion(tx, NodeKey.parse("version", chosen)).orElseThrow(() ->
                    new InvalidInput("version", chosen + " is not a registered model version"));
            // Going back means to something that served here before; anything else is a deployment, not a rollback.
            if (plan.candidates().stream().noneMatch(c -> c.version().equals(chosen))) {
                throw new Conflict(chosen + " did not serve " + name + " before " + plan.current()
                        + ", so it is no rollback target; promote it to production naming the deployment instead",
                        List.of());
            }
            List<String> reasons = reasonsAgainst(tx, version);
            if (!reasons.isEmpty()) {
                throw new Conflict(chosen + " is not safe to roll back to", List.of(), reasons.stream()
                        .map(r -> Map.<String, Object>of("gate", chosen, "detail", r)).toList());
            }
            ModelName model = new ModelName(version.model());
            registry.lock(tx, model);
            List<AuditEntry> events = new ArrayList<>();
            String why = "rollback of " + name + ": " + reason;
            if (version.stage() != Stage.PRODUCTION) {
                Integer production = registry.requireModel(tx, model).productionVersion();
                if (production != null) {
                    events.add(stages.set(tx, registry.requireVersion(tx, "version", model, production),
                            Stage.STAGING, why, false, List.of(), actor));
                }
                events.add(stages.set(tx, version, Stage.PRODUCTION, why, false, List.of(), actor));
            }
            AuditEntry serve = switchTo(tx, "name", name, version, reason, actor);
            tx.run(MARK_ROLLED_BACK, Map.of("key", key("name", name).toString(), "version", plan.current(),
                    "reason", reason)).consume();
            Map<String, Object> details = new LinkedHashMap<>(serve.details());
            details.put("skipped", plan.candidates().stream().filter(c -> !c.chosen() && !c.reasons().contains(OLDER))
                    .map(c -> c.version() + ": " + String.join("; ", c.reasons())).toList());
            events.add(new AuditEntry("deployment.rollback", serve.target(), serve.targets(), serve.before(),
                    serve.after(), reason, details));
            events.forEach(e -> audit.append(tx, actor, e));
            return new RollbackPlan(plan.deployment(), chosen, null, true, "rolled back from " + plan.current()
                    + " to " + chosen, plan.candidates());
        });
    }

    /**
     * Switches what a deployment serves inside the caller's transaction: the open period closes now and a new one
     * opens at the same instant. Answers the audit event, for the caller to append last.
     */
    AuditEntry switchTo(TransactionContext tx, String field, String name, ModelVersion version, String reason,
                        String actor) {
        NodeKey key = key(field, name);
        lock(tx, field, name);
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        NodeKey versionKey = NodeKey.parse("version", version.key());
        List<String> before = writer.closeOpenIn(tx, key, RelationType.SERVES, now, actor);
        writer.writeIn(tx, new Batch(List.of(), List.of(new RelationInput(key, RelationType.SERVES, versionKey,
                now.toInstant(), null, Properties.EMPTY))), actor, i -> field + ".");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", before.isEmpty() ? null : before.get(0));
        details.put("to", version.key());
        List<String> targets = new ArrayList<>(before);
        targets.add(version.key());
        return new AuditEntry("deployment.serve", key.toString(), targets,
                Digest.of(before.isEmpty() ? null : Map.of("serves", before.get(0))),
                Digest.of(Map.of("serves", version.key())), reason, nonNull(details));
    }

    /** The names of the production deployments serving {@code versionKey} now. */
    List<String> productionServing(TransactionContext tx, String versionKey) {
        List<String> out = new ArrayList<>();
        for (Record r : tx.run(SERVED_BY, Map.of("key", versionKey)).list()) {
            Value env = r.get("environment");
            if (Environments.isProduction(env.isNull() ? null : env.asObject())) {
                out.add(NodeKey.parse("key", r.get("key").asString()).name());
            }
        }
        return out;
    }

    RollbackPlan plan(TransactionContext tx, String name) {
        NodeKey key = requireDeployment(tx, name);
        Instant now = clock.instant();
        List<Record> periods = tx.run(HISTORY, Map.of("key", key.toString())).list();
        String current = null;
        Instant currentFrom = null;
        for (Record r : periods) {
            Instant to = instant(r.get("validTo"));
            Instant from = instant(r.get("validFrom"));
            if (!from.isAfter(now) && (to == null || to.isAfter(now))) {
                current = r.get("version").asString();
                currentFrom = from;
                break;
            }
        }
        List<RollbackPlan.Candidate> candidates = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String target = null;
        for (Record r : periods) {
            String v = r.get("version").asString();
            Instant from = instant(r.get("validFrom"));
            Instant to = instant(r.get("validTo"));
            if (v.equals(current) || seen.contains(v) || to == null || (currentFrom != null
                    && from.isAfter(currentFrom))) {
                continue;
            }
            seen.add(v);
            if (target != null) {
                candidates.add(new RollbackPlan.Candidate(v, from, to, false, List.of(OLDER)));
                continue;
            }
            Optional<ModelVersion> version = registry.readVersion(tx, NodeKey.parse("version", v));
            List<String> reasons = new ArrayList<>(version.isEmpty() ? List.of("not a registered model version")
                    : reasonsAgainst(tx, version.get()));
            if (!r.get("rolledBack").isNull()) {
                // A version someone rolled back from is not where to go back to, even when its gates pass.
                reasons.add(0, "rolled back from at " + to + ": " + r.get("rolledBack").asString());
            }
            boolean chosen = reasons.isEmpty();
            if (chosen) {
                target = v;
            }
            candidates.add(new RollbackPlan.Candidate(v, from, to, chosen, reasons));
        }
        String explanation;
        if (current == null) {
            explanation = name + " serves nothing now";
        } else if (target != null) {
            long skipped = candidates.stream().takeWhile(c -> !c.chosen()).count();
            explanation = "roll back from " + current + " to " + target + ", the last version that served " + name
                    + " before and is safe now" + (skipped == 0 ? "" : "; " + skipped + " newer one(s) skipped");
        } else if (candidates.isEmpty()) {
            explanation = "nothing served " + name + " before " + current;
        } else {
            explanation = "none of the " + candidates.size() + " version(s) that served " + name
                    + " before is safe now";
        }
        return new RollbackPlan(key.toString(), current, target, target != null, explanation, candidates);
    }

    /** Why a version may not serve production now: archived, tainted, or failing its production gates. */
    private List<String> reasonsAgainst(TransactionContext tx, ModelVersion version) {
        List<String> reasons = new ArrayList<>();
        if (version.stage() == Stage.ARCHIVED) {
            reasons.add("archived");
        }
        var model = registry.requireModel(tx, new ModelName(version.model()));
        GateReport report = gates.check(tx, model, version, Stage.PRODUCTION, Gates.Mode.ROLLBACK);
        for (Gate g : report.unmet()) {
            reasons.add(g.gate().equals("quarantine") ? "tainted: " + g.detail() : g.gate() + ": " + g.detail());
        }
        return reasons;
    }

    /** The key of the deployment named in a request's path; 404 when there is none. */
    private static NodeKey requireDeployment(TransactionContext tx, String name) {
        NodeKey key = key("name", name);
        if (tx.run(EXISTS, Map.of("key", key.toString())).list().isEmpty()) {
            throw new NotFound("name", "No deployment named " + name);
        }
        return key;
    }

    private ModelVersion registeredVersion(String field, NodeKey key) {
        if (key.kind() != Kind.MODEL || !key.isVersion()) {
            throw new InvalidInput(field, field + " names a model version, like model:fraud-detector@3");
        }
        return db.read(tx -> registry.readVersion(tx, key)).orElseThrow(() -> new InvalidInput(field,
                key + " is not a registered model version"));
    }

    private String lock(TransactionContext tx, String field, String name) {
        NodeKey key = key(field, name);
        List<Record> rows = tx.run(LOCK, Map.of("key", key.toString())).list();
        if (rows.isEmpty()) {
            throw new InvalidInput(field, "No deployment named " + name + "; record it first");
        }
        return rows.get(0).get("environment").isNull() ? null : String.valueOf(rows.get(0).get("environment")
                .asObject());
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required");
        }
    }

    private static Map<String, Object> nonNull(Map<String, Object> m) {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
