package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class ImpactIT extends PedigreeIT {

    private static Map<String, Object> deployment(String key, String environment, String owner) {
        return Map.of("key", key, "properties", Map.of("environment", environment), "owner", owner);
    }

    /**
     * Raw data feeds a cleaned dataset, a training run, a model version and an evaluation; three deployments serve
     * the model (named so that key order and production-first order differ); one deployment serves something else.
     */
    private void recordFraudLineage() {
        Lineage.of()
                .node("dataset:raw@1", "dataset:clean@1", "run:train@r1", "model:fraud@2", "evaluation:holdout",
                        "model:other@1")
                .nodeBody(deployment("deployment:aaa-staging", "staging", "person:bo@acme.com"))
                .nodeBody(deployment("deployment:fraud-api-prod", "production", "person:ana@acme.com"))
                .nodeBody(deployment("deployment:zzz-prod-eu", "prod-eu", "person:carol@acme.com"))
                .nodeBody(deployment("deployment:unrelated", "production", "person:ana@acme.com"))
                .rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1")
                .rel("run:train@r1", "USED", "dataset:clean@1")
                .rel("model:fraud@2", "WAS_GENERATED_BY", "run:train@r1")
                .rel("evaluation:holdout", "EVALUATES", "model:fraud@2")
                .rel("deployment:aaa-staging", "SERVES", "model:fraud@2")
                .rel("deployment:fraud-api-prod", "SERVES", "model:fraud@2")
                .rel("deployment:zzz-prod-eu", "SERVES", "model:fraud@2")
                .rel("deployment:unrelated", "SERVES", "model:other@1")
                .writeWith(admin);
    }

    private JsonNode impact(String key) {
        Api.Response r = admin.get("/api/v1/impact?key=" + Api.q(key));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void deploymentsComeFirstProductionFirstWithWhatTheyServeAndTheirOwners() {
        recordFraudLineage();

        JsonNode deployments = impact("dataset:raw@1").get("deployments");

        assertThat(deployments.findValuesAsText("key")).containsExactly("deployment:fraud-api-prod",
                "deployment:zzz-prod-eu", "deployment:aaa-staging");
        assertThat(deployments.get(0).get("environment").asText()).isEqualTo("production");
        assertThat(deployments.get(0).get("serves")).extracting(JsonNode::asText).containsExactly("model:fraud@2");
        assertThat(deployments.get(0).get("owners")).extracting(JsonNode::asText)
                .containsExactly("person:ana@acme.com");
        assertThat(deployments.get(2).get("owners")).extracting(JsonNode::asText)
                .containsExactly("person:bo@acme.com");
    }

    @Test
    void everythingDownstreamIsGroupedByKindWithCounts() {
        recordFraudLineage();

        JsonNode impact = impact("dataset:raw@1");

        assertThat(impact.at("/root/key").asText()).isEqualTo("dataset:raw@1");
        assertThat(impact.get("byKind").at("/dataset").findValuesAsText("key")).containsExactly("dataset:clean@1");
        assertThat(impact.get("byKind").at("/run").findValuesAsText("key")).containsExactly("run:train@r1");
        assertThat(impact.get("byKind").at("/model").findValuesAsText("key")).containsExactly("model:fraud@2");
        assertThat(impact.get("byKind").at("/evaluation").findValuesAsText("key"))
                .containsExactly("evaluation:holdout");
        assertThat(impact.get("byKind").at("/deployment").findValuesAsText("key")).hasSize(3)
                .doesNotContain("deployment:unrelated");
        assertThat(impact.at("/counts/deployment").asInt()).isEqualTo(3);
        assertThat(impact.get("total").asInt()).isEqualTo(7);
        assertThat(impact.get("truncated").asBoolean()).isFalse();
        assertThat(impact.get("byKind").findValuesAsText("key")).doesNotContain("dataset:raw@1");
    }

    @Test
    void ownersWhoHandedOverAreNotListed() {
        recordFraudLineage();
        admin.put("/api/v1/nodes", deployment("deployment:fraud-api-prod", "production", "person:dan@acme.com"));

        JsonNode first = impact("dataset:raw@1").get("deployments").get(0);

        assertThat(first.get("owners")).extracting(JsonNode::asText).containsExactly("person:dan@acme.com");
    }

    @Test
    void deploymentThatStoppedServingIsNoLongerImpacted() {
        recordFraudLineage();
        admin.post("/api/v1/relations/close",
                Map.of("from", "deployment:aaa-staging", "type", "SERVES", "to", "model:fraud@2"));

        assertThat(impact("dataset:raw@1").get("deployments").findValuesAsText("key"))
                .containsExactly("deployment:fraud-api-prod", "deployment:zzz-prod-eu");
    }

    @Test
    void nodeWithNothingDownstreamHasAnEmptyImpact() {
        recordFraudLineage();

        JsonNode impact = impact("deployment:unrelated");

        assertThat(impact.get("deployments")).isEmpty();
        assertThat(impact.get("total").asInt()).isZero();
    }

    @Test
    void depthLimitsTheImpact() {
        recordFraudLineage();

        JsonNode impact = admin.get("/api/v1/impact?key=" + Api.q("dataset:raw@1") + "&depth=2").json();

        assertThat(impact.get("byKind").findValuesAsText("key")).containsExactlyInAnyOrder("dataset:clean@1",
                "run:train@r1");
        assertThat(impact.get("deployments")).isEmpty();
        assertProblem(admin.get("/api/v1/impact?key=" + Api.q("dataset:raw@1") + "&depth=51"), 400, "depth");
    }

    @Test
    void kindsLimitEveryListOfTheImpactDeploymentsToo() {
        recordFraudLineage();

        JsonNode models = admin.get("/api/v1/impact?key=" + Api.q("dataset:raw@1") + "&kinds=model").json();
        JsonNode serving = admin.get("/api/v1/impact?key=" + Api.q("dataset:raw@1") + "&kinds=model,deployment")
                .json();

        assertThat(models.get("byKind").findValuesAsText("key")).containsExactly("model:fraud@2");
        assertThat(models.get("total").asInt()).isEqualTo(1);
        assertThat(models.get("deployments")).isEmpty();
        assertThat(serving.get("counts").toString()).isEqualTo("{\"deployment\":3,\"model\":1}");
        assertThat(serving.get("deployments").findValuesAsText("key")).containsExactly("deployment:fraud-api-prod",
                "deployment:zzz-prod-eu", "deployment:aaa-staging");
        assertProblem(admin.get("/api/v1/impact?key=" + Api.q("dataset:raw@1") + "&kinds=widget"), 400, "kinds");
    }

    @Test
    void unknownNodeIs404NamingKey() {
        assertProblem(admin.get("/api/v1/impact?key=" + Api.q("dataset:ghost@1")), 404, "key");
    }
}
