package io.pedigree.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.WebClient;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approvals and evaluations are bound to what they approved or measured: a later change of the version's card,
 * description or artifacts makes them stale, gates stop counting them and say why, and a new one is needed.
 */
class ApprovalsBoundToContentIT extends PedigreeIT {

    private static final String M = "scorer";
    private static final String V = "/api/v1/models/" + M + "/versions/1";

    private Api ana;
    private Api bo;
    private Api cy;
    private Registry reg;

    @BeforeEach
    void aVersionNeedingTwoApprovalsAndAMetricForStaging() {
        ana = admin.withNewToken("ana", "writer");
        bo = admin.withNewToken("bo", "approver");
        cy = admin.withNewToken("cy", "approver");
        reg = new Registry(ana);
        reg.lineage("dataset:tx@1", "run:train@r1");
        reg.model(M, Map.of("staging", Map.of("approvals", 2, "cardFields", List.of("intendedUse"),
                "metrics", List.of(Map.of("metric", "auc", "op", ">=", "value", 0.9)))));
        reg.version(M, "run:train@r1", List.of("dataset:tx@1"));
        reg.evaluate(M, 1, "holdout", "auc", 0.95);
    }

    private JsonNode gate(String name) {
        JsonNode report = ok(ana.get(V + "/gates?stage=staging"));
        for (JsonNode g : report.get("gates")) {
            if (g.get("gate").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no gate " + name + " in " + report);
    }

    private void bothApprove() {
        Registry.approve(bo, M, 1, "staging");
        Registry.approve(cy, M, 1, "staging");
    }

    @Test
    void aRewrittenCardMakesEarlierApprovalsStaleUntilApprovedAgain() {
        bothApprove();
        assertThat(gate("approvals").get("passed").asBoolean()).isTrue();

        ok(ana.patch(V, Map.of("card", Map.of("intendedUse", "score loan applications"), "reason", "new use")));

        JsonNode approvals = gate("approvals");
        assertThat(approvals.get("passed").asBoolean()).isFalse();
        assertThat(approvals.get("detail").asText()).startsWith("0 of 2").contains("bo approved a different card",
                "cy approved a different card");
        assertThat(ok(ana.get(V + "/approvals"))).allSatisfy(a -> {
            assertThat(a.get("stale").asBoolean()).isTrue();
            assertThat(a.get("changed")).extracting(JsonNode::asText).containsExactly("card");
        });
        assertThat(reg.transition(ana, M, 1, "staging", Map.of()).status()).isEqualTo(409);

        bothApprove();

        assertThat(gate("approvals").get("passed").asBoolean()).isTrue();
        reg.promote(ana, M, 1, "staging", Map.of());
    }

    @Test
    void aChangedDescriptionIsNamedAndTagsAreNotGovernedContent() {
        bothApprove();

        ok(ana.patch(V, Map.of("tags", Map.of("team", "risk"))));
        assertThat(gate("approvals").get("passed").asBoolean()).as("tags are not what was approved").isTrue();

        ok(ana.patch(V, Map.of("description", "now also for loans")));
        assertThat(gate("approvals").get("detail").asText()).contains("bo approved a different description");
    }

    @Test
    void anArtifactAttachedAfterApprovalAndEvaluationMakesBothStale() {
        bothApprove();
        assertThat(gate("metric:auc").get("passed").asBoolean()).isTrue();

        attachArtifact("model:" + M + "@1", "new weights".getBytes(StandardCharsets.UTF_8));

        assertThat(gate("approvals").get("detail").asText()).contains("bo approved a different artifacts");
        JsonNode metric = gate("metric:auc");
        assertThat(metric.get("passed").asBoolean()).isFalse();
        assertThat(metric.get("detail").asText()).contains("evaluated different artifacts");

        reg.evaluate(M, 1, "holdout", "auc", 0.93);
        assertThat(gate("metric:auc").get("passed").asBoolean()).isTrue();
    }

    @Test
    void anApprovalRecordedBeforeDigestsStandsUntilTheVersionChanges() {
        Graph.rows("""
                MATCH (s:ModelVersion {key: $key})
                UNWIND ['bo', 'cy'] AS by
                CREATE (a:Approval {stage: 'staging', decision: 'approve', comment: 'old', by: by,
                                    at: datetime() - duration('PT1M'), seq: 0})-[:FOR]->(s)
                RETURN count(a) AS n""", "key", "model:" + M + "@1");
        assertThat(gate("approvals").get("passed").asBoolean()).as("nothing changed after it").isTrue();

        ok(ana.patch(V, Map.of("description", "changed after the old approvals")));

        JsonNode approvals = gate("approvals");
        assertThat(approvals.get("passed").asBoolean()).isFalse();
        assertThat(approvals.get("detail").asText()).contains("bo approved a different version");
    }

    @Test
    void theModelPageShowsAStaleApprovalAsStale() {
        bothApprove();
        ok(ana.patch(V, Map.of("card", Map.of("intendedUse", "score loan applications"), "reason", "new use")));

        WebClient web = new WebClient(app);
        assertThat(web.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);
        Api.Response page = web.get("/model?name=" + M);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("stale: approved a different card");
    }

    private void attachArtifact(String key, byte[] content) {
        Api.Response r = ana.send(ana.builder("/api/v1/artifacts?key=" + Api.q(key) + "&role=weights")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
