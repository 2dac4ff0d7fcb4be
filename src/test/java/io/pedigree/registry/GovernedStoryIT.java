package io.pedigree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.approve;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole governed life of a model: register, evaluate, approve, promote, deploy, quarantine the training data,
 * plan a rollback that skips the tainted version, execute it, and find every step in the audit log.
 */
class GovernedStoryIT extends PedigreeIT {

    private static final String M = "fraud-detector";

    private final MutableClock clock = new MutableClock();

    @Override
    protected Clock clock() {
        return clock;
    }

    @Test
    void registerEvaluateApprovePromoteDeployQuarantineAndRollBack() throws Exception {
        Api ana = admin.withNewToken("ana", "writer");
        Api bo = admin.withNewToken("bo", "approver");
        Registry reg = new Registry(ana);
        reg.lineage("dataset:fraud-train@1", "dataset:fraud-train@2", "commit:fraud-repo@a1", "commit:fraud-repo@b2",
                "run:train-fraud@r1", "run:train-fraud@r2", "run:train-fraud@r3", "person:ana");
        reg.model(M, Map.of("production", Map.of("approvals", 1,
                "metrics", List.of(Map.of("metric", "auc", "op", ">=", "value", 0.9, "suite", "holdout")),
                "cardFields", List.of("intendedUse", "license"), "maxRegression", 0.05)));
        reg.deployment("fraud-api-prod", "production");

        int v1 = reg.version(M, "run:train-fraud@r1", List.of("dataset:fraud-train@1", "commit:fraud-repo@a1"));
        int v2 = reg.version(M, "run:train-fraud@r2", List.of("dataset:fraud-train@2", "commit:fraud-repo@a1"));
        int v3 = reg.version(M, "run:train-fraud@r3", List.of("dataset:fraud-train@2", "commit:fraud-repo@b2"));
        assertThat(List.of(v1, v2, v3)).containsExactly(1, 2, 3);

        List<Instant> servedFrom = new ArrayList<>();
        for (int v : List.of(v1, v2, v3)) {
            reg.evaluate(M, v, "holdout", "auc", 0.90 + v / 100.0);
            ok(reg.transition(ana, M, v, "staging", Map.of()));
            assertProblem(reg.transition(ana, M, v, "production", Map.of()), 409);
            approve(bo, M, v, "production");
            Map<String, Object> more = v == 1 ? Map.of("deployments", List.of("fraud-api-prod"))
                    : Map.of("deployments", List.of("fraud-api-prod"), "replaces", v - 1);
            ok(reg.transition(ana, M, v, "production", more));
            servedFrom.add(clock.instant());
            clock.advance(Duration.ofMinutes(1));
        }

        JsonNode model = ok(ana.get("/api/v1/models/" + M));
        assertThat(model.get("productionVersion").asInt()).isEqualTo(3);
        assertThat(ok(ana.get("/api/v1/deployments/fraud-api-prod")).get("serving").asText())
                .isEqualTo("model:fraud-detector@3");
        assertThat(ok(ana.get("/api/v1/deployments/fraud-api-prod?asOf=" + Api.q(servedFrom.get(1).plusMillis(5)
                .toString()))).get("serving").asText()).isEqualTo("model:fraud-detector@2");
        assertThat(ok(ana.get("/api/v1/deployments/fraud-api-prod/history"))).hasSize(3);

        JsonNode q = ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:fraud-train@2",
                "reason", "holds unmasked card numbers")));
        JsonNode affected = ok(ana.get("/api/v1/quarantines/" + q.get("id").asText()));
        assertThat(affected.get("affectedVersions").toString()).contains("model:fraud-detector@2",
                "model:fraud-detector@3").doesNotContain("model:fraud-detector@1");
        assertThat(affected.get("affectedDeployments").toString()).contains("deployment:fraud-api-prod");

        JsonNode plan = ok(ana.get("/api/v1/deployments/fraud-api-prod/rollback-plan"));
        assertThat(plan.get("current").asText()).isEqualTo("model:fraud-detector@3");
        assertThat(plan.get("target").asText()).isEqualTo("model:fraud-detector@1");
        assertThat(plan.get("safe").asBoolean()).isTrue();
        JsonNode skipped = plan.get("candidates").get(0);
        assertThat(skipped.get("version").asText()).isEqualTo("model:fraud-detector@2");
        assertThat(skipped.get("reasons").toString()).contains("tainted", "dataset:fraud-train@2");

        assertProblem(ana.post("/api/v1/deployments/fraud-api-prod/rollback", Map.of()), 400, "reason");
        JsonNode done = ok(ana.post("/api/v1/deployments/fraud-api-prod/rollback",
                Map.of("reason", "training data held card numbers")));
        assertThat(done.get("to").asText()).isEqualTo("model:fraud-detector@1");

        assertThat(ok(ana.get("/api/v1/deployments/fraud-api-prod")).get("serving").asText())
                .isEqualTo("model:fraud-detector@1");
        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions/1")).get("version").get("stage").asText())
                .isEqualTo("production");
        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions/3")).get("version").get("stage").asText())
                .isEqualTo("staging");
        JsonNode lineage = ok(ana.get("/api/v1/lineage?key=deployment:fraud-api-prod&depth=1"));
        assertThat(lineage.toString()).contains("model:fraud-detector@1").doesNotContain("model:fraud-detector@3");
        JsonNode impact = ok(ana.get("/api/v1/impact?key=" + Api.q("dataset:fraud-train@2")));
        assertThat(impact.get("deployments").toString()).doesNotContain("fraud-api-prod");

        List<String> actions = Graph.rows("MATCH (e:AuditEvent) RETURN e.action AS a ORDER BY e.seq").stream()
                .map(r -> r.get("a").asString()).toList();
        assertThat(actions).contains("model.register", "version.register", "evaluation.record", "version.approve",
                "version.transition", "deployment.serve", "quarantine.create", "deployment.rollback");
        assertThat(Graph.count("MATCH (e:AuditEvent {action: 'deployment.rollback', actor: 'ana'}) RETURN count(e) AS c"))
                .isEqualTo(1);
        JsonNode chain = ok(bo.get("/api/v1/audit/verify"));
        assertThat(chain.get("ok").asBoolean()).as(chain.toString()).isTrue();
        assertThat(chain.get("checked").asInt()).isEqualTo(actions.size());
        JsonNode rollbackEvents = ok(bo.get("/api/v1/audit?action=deployment.rollback"));
        assertThat(rollbackEvents.toString()).contains("training data held card numbers", "fraud-detector@2");
    }
}
