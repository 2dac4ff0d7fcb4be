package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official MLflow Java client (2.17.2) against a running Pedigree: tracking, registry reads, and registry writes
 * through its sendPost/sendPatch, with Pedigree's gates deciding stage transitions and governed aliases.
 */
class MlflowClientIT extends PedigreeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Api writer;
    private MlflowClient client;

    @BeforeEach
    void clients() {
        writer = admin.withNewToken("svc-train", "writer");
        client = new MlflowClient(new BasicMlflowHostCreds(admin.base(), writer.token()));
    }

    private JsonNode post(String path, Object body) throws Exception {
        return JSON.readTree(client.sendPost(path, JSON.writeValueAsString(body)));
    }

    private String trainingRun() {
        String experiment = client.createExperiment("fraud-training");
        Service.RunInfo run = client.createRun(experiment);
        client.logBatch(run.getRunId(),
                List.of(Service.Metric.newBuilder().setKey("auc").setValue(0.91).setTimestamp(1_700_000_000_000L)
                        .setStep(0).build()),
                List.of(Service.Param.newBuilder().setKey("learning_rate").setValue("0.1").build()),
                List.of(Service.RunTag.newBuilder().setKey("team").setValue("risk").build()));
        client.logMetric(run.getRunId(), "auc", 0.93, 1_700_000_060_000L, 1);
        client.setTerminated(run.getRunId(), Service.RunStatus.FINISHED, 1_700_000_120_000L);
        return run.getRunId();
    }

    @Test
    void runsLoggedWithTheJavaClientAreRunNodesWithParamsMetricsAndHistory() throws Exception {
        String runId = trainingRun();
        String experiment = client.getExperimentByName("fraud-training").orElseThrow().getExperimentId();
        post("runs/log-inputs", Map.of("run_id", runId, "datasets", List.of(Map.of(
                "tags", List.of(Map.of("key", "mlflow.data.context", "value", "training")),
                "dataset", Map.of("name", "transactions", "digest", "d41d8cd9", "source_type", "delta",
                        "source", "{\"path\": \"s3://lake/tx\"}")))));

        Service.Run run = client.getRun(runId);
        assertThat(run.getInfo().getStatus()).isEqualTo(Service.RunStatus.FINISHED);
        assertThat(run.getInfo().getEndTime()).isEqualTo(1_700_000_120_000L);
        assertThat(run.getData().getParamsList()).extracting(Service.Param::getValue).containsExactly("0.1");
        assertThat(run.getData().getMetricsList()).singleElement()
                .satisfies(m -> assertThat(m.getValue()).isEqualTo(0.93));
        assertThat(run.getInputs().getDatasetInputsList()).singleElement()
                .satisfies(d -> assertThat(d.getDataset().getDigest()).isEqualTo("d41d8cd9"));
        assertThat(client.getMetricHistory(runId, "auc")).extracting(Service.Metric::getTimestamp)
                .containsExactly(1_700_000_000_000L, 1_700_000_060_000L);
        assertThat(client.searchRuns(List.of(experiment), "")).extracting(Service.RunInfo::getRunId)
                .containsExactly(runId);

        // The run is a run node of the lineage graph, with what MLflow logged, and USED the dataset.
        String key = "run:mlflow/fraud-training@" + runId;
        JsonNode node = admin.get("/api/v1/node?key=" + Api.q(key)).json();
        assertThat(node.toString()).contains("learning_rate").contains("0.93");
        JsonNode lineage = admin.get("/api/v1/lineage?key=" + Api.q(key) + "&direction=upstream").json();
        assertThat(lineage.toString()).contains("dataset:transactions@d41d8cd9");
    }

    @Test
    void registryWritesThroughSendPostAreReadBackByTheClient() throws Exception {
        String runId = trainingRun();
        post("registered-models/create", Map.of("name", "fraud", "description", "card fraud"));
        JsonNode v1 = post("model-versions/create", Map.of("name", "fraud", "source", "s3://models/fraud/1",
                "run_id", runId, "tags", List.of(Map.of("key", "framework", "value", "xgboost"))));
        assertThat(v1.at("/model_version/version").asText()).isEqualTo("1");
        assertThat(v1.at("/model_version/status").asText()).isEqualTo("READY");

        ModelRegistry.ModelVersion got = client.getModelVersion("fraud", "1");
        assertThat(got.getRunId()).isEqualTo(runId);
        assertThat(got.getSource()).isEqualTo("s3://models/fraud/1");
        assertThat(got.getCurrentStage()).isEqualTo("None");
        assertThat(got.getTagsList()).extracting(ModelRegistry.ModelVersionTag::getKey).containsExactly("framework");
        assertThat(client.getModelVersionDownloadUri("fraud", "1")).isEqualTo("s3://models/fraud/1");
        assertThat(client.getRegisteredModel("fraud").getDescription()).isEqualTo("card fraud");
        JSON.readTree(client.sendPatch("model-versions/update", JSON.writeValueAsString(Map.of("name", "fraud",
                "version", "1", "description", "first"))));
        assertThat(client.getModelVersion("fraud", "1").getDescription()).isEqualTo("first");

        // The version is Pedigree's model:fraud@1, generated by the MLflow run.
        JsonNode pedigree = admin.get("/api/v1/models/fraud/versions/1").json();
        assertThat(pedigree.at("/version/run").asText()).isEqualTo("run:mlflow/fraud-training@" + runId);
    }

    @Test
    void searchModelVersionsPagesThroughEveryMatchWithTheFilterGrammar() throws Exception {
        post("registered-models/create", Map.of("name", "fraud"));
        post("registered-models/create", Map.of("name", "churn"));
        for (int i = 1; i <= 5; i++) {
            post("model-versions/create", Map.of("name", "fraud", "source", "s3://m/fraud/" + i,
                    "tags", List.of(Map.of("key", "parity", "value", i % 2 == 0 ? "even" : "odd"))));
        }
        post("model-versions/create", Map.of("name", "churn", "source", "s3://m/churn/1"));

        List<String> seen = new ArrayList<>();
        ModelVersionsPage page = client.searchModelVersions("name = 'fraud'", 2, List.of("version_number ASC"));
        assertThat(page.getItems()).hasSize(2);
        while (true) {
            page.getItems().forEach(v -> seen.add(v.getVersion()));
            if (!page.hasNextPage()) {
                break;
            }
            page = (ModelVersionsPage) page.getNextPage();
        }
        assertThat(seen).containsExactly("1", "2", "3", "4", "5");
        assertThat(client.searchModelVersions("name ILIKE 'FR%' AND tags.parity = 'even'").getItems())
                .extracting(ModelRegistry.ModelVersion::getVersion).containsExactlyInAnyOrder("2", "4");
        assertThat(client.searchModelVersions("source_path LIKE 's3://m/churn/%'").getItems())
                .extracting(ModelRegistry.ModelVersion::getName).containsExactly("churn");

        assertThatThrownBy(() -> client.searchModelVersions("name = 'a' OR name = 'b'"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE");
                });
    }

    @Test
    void transitionStageIsRefusedListingEveryUnmetGateThenPassesOnceTheyAreMet() throws Exception {
        post("registered-models/create", Map.of("name", "fraud"));
        post("model-versions/create", Map.of("name", "fraud", "source", "s3://m/1"));
        post("model-versions/transition-stage", Map.of("name", "fraud", "version", "1", "stage", "Staging",
                "archive_existing_versions", "false"));

        Map<String, Object> toProduction = Map.of("name", "fraud", "version", "1", "stage", "Production",
                "archive_existing_versions", "true");
        assertThatThrownBy(() -> post("model-versions/transition-stage", toProduction))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_CONFLICT").contains("approvals")
                            .contains("card:intendedUse").contains("card:riskLevel");
                });
        assertThat(client.getModelVersion("fraud", "1").getCurrentStage()).isEqualTo("Staging");

        Registry.ok(admin.patch("/api/v1/models/fraud/versions/1", Map.of("card", Registry.FULL_CARD)));
        Registry.approve(admin.withNewToken("ana", "approver"), "fraud", 1, "production");
        JsonNode promoted = post("model-versions/transition-stage", toProduction);
        assertThat(promoted.at("/model_version/current_stage").asText()).isEqualTo("Production");
        // A retry of a call that succeeded changes nothing and answers the same.
        assertThat(post("model-versions/transition-stage", toProduction).at("/model_version/current_stage")
                .asText()).isEqualTo("Production");
        assertThat(client.getLatestVersions("fraud", List.of("Production")))
                .extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("1");

        // archive_existing_versions is Pedigree's replacement rule: the old production version steps back.
        post("model-versions/create", Map.of("name", "fraud", "source", "s3://m/2"));
        post("model-versions/transition-stage", Map.of("name", "fraud", "version", "2", "stage", "Staging",
                "archive_existing_versions", "false"));
        Registry.ok(admin.patch("/api/v1/models/fraud/versions/2", Map.of("card", Registry.FULL_CARD)));
        Registry.approve(admin.withNewToken("bo", "approver"), "fraud", 2, "production");
        assertThatThrownBy(() -> post("model-versions/transition-stage", Map.of("name", "fraud", "version", "2",
                "stage", "Production", "archive_existing_versions", "false")))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getBodyMessage())
                        .contains("replace"));
        post("model-versions/transition-stage", Map.of("name", "fraud", "version", "2", "stage", "Production",
                "archive_existing_versions", "true"));
        assertThat(client.getModelVersion("fraud", "1").getCurrentStage()).isEqualTo("Staging");
        assertThat(client.getModelVersion("fraud", "2").getCurrentStage()).isEqualTo("Production");
    }

    @Test
    void aGovernedAliasMovesOnlyToAVersionThatMeetsTheProductionGates() throws Exception {
        post("registered-models/create", Map.of("name", "fraud"));
        Registry.ok(admin.put("/api/v1/models/fraud/policy", Map.of("production", Map.of("approvals", 0,
                "cardFields", List.of("intendedUse")), "governedAliases", List.of("champion"),
                "reason", "champion serves")));
        post("model-versions/create", Map.of("name", "fraud", "source", "s3://m/1"));

        assertThatThrownBy(() -> post("registered-models/alias", Map.of("name", "fraud", "alias", "champion",
                "version", "1"))).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getBodyMessage()).contains("card:intendedUse"));
        assertThat(client.getRegisteredModel("fraud").getAliasesList()).isEmpty();
        // An alias the policy does not govern moves freely.
        post("registered-models/alias", Map.of("name", "fraud", "alias", "candidate", "version", "1"));

        Registry.ok(admin.patch("/api/v1/models/fraud/versions/1", Map.of("card", Registry.FULL_CARD)));
        post("registered-models/alias", Map.of("name", "fraud", "alias", "champion", "version", "1"));
        assertThat(client.getRegisteredModel("fraud").getAliasesList())
                .extracting(ModelRegistry.RegisteredModelAlias::getAlias).containsExactly("candidate", "champion");
        JsonNode audit = admin.get("/api/v1/audit?action=alias.move").json();
        assertThat(audit.toString()).contains("svc-train");
    }
}
