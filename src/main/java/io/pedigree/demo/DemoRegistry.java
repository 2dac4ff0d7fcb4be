package io.pedigree.demo;

import io.pedigree.governance.Lifecycle;
import io.pedigree.lineage.NodeKey;
import io.pedigree.registry.EvaluationInput;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.ModelCard;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.Models;
import io.pedigree.registry.Policy;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.registry.Versions;

import java.util.List;
import java.util.Map;

/**
 * The demo's governance: the fraud model's five recorded versions are adopted into the registry with model
 * cards, holdout evaluations and approvals, and promoted as the story tells, so production's rollback plan, the
 * gates and the audit log have something to show. Loading it again changes nothing.
 */
public final class DemoRegistry {

    static final ModelName FRAUD = new ModelName("fraud-detector");
    private static final String REGISTRANT = "ana@acme.com";
    private static final String APPROVER = "chen@acme.com";

    /** The holdout AUC and recall of each version, as the lineage story records them; version 1 never left staging. */
    private static final double[][] SCORES = {{0.871, 0.52}, {0.903, 0.61}, {0.912, 0.64}, {0.927, 0.69},
            {0.931, 0.71}};
    private static final String[] HOLDOUTS = {"2026-08", "2026-08", "2026-08", "2026-10", "2026-10"};

    private DemoRegistry() {
    }

    /** Registers the fraud model and its history unless it is registered already; answers whether it did. */
    public static boolean load(Registry registry, Models models, Versions versions, Evaluations evaluations,
                               Lifecycle lifecycle) {
        if (registry.models(null, 1000).stream().anyMatch(m -> m.name().equals(FRAUD.value()))) {
            return false;
        }
        Policy policy = new Policy(Policy.DEFAULT.staging(), new Policy.StageRules(1,
                List.of(new Policy.MetricRule("auc", ">=", 0.9, "holdout", null)),
                Policy.DEFAULT.production().cardFields(), 0.02, true));
        models.createModel(FRAUD, "Scores card transactions for fraud; the fraud API blocks above the decision"
                + " threshold", People.ANA, Map.of("team", "risk"), policy, REGISTRANT);
        for (int v = 1; v <= SCORES.length; v++) {
            versions.adopt(FRAUD, v, "XGBoost fraud classifier, version " + v, Map.of("framework", "xgboost"),
                    card(v), REGISTRANT);
            evaluations.record(FRAUD, v, new EvaluationInput("holdout",
                    NodeKey.parse("dataset", "dataset:transactions-holdout@" + HOLDOUTS[v - 1]),
                    List.of(new EvaluationInput.MetricInput("auc", SCORES[v - 1][0], true, null),
                            new EvaluationInput.MetricInput("recall_at_1pct_fpr", SCORES[v - 1][1], true, 0.6)),
                    "Offline evaluation on held-out cardholders", APPROVER), REGISTRANT);
        }
        Lifecycle.Actor ana = new Lifecycle.Actor(REGISTRANT, false);
        Lifecycle.Actor chen = new Lifecycle.Actor(APPROVER, false);
        for (int v = 1; v <= SCORES.length; v++) {
            lifecycle.transition(FRAUD, v, new Lifecycle.TransitionRequest(Stage.STAGING,
                    "passed offline evaluation on the holdout", List.of(), null, false), ana);
        }
        lifecycle.decide(FRAUD, 1, Stage.PRODUCTION, false, "Recall at 1% FPR is below 0.6", chen);
        for (int v = 2; v <= 4; v++) {
            lifecycle.decide(FRAUD, v, Stage.PRODUCTION, true, "Reviewed the card and the holdout results", chen);
            lifecycle.transition(FRAUD, v, new Lifecycle.TransitionRequest(Stage.PRODUCTION,
                    "weekly model review: better holdout AUC", List.of(), v == 2 ? null : v - 1, false), ana);
        }
        return true;
    }

    private static ModelCard card(int version) {
        return new ModelCard(Map.of(
                "intendedUse", "Block card-not-present transactions scored above 0.82 in the fraud API",
                "limitations", "Not for chargeback disputes or credit decisions; drifts within weeks",
                "trainingData", "Weekly transaction feature snapshots; see the lineage of version " + version,
                "license", "Internal use only",
                "riskLevel", "high",
                "contacts", List.of("person:ana@acme.com", "person:chen@acme.com")));
    }
}
