package io.pedigree.evidence;

import io.pedigree.testing.Api;
import io.pedigree.testing.Registry;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.Registry.ok;

/**
 * A governed model version with something in every section of its evidence pack: data with an owner and a
 * licence, a commit, an evaluation with a threshold, an approval, transitions, a deployment and a quarantine.
 */
final class EvidenceStory {

    static final String M = "fraud-detector";
    static final String TRAIN = "dataset:fraud-train@1";
    static final String HOLDOUT = "dataset:fraud-holdout@1";

    private EvidenceStory() {
    }

    /** Tells the story; answers the version's number. */
    static int tell(Api admin) {
        Api ana = admin.withNewToken("ana", "writer");
        Api bo = admin.withNewToken("bo", "approver");
        Registry reg = new Registry(ana);
        ok(ana.post("/api/v1/batch", Map.of(
                "nodes", List.of(Map.of("key", TRAIN, "properties", Map.of("license", "CC-BY-4.0")),
                        Map.of("key", HOLDOUT, "properties", Map.of("license", "proprietary")),
                        Map.of("key", "dataset:raw-transactions@7"), Map.of("key", "commit:fraud-repo@a1"),
                        Map.of("key", "run:train-fraud@r1"), Map.of("key", "person:ana")),
                "relations", List.of(Map.of("from", TRAIN, "type", "OWNED_BY", "to", "person:ana"),
                        Map.of("from", TRAIN, "type", "DERIVED_FROM", "to", "dataset:raw-transactions@7")))));
        reg.model(M, Map.of("production", Map.of("approvals", 1,
                "metrics", List.of(Map.of("metric", "auc", "op", ">=", "value", 0.9, "suite", "holdout")))));
        reg.deployment("fraud-api-prod", "production");
        int v = reg.version(M, "run:train-fraud@r1", List.of(TRAIN, "commit:fraud-repo@a1"));
        ok(ana.post("/api/v1/models/" + M + "/versions/" + v + "/evaluations", Map.of("suite", "holdout",
                "dataset", HOLDOUT, "metrics", List.of(Map.of("name", "auc", "value", 0.93, "threshold", 0.9)))));
        ok(reg.transition(ana, M, v, "staging", Map.of()));
        ok(bo.post("/api/v1/models/" + M + "/versions/" + v + "/approvals", Map.of("stage", "production",
                "decision", "approve", "comment", "fairness review FR-7 passed")));
        ok(reg.transition(ana, M, v, "production", Map.of("deployments", List.of("fraud-api-prod"),
                "reason", "quarterly release")));
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:raw-transactions@7",
                "reason", "holds unmasked card numbers")));
        return v;
    }
}
