package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registered-models/rename} (and {@code POST /api/v1/models/{name}/rename}): afterwards the model and its
 * versions answer under the new name only, with everything that governs them; the audit log keeps the old name.
 */
class MlflowRenameIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";

    /** A model in production with a deployment, a governed alias, an evaluation, approvals, tags and lineage. */
    private Registry governedFraudModel() {
        Registry reg = new Registry(admin);
        reg.lineage("dataset:tx@1", "run:train@1");
        reg.model("fraud", Map.of("production", Map.of("approvals", 1), "governedAliases", List.of("champion")));
        reg.version("fraud", "run:train@1", List.of("dataset:tx@1"));
        reg.version("fraud", "run:train@1", List.of("dataset:tx@1"));
        reg.evaluate("fraud", 1, "holdout", "auc", 0.91);
        Registry.approve(admin.withNewToken("ana", "approver"), "fraud", 1, "production");
        reg.deployment("fraud-prod", "production");
        reg.promote(admin, "fraud", 1, "staging", Map.of());
        reg.promote(admin, "fraud", 1, "production", Map.of("deployments", List.of("fraud-prod")));
        Registry.ok(admin.put("/api/v1/models/fraud/aliases/champion", Map.of("version", 1, "reason", "serves")));
        Registry.ok(admin.post(API + "registered-models/set-tag", Map.of("name", "fraud", "key", "team",
                "value", "risk")));
        Registry.ok(admin.post("/api/v1/quarantines", Map.of("key", "model:fraud@2", "reason", "leaked labels")));
        return reg;
    }

    @Test
    void aRenamedModelAnswersUnderTheNewNameOnlyWithEverythingThatGovernsIt() {
        Registry reg = governedFraudModel();
        Api approver = admin.withNewToken("ana", "approver");

        JsonNode renamed = Registry.ok(approver.post(API + "registered-models/rename", Map.of("name", "fraud",
                "new_name", "scoring"))).get("registered_model");
        assertThat(renamed.get("name").asText()).isEqualTo("scoring");
        assertThat(renamed.get("aliases").toString()).contains("\"alias\":\"champion\",\"version\":\"1\"");
        assertThat(renamed.get("tags").toString()).contains("\"key\":\"team\",\"value\":\"risk\"");

        // The old name answers nothing, in MLflow's words and in Pedigree's.
        Api.Response old = admin.get(API + "registered-models/get?name=fraud");
        assertThat(old.status()).isEqualTo(404);
        assertThat(old.json().get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(admin.get(API + "model-versions/get?name=fraud&version=1").status()).isEqualTo(404);
        assertProblem(admin.get("/api/v1/models/fraud"), 404, "name");
        assertThat(Graph.count("MATCH (n:Node) WHERE n.key STARTS WITH 'model:fraud' RETURN count(n) AS c"))
                .isZero();

        // Stages, approvals, evaluations, gates, the deployment, lineage and the quarantine follow the model.
        JsonNode v1 = Registry.ok(admin.get(API + "model-versions/get?name=scoring&version=1")).get("model_version");
        assertThat(v1.get("current_stage").asText()).isEqualTo("Production");
        assertThat(v1.get("aliases").toString()).contains("champion");
        JsonNode detail = Registry.ok(admin.get("/api/v1/models/scoring/versions/1"));
        assertThat(detail.get("version").get("key").asText()).isEqualTo("model:scoring@1");
        assertThat(Registry.ok(admin.get("/api/v1/models/scoring/versions/1/approvals")).toString())
                .contains("\"stale\":false");
        assertThat(Registry.ok(admin.get("/api/v1/models/scoring/versions/1/evaluations")).toString())
                .contains("holdout").contains("0.91");
        JsonNode gates = Registry.ok(admin.get("/api/v1/models/scoring/versions/1/gates?stage=production"));
        assertThat(gates.get("passed").asBoolean()).as(gates.toString()).isTrue();
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:scoring@1");
        assertThat(Graph.count("""
                MATCH (:Node {key: 'model:scoring@1'})-[:WAS_GENERATED_BY]->(:Node {key: 'run:train@1'})
                      -[:USED]->(:Node {key: 'dataset:tx@1'})
                RETURN count(*) AS c""")).isEqualTo(1);
        assertThat(Registry.ok(admin.get("/api/v1/quarantines?key=" + Api.q("model:scoring@2"))).toString())
                .contains("leaked labels");
        assertThat(Registry.ok(admin.get("/api/v1/models/scoring/versions/2/gates?stage=staging")).toString())
                .contains("model:scoring@2");

        // The audit log is not rewritten: one event names both keys, so history under the old one is explained.
        List<Record> events = Audit.events("model.renamed");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("actor").asString()).isEqualTo("ana");
        assertThat(events.get(0).get("target").asString()).isEqualTo("model:scoring");
        assertThat(events.get(0).get("targets").asList(v -> v.asString())).contains("model:fraud");
        assertThat(Audit.count("version.register")).isEqualTo(2);
        JsonNode former = Registry.ok(admin.get("/api/v1/models/scoring")).get("formerNames");
        assertThat(former).hasSize(1);
        assertThat(former.get(0).get("name").asText()).isEqualTo("fraud");
        // The version's evidence pack cites the events recorded under its old key, up to the rename.
        JsonNode pack = Registry.ok(admin.get("/api/v1/models/scoring/versions/1/evidence"));
        assertThat(pack.at("/citations/approvals")).isNotEmpty();
        assertThat(pack.at("/citations/evaluations")).isNotEmpty();
        assertThat(pack.at("/citations/identity").size()).isGreaterThanOrEqualTo(3);
        assertThat(pack.get("events").findValuesAsText("target")).contains("model:fraud@1", "model:scoring");
        for (String key : List.of("model:fraud", "model:scoring")) {
            assertThat(Registry.ok(admin.get("/api/v1/audit?target=" + Api.q(key))).toString()).as(key)
                    .contains("model.renamed");
        }
    }

    @Test
    void incidentsAndMeasurementsOfARenamedModelStayItsOwn() throws InterruptedException {
        governedFraudModel();
        Instant start = Instant.now();
        Thread.sleep(1_100);
        Registry.ok(admin.post("/api/v1/deployments/fraud-prod/incidents", Map.of("severity", "high",
                "title", "p95 above 400 ms")));
        Registry.ok(admin.post("/api/v1/measurements", Map.of("measurements", List.of(Map.of("deployment",
                "fraud-prod", "metric", "latency_ms", "value", 120, "unit", "ms", "start", start.toString(),
                "end", start.plusSeconds(1).toString())))));

        Registry.ok(admin.post("/api/v1/models/fraud/rename", Map.of("newName", "scoring", "reason", "rename")));

        JsonNode incidents = Registry.ok(admin.get("/api/v1/incidents?model=scoring"));
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).get("version").asText()).isEqualTo("model:scoring@1");
        assertThat(Registry.ok(admin.get("/api/v1/incidents?model=fraud"))).isEmpty();
        String series = Registry.ok(admin.get("/api/v1/deployments/fraud-prod/measurements?metric=latency_ms"))
                .toString();
        assertThat(series).contains("model:scoring@1").doesNotContain("model:fraud@");
    }

    @Test
    void aNewModelUnderTheOldNameStartsAfreshWithoutCollidingWithTheRenamedHistory() {
        governedFraudModel();
        Registry.ok(admin.post("/api/v1/models/fraud/rename", Map.of("newName", "scoring", "reason",
                "the team's name for it")));
        Registry reg = new Registry(admin);
        reg.model("fraud", null);
        assertThat(reg.version("fraud", "run:train@1", List.of("dataset:tx@1"))).isEqualTo(1);
        reg.evaluate("fraud", 1, "holdout", "auc", 0.5);
        assertThat(Registry.ok(admin.get("/api/v1/models/fraud/versions/1/evaluations")).toString())
                .contains("0.5").doesNotContain("0.91");
        assertThat(Registry.ok(admin.get("/api/v1/models/scoring/versions/1/evaluations")).toString())
                .contains("0.91");
        assertThat(Audit.events("model.renamed").get(0).get("reason").asString())
                .isEqualTo("the team's name for it");
        // The new fraud's events are not the renamed model's history.
        JsonNode pack = Registry.ok(admin.get("/api/v1/models/scoring/versions/1/evidence"));
        assertThat(pack.get("events").findValuesAsText("target")).contains("model:fraud@1");
        assertThat(pack.at("/citations/evaluations")).hasSize(1);
        assertThat(pack.at("/citations/identity")).hasSize(3);
    }

    @Test
    void aRenameToATakenNameOrByAWriterIsRefusedAndChangesNothing() {
        Api writer = admin.withNewToken("svc-train", "writer");
        writer.post(API + "registered-models/create", Map.of("name", "fraud"));
        writer.post(API + "registered-models/create", Map.of("name", "churn"));

        Api.Response taken = admin.post(API + "registered-models/rename", Map.of("name", "fraud",
                "new_name", "churn"));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().get("error_code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");
        assertProblem(admin.post("/api/v1/models/fraud/rename", Map.of("newName", "churn", "reason", "x")), 409);
        assertThat(writer.post(API + "registered-models/rename", Map.of("name", "fraud", "new_name", "other"))
                .status()).isEqualTo(403);
        Api.Response missing = admin.post(API + "registered-models/rename", Map.of("name", "nope",
                "new_name", "other"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertProblem(admin.post("/api/v1/models/fraud/rename", Map.of("newName", "bad name!", "reason", "x")),
                400, "newName");
        assertProblem(admin.post("/api/v1/models/fraud/rename", Map.of("newName", "other")), 400, "reason");
        assertThat(Registry.ok(admin.get(API + "registered-models/get?name=fraud")).at("/registered_model/name")
                .asText()).isEqualTo("fraud");
        assertThat(Audit.count("model.renamed")).isZero();
    }

    @Test
    void aModelWhoseVersionAnotherRecordsAsItsBaseIsNotRenamed() {
        Registry reg = new Registry(admin);
        reg.model("base", null);
        reg.version("base", null, List.of());
        reg.model("tuned", null);
        Registry.ok(reg.register("tuned", Map.of("baseModel", "model:base@1", "inputs", List.of())));

        Api.Response refused = admin.post(API + "registered-models/rename", Map.of("name", "base",
                "new_name", "foundation"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("model:tuned@1");
        assertThat(Graph.count("MATCH (n:Node {key: 'model:base@1'}) RETURN count(n) AS c")).isEqualTo(1);
    }

    @Test
    void aModelWhoseVersionAnotherRecordsAsAnInputWithOrWithoutARunIsNotRenamed() {
        Registry reg = new Registry(admin);
        reg.lineage("run:distil@1");
        reg.model("base", null);
        reg.version("base", null, List.of());
        reg.model("student", null);
        reg.version("student", "run:distil@1", List.of("model:base@1"));
        reg.model("ensemble", null);
        reg.version("ensemble", null, List.of("model:base@1"));
        reg.model("unrelated", null);
        reg.version("unrelated", null, List.of());

        Api.Response refused = admin.post(API + "registered-models/rename", Map.of("name", "base",
                "new_name", "foundation"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("model:student@1").contains("model:ensemble@1");
        assertThat(Registry.ok(admin.post(API + "registered-models/rename", Map.of("name", "unrelated",
                "new_name", "other"))).at("/registered_model/name").asText()).isEqualTo("other");
    }
}
