package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.RegisteredModel;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rollback of a deployment: the plan (the last version that served before, is not archived, is not tainted and
 * passes its production gates today, with why each newer one was skipped) and its execution.
 */
public final class Rollbacks {

    private static final String OLDER = "older than the version chosen";

    // Marks the period a rollback ended, so later plans do not offer the version it rolled back from.
    private static final String MARK_ROLLED_BACK = """
            MATCH (:Node:Deployment {key: $key})-[r:SERVES]->(:Node {key: $version})
            WHERE r.validTo IS NOT NULL
            WITH r ORDER BY r.validTo DESC LIMIT 1
            SET r.rolledBack = $reason
            """;

    private final Database db;
    private final Registry registry;
    private final Gates gates;
    private final Quarantines quarantines;
    private final Serving serving;
    private final AuditLog audit;
    private final Clock clock;

    public Rollbacks(Database db, Registry registry, Gates gates, Quarantines quarantines, Serving serving,
                     AuditLog audit, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.gates = gates;
        this.quarantines = quarantines;
        this.serving = serving;
        this.audit = audit;
        this.clock = clock;
    }

    /** The rollback plan for a deployment now. */
    public RollbackPlan plan(String name) {
        return db.read(tx -> plan(tx, name));
    }

    /**
     * Rolls a deployment back to its plan's version, or to {@code target} after the same checks: the deployment
     * switches, the old period closes, the target becomes the model's production version, and it is audited.
     * Answers what was done.
     */
    public Rollback rollback(String name, NodeKey target, String reason, String actor) {
        Serving.requireReason(reason);
        StageChanges stages = new StageChanges(clock);
        return db.write(tx -> {
            Deployments.requireDeployment(tx, name);
            serving.lock(tx, "name", name);
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
            List<String> stageChanges = new ArrayList<>();
            String why = "rollback of " + name + ": " + reason;
            if (version.stage() != Stage.PRODUCTION) {
                Integer production = registry.requireModel(tx, model).productionVersion();
                if (production != null) {
                    ModelVersion old = registry.requireVersion(tx, "version", model, production);
                    events.add(stages.set(tx, old, Stage.STAGING, why, false, List.of(), actor));
                    stageChanges.add(old.key() + ": production -> staging");
                }
                events.add(stages.set(tx, version, Stage.PRODUCTION, why, false, List.of(), actor));
                stageChanges.add(version.key() + ": " + version.stage().id() + " -> production");
            }
            AuditEntry serve = serving.switchTo(tx, "name", name, version, reason, actor);
            tx.run(MARK_ROLLED_BACK, Map.of("key", Deployments.key("name", name).toString(),
                    "version", plan.current(), "reason", reason)).consume();
            List<String> skipped = plan.candidates().stream().filter(c -> !c.chosen() && !c.reasons().contains(OLDER))
                    .map(c -> c.version() + ": " + String.join("; ", c.reasons())).toList();
            Map<String, Object> details = new LinkedHashMap<>(serve.details());
            details.put("skipped", skipped);
            events.add(new AuditEntry("deployment.rollback", serve.target(), serve.targets(), serve.before(),
                    serve.after(), reason, details));
            AuditEvent last = null;
            for (AuditEntry e : events) {
                last = audit.append(tx, actor, e);
            }
            return new Rollback(plan.deployment(), plan.current(), chosen, reason, last.at(), actor, last.seq(),
                    skipped, stageChanges);
        });
    }

    /** The rollback plan for a deployment now, read in another service's transaction. */
    public RollbackPlan plan(TransactionContext tx, String name) {
        NodeKey key = Deployments.requireDeployment(tx, name);
        Instant now = clock.instant();
        List<ServingPeriod> periods = Deployments.periods(tx, key);
        String current = null;
        Instant currentFrom = null;
        for (ServingPeriod p : periods) {
            if (!p.validFrom().isAfter(now) && (p.validTo() == null || p.validTo().isAfter(now))) {
                current = p.version();
                currentFrom = p.validFrom();
                break;
            }
        }
        // The versions that served before the current one, newest first, each once.
        List<ServingPeriod> earlier = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ServingPeriod p : periods) {
            String v = p.version();
            if (v.equals(current) || seen.contains(v) || p.validTo() == null || (currentFrom != null
                    && p.validFrom().isAfter(currentFrom))) {
                continue;
            }
            seen.add(v);
            earlier.add(p);
        }
        // Their taint in one query for all of them, read when the first policy asks for it; the rest of each gate
        // is read by key, then decided here.
        Map<String, List<Taint>> taint = new HashMap<>();
        Function<String, List<Taint>> taintOf = v -> {
            if (taint.isEmpty()) {
                taint.putAll(quarantines.taint(tx, seen));
            }
            return taint.get(v);
        };
        Map<String, RegisteredModel> models = new HashMap<>();
        List<RollbackPlan.Candidate> candidates = new ArrayList<>();
        String target = null;
        for (ServingPeriod p : earlier) {
            String v = p.version();
            Instant from = p.validFrom();
            Instant to = p.validTo();
            if (target != null) {
                candidates.add(new RollbackPlan.Candidate(v, from, to, false, List.of(OLDER)));
                continue;
            }
            Optional<ModelVersion> version = registry.readVersion(tx, NodeKey.parse("version", v));
            List<String> reasons = new ArrayList<>(version.isEmpty() ? List.of("not a registered model version")
                    : reasonsAgainst(tx, version.get(), models, taintOf));
            if (p.rolledBack() != null) {
                // A version someone rolled back from is not where to go back to, even when its gates pass.
                reasons.add(0, "rolled back from at " + to + ": " + p.rolledBack());
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
        return reasonsAgainst(tx, version, new HashMap<>(), v -> null);
    }

    /** As above, with the models read so far by name, and the taint of versions (null: read it in the gate). */
    private List<String> reasonsAgainst(TransactionContext tx, ModelVersion version,
                                        Map<String, RegisteredModel> models, Function<String, List<Taint>> taint) {
        List<String> reasons = new ArrayList<>();
        if (version.stage() == Stage.ARCHIVED) {
            reasons.add("archived");
        }
        RegisteredModel model = models.computeIfAbsent(version.model(),
                m -> registry.requireModel(tx, new ModelName(m)));
        List<Taint> read = model.policy().rulesFor(Stage.PRODUCTION).blockQuarantined() ? taint.apply(version.key())
                : null;
        GateReport report = gates.check(tx, model, version, Stage.PRODUCTION, Gates.Mode.ROLLBACK, read);
        for (Gate g : report.unmet()) {
            reasons.add(g.gate().equals("quarantine") ? "tainted: " + g.detail() : g.gate() + ": " + g.detail());
        }
        return reasons;
    }
}
