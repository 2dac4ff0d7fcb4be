package io.pedigree.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarantined assets taint every version downstream: impact lists them, gates refuse them, rollback plans avoid
 * them, and a release makes them eligible again.
 */
class QuarantineIT extends PedigreeIT {

    private static final String M = "assistant";
    private static final String V = "/api/v1/models/" + M + "/versions/";

    private Api ana;
    private Api bo;
    private Registry reg;

    /**
     * Version 1 of the base model; version 1 of the assistant tuned from it on customers@3 with prompt, embedding
     * and commit; version 2 on customers@4; version 2 in production, served by assistant-prod.
     */
    @BeforeEach
    void twoVersionsOneInProduction() {
        ana = admin.withNewToken("ana", "writer");
        bo = admin.withNewToken("bo", "approver");
        reg = new Registry(ana);
        reg.lineage("dataset:customers@3", "dataset:customers@4", "prompt:system@1", "embedding:docs@1",
                "commit:repo@a1", "run:tune@r1", "run:tune@r2");
        reg.model("base", Map.of("production", Map.of("approvals", 0)));
        reg.version("base", null, List.of());
        reg.model(M, Map.of("production", Map.of("approvals", 0)));
        reg.deployment("assistant-prod", "production");
        ok(reg.register(M, Map.of("run", "run:tune@r1", "baseModel", "model:base@1", "card", Registry.FULL_CARD,
                "inputs", List.of("dataset:customers@3", "prompt:system@1", "embedding:docs@1", "commit:repo@a1"))));
        reg.version(M, "run:tune@r2", List.of("dataset:customers@4"));
        reg.promote(ana, M, 1, "staging", Map.of());
        reg.promote(ana, M, 2, "staging", Map.of());
        reg.promote(ana, M, 2, "production", Map.of("deployments", List.of("assistant-prod")));
    }

    private String quarantine(String key) {
        return ok(ana.post("/api/v1/quarantines", Map.of("key", key, "reason", "found personal data"))).get("id")
                .asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dataset:customers@3", "prompt:system@1", "embedding:docs@1", "commit:repo@a1",
            "model:base@1", "model:assistant@1", "run:tune@r1"})
    void anyQuarantinedAssetUpstreamKeepsAVersionOutOfProduction(String asset) {
        String id = quarantine(asset);

        Api.Response r = reg.transition(ana, M, 1, "production", Map.of("replaces", 2, "deployments", List.of("assistant-prod")));

        assertProblem(r, 409);
        assertThat(Registry.unmetGates(r)).containsExactly("quarantine");
        assertThat(r.json().get("unmetGates").get(0).get("detail").asText()).contains(asset);
        assertThat(reg.stage(M, 1)).isEqualTo("staging");
        JsonNode detail = ok(ana.get(V + "1")).get("quarantinedUpstream");
        assertThat(detail.findValuesAsText("asset")).containsExactly(asset);
        assertThat(ok(ana.get("/api/v1/quarantines/" + id)).get("affectedVersions").toString())
                .contains("model:assistant@1");
        assertThat(ok(ana.get(V + "2")).get("quarantinedUpstream")).as("version 2 used none of it").isEmpty();
    }

    @Test
    void aQuarantineListsTheVersionsAndDeploymentsItAffects() {
        String id = quarantine("dataset:customers@4");

        JsonNode q = ok(ana.get("/api/v1/quarantines/" + id));

        assertThat(q.get("quarantine").get("key").asText()).isEqualTo("dataset:customers@4");
        assertThat(q.get("quarantine").get("reason").asText()).isEqualTo("found personal data");
        assertThat(q.get("quarantine").get("createdBy").asText()).isEqualTo("ana");
        assertThat(q.get("affectedVersions")).extracting(JsonNode::asText).containsExactly("model:assistant@2");
        assertThat(q.get("affectedDeployments").findValuesAsText("key")).contains("deployment:assistant-prod");
        assertThat(Audit.events("quarantine.create")).singleElement().satisfies(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("ana");
            assertThat(e.get("target").asString()).isEqualTo("dataset:customers@4");
            assertThat(e.get("reason").asString()).isEqualTo("found personal data");
        });
    }

    @Test
    void aQuarantinedVersionIsItselfAffectedAndSoAreTheDeploymentsServingIt() {
        String id = quarantine("model:assistant@2");

        JsonNode q = ok(ana.get("/api/v1/quarantines/" + id));

        assertThat(q.get("affectedVersions")).extracting(JsonNode::asText).containsExactly("model:assistant@2");
        assertThat(q.get("affectedDeployments").findValuesAsText("key")).contains("deployment:assistant-prod");
        assertProblem(reg.serve("assistant-prod", "model:assistant@2"), 409);
    }

    @Test
    void quarantiningAWholeFamilyTaintsEveryVersionTrainedOnAnyOfIt() {
        String id = quarantine("dataset:customers");

        JsonNode q = ok(ana.get("/api/v1/quarantines/" + id));
        assertThat(q.get("affectedVersions")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("model:assistant@1", "model:assistant@2");
        assertThat(q.get("affectedDeployments").findValuesAsText("key")).contains("deployment:assistant-prod");
        JsonNode gates = ok(ana.get(V + "1/gates"));
        assertThat(gates.get("passed").asBoolean()).isFalse();
        assertThat(ok(ana.get("/api/v1/deployments/assistant-prod/rollback-plan")).get("safe").asBoolean())
                .isFalse();
        // Even entering staging is refused by default.
        int v3 = reg.version(M, null, List.of("dataset:customers@4"));
        assertThat(Registry.unmetGates(reg.transition(ana, M, v3, "staging", Map.of())))
                .containsExactly("quarantine");
    }

    @Test
    void quarantiningTheSameAssetTwiceIsAConflict() {
        quarantine("dataset:customers@3");
        long events = Audit.count();

        assertProblem(ana.post("/api/v1/quarantines", Map.of("key", "dataset:customers@3", "reason", "again")), 409);

        assertThat(ok(ana.get("/api/v1/quarantines"))).hasSize(1);
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void releaseNeedsAnApproverAndAReasonAndMakesVersionsEligibleAgain() {
        String id = quarantine("dataset:customers@3");
        assertProblem(reg.transition(ana, M, 1, "production", Map.of("replaces", 2, "deployments", List.of("assistant-prod"))), 409);
        long events = Audit.count();

        assertProblem(ana.post("/api/v1/quarantines/" + id + "/release", Map.of("reason", "false alarm")), 403);
        assertProblem(bo.post("/api/v1/quarantines/" + id + "/release", Map.of()), 400, "reason");
        assertProblem(bo.post("/api/v1/quarantines/q-000000000000/release", Map.of("reason", "x")), 404);
        assertThat(Audit.count()).isEqualTo(events);

        JsonNode released = ok(bo.post("/api/v1/quarantines/" + id + "/release", Map.of("reason", "false alarm")));

        assertThat(released.get("releasedBy").asText()).isEqualTo("bo");
        assertThat(released.get("releaseReason").asText()).isEqualTo("false alarm");
        assertThat(Audit.events("quarantine.release")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo("false alarm"));
        assertProblem(bo.post("/api/v1/quarantines/" + id + "/release", Map.of("reason", "again")), 409);
        assertThat(ok(ana.get("/api/v1/quarantines"))).isEmpty();
        assertThat(ok(ana.get("/api/v1/quarantines?active=false"))).hasSize(1);
        reg.promote(ana, M, 1, "production", Map.of("replaces", 2, "deployments", List.of("assistant-prod")));
        assertThat(reg.stage(M, 1)).isEqualTo("production");
        // A released asset can be quarantined again.
        quarantine("dataset:customers@3");
    }

    @Test
    void aReleasedVersionIsARollbackTargetAgain() {
        reg.promote(ana, M, 1, "production", Map.of("replaces", 2, "deployments", List.of("assistant-prod")));
        reg.promote(ana, M, 2, "production", Map.of("replaces", 1, "deployments", List.of("assistant-prod")));
        String id = quarantine("commit:repo@a1");
        assertThat(ok(ana.get("/api/v1/deployments/assistant-prod/rollback-plan")).get("safe").asBoolean())
                .isFalse();

        ok(bo.post("/api/v1/quarantines/" + id + "/release", Map.of("reason", "commit was fine")));

        JsonNode plan = ok(ana.get("/api/v1/deployments/assistant-prod/rollback-plan"));
        assertThat(plan.get("target").asText()).isEqualTo("model:assistant@1");
    }

    @Test
    void quarantineInputIsChecked() {
        assertProblem(ana.post("/api/v1/quarantines", Map.of("key", "dataset:customers@3")), 400, "reason");
        assertProblem(ana.post("/api/v1/quarantines", Map.of("reason", "x")), 400, "key");
        assertProblem(ana.post("/api/v1/quarantines", Map.of("key", "dataset:nope@1", "reason", "x")), 400, "key");
        assertProblem(ana.post("/api/v1/quarantines", Map.of("key", "not a key", "reason", "x")), 400, "key");
        assertProblem(ana.get("/api/v1/quarantines/q-000000000000"), 404, "id");
        assertProblem(ana.get("/api/v1/quarantines?active=maybe"), 400, "active");
        assertThat(Audit.count("quarantine.create")).isZero();
    }
}
