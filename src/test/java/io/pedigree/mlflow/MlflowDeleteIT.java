package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registered-models/delete} (and {@code DELETE /api/v1/models/{name}}): the model and its versions leave
 * every registry read, but Pedigree retires rather than destroys, and never while governance depends on them.
 */
class MlflowDeleteIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T10:00:00Z"));

    @Override
    protected java.time.Clock clock() {
        return clock;
    }

    private static Api.Response delete(Api as, String name) {
        return as.delete(API + "registered-models/delete?name=" + name);
    }

    @Test
    void aDeletedModelLeavesEveryRegistryReadButItsHistoryStays() {
        Api writer = admin.withNewToken("svc-train", "writer");
        writer.post(API + "registered-models/create", Map.of("name", "churn"));
        writer.post(API + "model-versions/create", Map.of("name", "churn", "source", "s3://m/1"));
        writer.post(API + "model-versions/create", Map.of("name", "churn", "source", "s3://m/2"));
        writer.post(API + "registered-models/alias", Map.of("name", "churn", "alias", "candidate", "version", "2"));
        Instant before = clock.instant();
        clock.advance(Duration.ofHours(1));

        assertThat(delete(writer, "churn").status()).isEqualTo(403);
        Api approver = admin.withNewToken("ana", "approver");
        Api.Response deleted = delete(approver, "churn");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().size()).isZero();

        Api.Response get = admin.get(API + "registered-models/get?name=churn");
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(admin.get(API + "model-versions/get?name=churn&version=1").status()).isEqualTo(404);
        assertThat(admin.get(API + "registered-models/alias?name=churn&alias=candidate").status()).isEqualTo(404);
        assertThat(Registry.ok(admin.get(API + "registered-models/search")).path("registered_models")).isEmpty();
        assertThat(Registry.ok(admin.get(API + "model-versions/search?filter=" + Api.q("name='churn'")))
                .path("model_versions")).isEmpty();
        assertProblem(admin.get("/api/v1/models/churn"), 404, "name");
        assertProblem(admin.get("/api/v1/models/churn/versions/1"), 404, "name");
        // A second delete (a client's retry) is answered as the first was and changes nothing.
        assertThat(delete(approver, "churn").status()).isEqualTo(200);
        assertThat(Audit.count("model.deleted")).isEqualTo(1);

        // History stays: the lineage nodes, their lineage as of before the delete, and the audited retirement.
        assertThat(Graph.count("MATCH (n:Node) WHERE n.key IN ['model:churn@1', 'model:churn@2'] RETURN count(n)"
                + " AS c")).isEqualTo(2);
        assertThat(admin.get("/api/v1/lineage?key=" + Api.q("model:churn@2") + "&asOf="
                + Api.q(before.toString())).status()).isEqualTo(200);
        assertThat(Graph.count("MATCH (s:ModelVersion {model: 'churn'}) WHERE s.retiredAt IS NOT NULL"
                + " RETURN count(s) AS c")).isEqualTo(2);
        var event = Audit.events("model.deleted").get(0);
        assertThat(event.get("actor").asString()).isEqualTo("ana");
        assertThat(event.get("target").asString()).isEqualTo("model:churn");
        assertThat(event.get("targets").asList(v -> v.asString())).containsExactlyInAnyOrder(
                "model:churn@1", "model:churn@2");
        assertThat(event.get("details").asString()).contains("candidate=2");
    }

    @Test
    void aNameRegisteredAgainAfterADeleteContinuesNumberingAfterItsRetiredVersions() {
        Api approver = admin.withNewToken("ana", "approver");
        admin.post(API + "registered-models/create", Map.of("name", "churn", "description", "first"));
        admin.post(API + "model-versions/create", Map.of("name", "churn", "source", "s3://m/1"));
        admin.post(API + "model-versions/create", Map.of("name", "churn", "source", "s3://m/2"));
        Registry.ok(delete(approver, "churn"));

        JsonNode again = Registry.ok(admin.post(API + "registered-models/create", Map.of("name", "churn")))
                .get("registered_model");
        assertThat(again.path("description").asText("")).isEmpty();
        assertThat(again.path("latest_versions")).isEmpty();
        JsonNode v = Registry.ok(admin.post(API + "model-versions/create", Map.of("name", "churn",
                "source", "s3://m/3"))).get("model_version");
        assertThat(v.get("version").asText()).isEqualTo("3");
        assertThat(admin.get(API + "model-versions/get?name=churn&version=1").status()).isEqualTo(404);
        assertThat(Registry.ok(admin.get(API + "model-versions/search?filter=" + Api.q("name='churn'")))
                .path("model_versions")).hasSize(1);
        // And creating it a second time is RESOURCE_ALREADY_EXISTS as for any registered model.
        assertThat(admin.post(API + "registered-models/create", Map.of("name", "churn")).status()).isEqualTo(400);
    }

    @Test
    void aModelServingADeploymentOrHoldingAGovernedAliasIsNotDeleted() {
        Registry reg = new Registry(admin);
        reg.model("fraud", Map.of("production", Map.of("approvals", 0), "governedAliases", List.of("champion")));
        reg.version("fraud", null, List.of());
        reg.version("fraud", null, List.of());
        reg.deployment("fraud-staging", "staging");
        Registry.ok(reg.serve("fraud-staging", "model:fraud@1"));
        Registry.ok(admin.put("/api/v1/models/fraud/aliases/champion", Map.of("version", 2, "reason", "serves")));

        Api approver = admin.withNewToken("ana", "approver");
        Api.Response refused = delete(approver, "fraud");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error_code").asText()).isEqualTo("RESOURCE_CONFLICT");
        assertThat(refused.json().get("message").asText()).contains("model:fraud@1 serves deployment:fraud-staging")
                .contains("governed alias 'champion'");
        JsonNode problem = assertProblem(approver.delete("/api/v1/models/fraud?reason=cleanup"), 409);
        assertThat(problem.get("detail").asText()).contains("fraud-staging");
        // The same rule holds for deleting one version through MLflow.
        Api.Response version = admin.delete(API + "model-versions/delete?name=fraud&version=1");
        assertThat(version.status()).isEqualTo(409);
        assertThat(version.json().get("message").asText()).contains("fraud-staging");
        assertThat(admin.delete(API + "model-versions/delete?name=fraud&version=2").status()).isEqualTo(409);
        assertThat(reg.stage("fraud", 1)).isEqualTo("development");
        assertThat(reg.serving("fraud-staging")).isEqualTo("model:fraud@1");

        // Without the governed alias, a version that serves still keeps the model (and a reason is required on v1).
        Registry.ok(admin.delete("/api/v1/models/fraud/aliases/champion?reason=retiring"));
        assertThat(delete(approver, "fraud").json().get("message").asText()).contains("fraud-staging")
                .doesNotContain("champion");
        assertProblem(approver.delete("/api/v1/models/fraud"), 400, "reason");
        assertThat(Audit.count("model.deleted")).isZero();
    }

    @Test
    void aModelWithNothingServingIsDeletedOnApiV1WithItsReason() {
        Registry reg = new Registry(admin);
        reg.model("fraud", null);
        reg.version("fraud", null, List.of());
        Api.Response r = admin.withNewToken("ana", "approver").delete("/api/v1/models/fraud?reason="
                + Api.q("replaced by scoring"));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        assertProblem(admin.get("/api/v1/models/fraud"), 404, "name");
        assertThat(Registry.ok(admin.get("/api/v1/models")).toString()).doesNotContain("fraud");
        assertThat(Audit.events("model.deleted").get(0).get("reason").asString()).isEqualTo("replaced by scoring");
    }
}
