package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.AtOnce;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What MLflow clients write reaches Pedigree's governance: proxy files become the version's artifacts (which
 * approvals bind to and which then keep their content), run metrics count for metric gates, and a governed alias
 * cannot move on a gate check that a concurrent change has made stale.
 */
class MlflowGovernanceIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private static Api.Response put(Api as, String path, String content) {
        return as.send(as.builder(ARTIFACTS + "/" + path).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString(content)));
    }

    private static JsonNode gate(Api as, String model, int version, String name) {
        for (JsonNode g : Registry.ok(as.get("/api/v1/models/" + model + "/versions/" + version
                + "/gates?stage=production")).get("gates")) {
            if (g.get("gate").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no gate " + name);
    }

    @Test
    void proxyFilesOfARegisteredVersionAreItsArtifactsAndKeepTheirContent() {
        Api writer = admin.withNewToken("svc-py", "writer");
        JsonNode run = writer.post(API + "runs/create", Map.of("experiment_id", "0")).json().at("/run/info");
        String runId = run.get("run_id").asText();
        String dir = run.get("artifact_uri").asText().substring("mlflow-artifacts:/".length()) + "/model";
        put(writer, dir + "/MLmodel", "flavors: {}");
        put(writer, dir + "/data/weights.bin", "0123456789");
        put(writer, dir + "/data/copy.bin", "0123456789");
        put(writer, "0/elsewhere/artifacts/model/other.bin", "not this model's");
        writer.post(API + "registered-models/create", Map.of("name", "fraud"));
        writer.post(API + "model-versions/create", Map.of("name", "fraud", "source", "mlflow-artifacts:/" + dir,
                "run_id", runId));
        // runs:/<run id>/<path> names the same files.
        writer.post(API + "model-versions/create", Map.of("name", "fraud", "source", "runs:/" + runId + "/model",
                "run_id", runId));

        for (String version : List.of("model:fraud@1", "model:fraud@2")) {
            // One artifact per distinct content: MLmodel and the weights (stored at two paths).
            assertThat(Graph.count("MATCH (:Node {key: $k})-[:HAS_ARTIFACT]->(a:Artifact) RETURN count(a) AS c",
                    "k", version)).isEqualTo(2);
        }
        // An approval binds to that content, and the files it covers keep it: a changed upload is refused, a
        // retried one answers success, and the download is what was approved.
        Registry.approve(admin.withNewToken("ana", "approver"), "fraud", 1, "production");
        Api.Response changed = put(writer, dir + "/data/weights.bin", "tampered");
        assertThat(changed.status()).as(changed.body()).isEqualTo(409);
        assertThat(changed.json().get("error_code").asText()).isEqualTo("RESOURCE_CONFLICT");
        assertThat(put(writer, dir + "/data/weights.bin", "0123456789").status()).isEqualTo(200);
        assertThat(writer.get(ARTIFACTS + "/" + dir + "/data/weights.bin").body()).isEqualTo("0123456789");
        JsonNode approvals = admin.get("/api/v1/models/fraud/versions/1/approvals").json();
        assertThat(approvals.toString()).contains("\"stale\":false");
        // A file under no registered version may still be replaced.
        assertThat(put(writer, "0/elsewhere/artifacts/model/other.bin", "changed").status()).isEqualTo(200);
    }

    @Test
    void runMetricsAreTheVersionsEvaluationOnItsEvalDatasetForMetricGates() {
        Api writer = admin.withNewToken("svc-py", "writer");
        writer.post(API + "registered-models/create", Map.of("name", "fraud"));
        Registry.ok(admin.put("/api/v1/models/fraud/policy", Map.of("production", Map.of("approvals", 0,
                "metrics", List.of(Map.of("metric", "auc", "op", ">=", "value", 0.9, "dataset",
                        "dataset:holdout@d1"))), "reason", "auc on the holdout")));
        String run = writer.post(API + "runs/create", Map.of("experiment_id", "0")).json().at("/run/info/run_id")
                .asText();
        writer.post(API + "runs/log-inputs", Map.of("run_id", run, "datasets", List.of(
                Map.of("tags", List.of(Map.of("key", "mlflow.data.context", "value", "training")),
                        "dataset", Map.of("name", "train", "digest", "t1")),
                Map.of("tags", List.of(Map.of("key", "mlflow.data.context", "value", "eval")),
                        "dataset", Map.of("name", "holdout", "digest", "d1")))));
        writer.post(API + "runs/log-batch", Map.of("run_id", run, "metrics", List.of(
                Map.of("key", "auc", "value", 0.85, "timestamp", "1700000000000", "step", "0"),
                Map.of("key", "val_loss", "value", 0.3, "timestamp", "1700000000000", "step", "0"))));
        writer.post(API + "model-versions/create", Map.of("name", "fraud", "source", "s3://m/1", "run_id", run));

        JsonNode auc = gate(admin, "fraud", 1, "metric:auc");
        assertThat(auc.get("passed").asBoolean()).isFalse();
        assertThat(auc.get("detail").asText()).contains("auc is 0.85");
        JsonNode evals = admin.get("/api/v1/models/fraud/versions/1/evaluations").json();
        assertThat(evals.toString()).contains("\"suite\":\"mlflow\"").contains("dataset:holdout@d1")
                .contains("\"higherIsBetter\":false");

        // A better metric logged to the run afterwards reaches the version's gate.
        writer.post(API + "runs/log-metric", Map.of("run_id", run, "key", "auc", "value", 0.95,
                "timestamp", "1700000001000", "step", "1"));
        assertThat(gate(admin, "fraud", 1, "metric:auc").get("passed").asBoolean()).isTrue();
        // Logging that changes no metric records no new evaluation.
        writer.post(API + "runs/log-metric", Map.of("run_id", run, "key", "auc", "value", 0.95,
                "timestamp", "1700000001000", "step", "1"));
        assertThat(Graph.count("MATCH (e:Evaluation) RETURN count(e) AS c")).isEqualTo(2);
    }

    @Test
    void aGovernedAliasNeverMovesOnAGateCheckAConcurrentPolicyChangeMadeStale() throws Exception {
        Api writer = admin.withNewToken("svc-train", "writer");
        for (int round = 0; round < 12; round++) {
            String model = "race-" + round;
            writer.post(API + "registered-models/create", Map.of("name", model));
            Registry.ok(admin.put("/api/v1/models/" + model + "/policy", Map.of("production",
                    Map.of("approvals", 0), "governedAliases", List.of("champion"), "reason", "champion serves")));
            writer.post(API + "model-versions/create", Map.of("name", model, "source", "s3://m/" + round));
            AtOnce.run(2, client -> client == 0
                    ? writer.post(API + "registered-models/alias", Map.of("name", model, "alias", "champion",
                    "version", "1"))
                    : admin.put("/api/v1/models/" + model + "/policy", Map.of("production", Map.of("approvals", 1),
                    "governedAliases", List.of("champion"), "reason", "now needs an approval")));
            List<Record> events = Graph.rows("MATCH (e:AuditEvent {target: $t}) WHERE e.action IN"
                    + " ['alias.move', 'model.policy'] RETURN e.action AS action ORDER BY e.seq",
                    "t", "model:" + model);
            List<String> order = events.stream().map(r -> r.get("action").asString()).toList();
            // The policy was set once before the race; an alias move may only come before the second change.
            assertThat(order).as("round " + round).isIn(List.of("model.policy", "model.policy"),
                    List.of("model.policy", "alias.move", "model.policy"));
        }
    }
}
