package io.pedigree.governance;

import io.pedigree.auth.Principal;
import io.pedigree.registry.Evaluation;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.Metrics;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.Policy;
import io.pedigree.registry.RegisteredModel;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.registry.VersionContent;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a version against its model's policy for entering a stage: approvals, metric thresholds, regression
 * against production, model card fields and quarantined assets upstream. Every gate is reported, met or not.
 */
public final class Gates {

    private static final String APPROVALS = """
            MATCH (a:Approval)-[:FOR]->(s:ModelVersion {key: $key})
            RETURN a.stage AS stage, a.decision AS decision, a.comment AS comment, a.by AS by, a.at AS at,
                   a.digest AS digest, a.parts AS parts, s.updatedAt AS updatedAt
            ORDER BY a.at, a.seq
            """;

    private final Database db;
    private final Registry registry;
    private final Evaluations evaluations;
    private final Quarantines quarantines;

    public Gates(Database db, Registry registry, Evaluations evaluations, Quarantines quarantines) {
        this.db = db;
        this.registry = registry;
        this.evaluations = evaluations;
        this.quarantines = quarantines;
    }

    /**
     * Refuses to point {@code alias} at {@code version} when the model's policy governs the alias and the version
     * does not meet every production gate: moving such an alias is a promotion in all but name, whichever API asks
     * for it. The refusal names each unmet gate; nothing has changed. Called inside the move's transaction under
     * the model's lock ({@code Models#moveAlias} with a guard), so nothing checked here changes before the move.
     */
    public void requireForAlias(TransactionContext tx, RegisteredModel model, ModelVersion version, String alias) {
        if (!model.policy().governs(alias) || Integer.valueOf(version.number()).equals(model.aliases().get(alias))) {
            return;
        }
        GateReport report = check(tx, model, version, Stage.PRODUCTION, Mode.PROMOTION);
        if (!report.unmet().isEmpty()) {
            List<Map<String, Object>> unmet = new ArrayList<>();
            report.unmet().forEach(g -> unmet.add(Map.of("gate", g.gate(), "detail", g.detail())));
            throw new io.pedigree.error.PedigreeException.Conflict("Alias '" + alias + "' of " + model.name()
                    + " is governed: version " + version.number() + " does not meet " + unmet.size()
                    + " production gate(s); nothing changed", List.of(), unmet);
        }
    }

    /** Whether the regression gate applies: not when rolling back, where going back to older numbers is the point. */
    public enum Mode { PROMOTION, ROLLBACK }

    public GateReport check(ModelName name, int number, Stage stage) {
        return db.read(tx -> {
            RegisteredModel model = registry.requireModel(tx, name);
            ModelVersion version = registry.requireVersion(tx, "version", name, number);
            return check(tx, model, version, stage, Mode.PROMOTION);
        });
    }

    public GateReport check(TransactionContext tx, RegisteredModel model, ModelVersion version, Stage stage,
                            Mode mode) {
        return check(tx, model, version, stage, mode, null);
    }

    /**
     * As {@link #check(TransactionContext, RegisteredModel, ModelVersion, Stage, Mode)}, with the version's taint
     * already read ({@link Quarantines#taint(TransactionContext, java.util.Collection)} answers it for many versions
     * in one query), or {@code null} to read it here when the policy asks.
     */
    GateReport check(TransactionContext tx, RegisteredModel model, ModelVersion version, Stage stage, Mode mode,
                     List<Taint> taintRead) {
        Policy.StageRules rules = model.policy().rulesFor(stage);
        List<Gate> gates = new ArrayList<>();
        VersionContent content = registry.content(tx, version);
        approvals(tx, version, content, stage, rules, gates);
        List<Evaluation> evals = evaluations.read(tx, version.key());
        for (Policy.MetricRule rule : rules.metrics()) {
            gates.add(metric(rule, evals, content));
        }
        if (rules.maxRegression() != null && mode == Mode.PROMOTION) {
            gates.add(regression(tx, model, version, rules.maxRegression(), Metrics.of(evals)));
        }
        for (String field : rules.cardFields()) {
            boolean ok = version.card().filled(field);
            gates.add(new Gate("card:" + field, ok, ok ? "filled in" : "the model card's " + field
                    + " is empty"));
        }
        if (rules.blockQuarantined()) {
            List<Taint> taint = taintRead != null ? taintRead : quarantines.taint(tx, version.key());
            gates.add(new Gate("quarantine", taint.isEmpty(), taint.isEmpty() ? "no quarantined asset upstream"
                    : taint.stream().map(t -> t.asset() + " is quarantined (" + t.reason() + "), via "
                    + String.join(" -> ", t.path())).collect(Collectors.joining("; "))));
        }
        boolean passed = gates.stream().allMatch(Gate::passed);
        return new GateReport(version.key(), stage.id(), passed, gates);
    }

    /** The decisions recorded on a version, oldest first, each marked stale if the version changed since. */
    public List<Approval> approvals(TransactionContext tx, ModelVersion version) {
        return approvals(tx, version, registry.content(tx, version));
    }

    private List<Approval> approvals(TransactionContext tx, ModelVersion version, VersionContent content) {
        return tx.run(APPROVALS, Map.of("key", version.key())).list(r -> {
            Instant at = r.get("at").asZonedDateTime().toInstant();
            String digest = r.get("digest").asString(null);
            List<String> changed;
            if (digest != null) {
                changed = digest.equals(content.digest()) ? List.of()
                        : content.changedSince(VersionContent.partsFromJson(r.get("parts").asString(null)));
            } else {
                // Recorded before approvals were bound to content: it stands unless the version changed after it.
                Instant updated = r.get("updatedAt").isNull() ? null : r.get("updatedAt").asZonedDateTime()
                        .toInstant();
                boolean edited = updated != null && updated.isAfter(at);
                boolean attached = content.lastArtifactChange() != null && content.lastArtifactChange().isAfter(at);
                changed = !edited && !attached ? List.of() : attached && !edited ? List.of("artifacts")
                        : List.of("version");
            }
            return new Approval(r.get("stage").asString(), r.get("decision").asString(),
                    r.get("comment").asString(null), r.get("by").asString(), at, digest, !changed.isEmpty(), changed);
        });
    }

    private void approvals(TransactionContext tx, ModelVersion version, VersionContent content, Stage stage,
                           Policy.StageRules rules, List<Gate> gates) {
        // Each approver's latest decision counts; the registrant's own never does. People signed in through the
        // identity provider are told apart by subject, so a changed display name is still the same person.
        Map<String, Approval> latest = new LinkedHashMap<>();
        String registrant = Principal.identity(version.registeredBy());
        for (Approval a : approvals(tx, version, content)) {
            String approver = Principal.identity(a.by());
            if (a.stage().equals(stage.id()) && !approver.equals(registrant)) {
                latest.put(approver, a);
            }
        }
        // An approval of content that has changed since no longer counts; a rejection stands until withdrawn.
        List<String> approvers = latest.values().stream().filter(a -> a.decision().equals("approve") && !a.stale())
                .map(Approval::by).toList();
        List<String> stale = latest.values().stream().filter(a -> a.decision().equals("approve") && a.stale())
                .map(a -> a.by() + " " + a.staleness()).toList();
        List<Approval> rejections = latest.values().stream().filter(a -> a.decision().equals("reject")).toList();
        if (rules.approvals() > 0) {
            boolean ok = approvers.size() >= rules.approvals();
            gates.add(new Gate("approvals", ok, approvers.size() + " of " + rules.approvals()
                    + " approval(s) by approvers other than the registrant"
                    + (approvers.isEmpty() ? "" : " (" + String.join(", ", approvers) + ")")
                    + (stale.isEmpty() ? "" : "; stale, approve again: " + String.join("; ", stale))));
        }
        for (Approval r : rejections) {
            gates.add(new Gate("rejection", false, "rejected by " + r.by()
                    + (r.comment() == null || r.comment().isBlank() ? "" : ": " + r.comment())));
        }
    }

    private static Gate metric(Policy.MetricRule rule, List<Evaluation> evals, VersionContent content) {
        Double value = null;
        List<String> staleEvals = new ArrayList<>();
        for (Evaluation e : evals) {
            if (rule.suite() != null && !rule.suite().equals(e.suite())) {
                continue;
            }
            if (rule.dataset() != null && !rule.dataset().equals(e.dataset())) {
                continue;
            }
            if (!measuredCurrentArtifacts(e, content)) {
                if (e.metrics().stream().anyMatch(m -> m.name().equals(rule.metric()))) {
                    staleEvals.add(e.key());
                }
                continue;
            }
            for (Evaluation.Metric m : e.metrics()) {
                if (m.name().equals(rule.metric())) {
                    value = m.value();
                }
            }
        }
        String name = "metric:" + rule.metric();
        if (value == null) {
            return new Gate(name, false, "no evaluation reports " + rule + (staleEvals.isEmpty() ? ""
                    : " on the version's artifacts as they are now; " + String.join(", ", staleEvals)
                    + " evaluated different artifacts, evaluate again"));
        }
        boolean ok = rule.holds(value);
        return new Gate(name, ok, rule.metric() + " is " + value + "; required " + rule);
    }

    /**
     * Whether an evaluation measured the artifacts the version has now. One recorded before evaluations kept a
     * digest counts unless an artifact was attached after it.
     */
    private static boolean measuredCurrentArtifacts(Evaluation e, VersionContent content) {
        if (e.artifacts() != null) {
            return e.artifacts().equals(content.artifacts());
        }
        return content.lastArtifactChange() == null || e.recordedAt() == null
                || !content.lastArtifactChange().isAfter(e.recordedAt());
    }

    private Gate regression(TransactionContext tx, RegisteredModel model, ModelVersion version, double tolerance,
                            Metrics mine) {
        Integer production = model.productionVersion();
        if (production == null || production == version.number()) {
            return new Gate("regression", true, "no other version in production to compare with");
        }
        ModelVersion current = registry.requireVersion(tx, "version", new ModelName(model.name()), production);
        Metrics theirs = Metrics.of(evaluations.read(tx, current.key()));
        List<String> worse = new ArrayList<>();
        int shared = 0;
        for (Map.Entry<String, Evaluation.Metric> e : mine.latest().entrySet()) {
            Evaluation.Metric other = theirs.latest().get(e.getKey());
            if (other == null) {
                continue;
            }
            shared++;
            double by = Metrics.regression(e.getValue(), other);
            if (by > tolerance) {
                worse.add(e.getKey() + " " + other.value() + " -> " + e.getValue().value());
            }
        }
        if (!worse.isEmpty()) {
            return new Gate("regression", false, "worse than version " + production + " in production by more than "
                    + tolerance + ": " + String.join(", ", worse));
        }
        return new Gate("regression", true, shared == 0 ? "no metric shared with version " + production
                : shared + " shared metric(s) within " + tolerance + " of version " + production);
    }
}
