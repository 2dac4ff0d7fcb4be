package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MLflow API at the wire: the JSON the Python client sends for {@code mlflow.register_model} and for loading
 * {@code models:/name@alias}, MLflow's error shape and statuses, and its two ways of authenticating.
 */
class MlflowWireIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";

    private static void assertMlflowError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("error_code").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    private Api.Response deleteWithBody(Api as, String path, String json) {
        return as.send(as.builder(path).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void pythonRegisterModelCarriesOnWhenTheModelExistsAndPollsUntilReady() {
        Api writer = admin.withNewToken("svc-py", "writer");
        // mlflow.register_model: create the model; a second registration gets RESOURCE_ALREADY_EXISTS (400).
        assertThat(writer.postRaw(API + "registered-models/create", "application/json",
                "{\"name\": \"fraud\"}").status()).isEqualTo(200);
        assertMlflowError(writer.postRaw(API + "registered-models/create", "application/json",
                "{\"name\": \"fraud\"}"), 400, "RESOURCE_ALREADY_EXISTS");
        Api.Response created = writer.postRaw(API + "model-versions/create", "application/json",
                "{\"name\": \"fraud\", \"source\": \"mlflow-artifacts:/1/abc/artifacts/model\","
                        + " \"run_id\": \"abc\", \"tags\": [], \"run_link\": null, \"description\": null}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode v = created.json().get("model_version");
        assertThat(v.get("version").isTextual()).isTrue();
        assertThat(v.get("version").asText()).isEqualTo("1");
        assertThat(v.get("creation_timestamp").isNumber()).isTrue();
        // register_model polls until READY.
        JsonNode polled = writer.get(API + "model-versions/get?name=fraud&version=1").json().get("model_version");
        assertThat(polled.get("status").asText()).isEqualTo("READY");
        assertThat(polled.get("current_stage").asText()).isEqualTo("None");
        assertThat(polled.get("run_id").asText()).isEqualTo("abc");
    }

    @Test
    void loadingModelsByAliasResolvesTheAliasThenTheDownloadUri() {
        Api writer = admin.withNewToken("svc-py", "writer");
        writer.post(API + "registered-models/create", Map.of("name", "fraud"));
        writer.post(API + "model-versions/create", Map.of("name", "fraud", "source", "s3://m/fraud/1"));
        writer.post(API + "model-versions/create", Map.of("name", "fraud", "source", "s3://m/fraud/2"));
        assertThat(writer.post(API + "registered-models/alias", Map.of("name", "fraud", "alias", "champion",
                "version", "2")).status()).isEqualTo(200);

        Api reader = admin.withNewToken("svc-serve", "reader");
        JsonNode byAlias = reader.get(API + "registered-models/alias?name=fraud&alias=champion").json();
        assertThat(byAlias.at("/model_version/version").asText()).isEqualTo("2");
        assertThat(byAlias.at("/model_version/aliases/0").asText()).isEqualTo("champion");
        JsonNode uri = reader.get(API + "model-versions/get-download-uri?name=fraud&version=2").json();
        assertThat(uri.get("artifact_uri").asText()).isEqualTo("s3://m/fraud/2");

        // Python sends DELETE with a JSON body; an unknown alias afterwards is RESOURCE_DOES_NOT_EXIST.
        assertThat(deleteWithBody(writer, API + "registered-models/alias",
                "{\"name\": \"fraud\", \"alias\": \"champion\"}").status()).isEqualTo(200);
        assertMlflowError(reader.get(API + "registered-models/alias?name=fraud&alias=champion"), 404,
                "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void errorsTakeMlflowsShapeHereAndProblemJsonStaysOnApiV1() {
        assertMlflowError(admin.get(API + "registered-models/get?name=nope"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertMlflowError(admin.get(API + "no-such/endpoint"), 404, "ENDPOINT_NOT_FOUND");
        assertMlflowError(admin.postRaw(API + "registered-models/create", "application/json", "{not json"), 400,
                "INVALID_PARAMETER_VALUE");
        assertMlflowError(admin.get(API + "registered-models/get?name=a&color=red"), 400,
                "INVALID_PARAMETER_VALUE");
        Api.Response v1 = admin.get("/api/v1/models/nope");
        assertThat(v1.status()).isEqualTo(404);
        assertThat(v1.contentType()).startsWith("application/problem+json");
    }

    @Test
    void bearerAndBasicWithTheTokenAsPasswordAuthenticateAndRolesApplyAsOnApiV1() {
        Api reader = admin.withNewToken("viewer", "reader");
        assertMlflowError(new Api(admin.base(), null).get(API + "registered-models/search"), 401, "UNAUTHENTICATED");
        assertMlflowError(reader.as("not-a-token").get(API + "registered-models/search"), 401, "UNAUTHENTICATED");
        assertMlflowError(reader.post(API + "registered-models/create", Map.of("name", "fraud")), 403,
                "PERMISSION_DENIED");

        String basic = Base64.getEncoder().encodeToString(("any-user:" + admin.token())
                .getBytes(StandardCharsets.UTF_8));
        Api.Response viaBasic = admin.send(HttpRequest.newBuilder(java.net.URI.create(admin.base() + API
                        + "registered-models/create")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"fraud\"}")));
        assertThat(viaBasic.status()).as(viaBasic.body()).isEqualTo(200);
        // The audit log names the token's principal, whoever the Basic user claims to be.
        assertThat(admin.get("/api/v1/audit?action=model.register").body()).doesNotContain("any-user");
        String wrongPassword = Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
        Api.Response refused = admin.send(HttpRequest.newBuilder(java.net.URI.create(admin.base() + API
                + "registered-models/search")).header("Authorization", "Basic " + wrongPassword).GET());
        assertMlflowError(refused, 401, "UNAUTHENTICATED");
        // Basic is for MLflow clients; /api/v1 still takes bearer tokens only.
        Api.Response v1 = admin.send(HttpRequest.newBuilder(java.net.URI.create(admin.base() + "/api/v1/models"))
                .header("Authorization", "Basic " + basic).GET());
        assertThat(v1.status()).isEqualTo(401);
    }

    @Test
    void trackingAcceptsInt64FieldsAsStringsAndRetriedLogsAddNothing() {
        Api writer = admin.withNewToken("svc-py", "writer");
        String runId = writer.post(API + "runs/create", Map.of("experiment_id", "0", "start_time", "1700000000000"))
                .json().at("/run/info/run_id").asText();
        String metric = "{\"run_uuid\":\"" + runId + "\",\"key\":\"acc\",\"value\":0.9,"
                + "\"timestamp\":\"1700000000000\",\"step\":\"0\",\"run_id\":\"" + runId + "\"}";
        for (int attempt = 0; attempt < 2; attempt++) {
            Api.Response logged = writer.postRaw(API + "runs/log-metric", "application/json", metric);
            assertThat(logged.status()).as(logged.body()).isEqualTo(200);
        }
        String param = "{\"run_id\":\"" + runId + "\",\"key\":\"lr\",\"value\":\"0.1\"}";
        assertThat(writer.postRaw(API + "runs/log-parameter", "application/json", param).status()).isEqualTo(200);
        assertThat(writer.postRaw(API + "runs/log-parameter", "application/json", param).status()).isEqualTo(200);
        assertMlflowError(writer.postRaw(API + "runs/log-parameter", "application/json",
                param.replace("0.1", "0.2")), 400, "INVALID_PARAMETER_VALUE");

        JsonNode history = writer.get(API + "metrics/get-history?run_id=" + runId + "&metric_key=acc").json();
        assertThat(history.get("metrics")).hasSize(1);
        JsonNode run = writer.get(API + "runs/get?run_id=" + runId).json().get("run");
        assertThat(run.at("/info/start_time").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(run.at("/info/experiment_id").asText()).isEqualTo("0");
        assertThat(run.at("/data/params/0/value").asText()).isEqualTo("0.1");
    }

    @Test
    void mlflowFedRunsAndVersionsShowTheirParamsAndMetricsOnTheirPages() {
        Api writer = admin.withNewToken("svc-py", "writer");
        String runId = writer.post(API + "runs/create", Map.of("experiment_id", "0", "run_name", "nightly"))
                .json().at("/run/info/run_id").asText();
        writer.post(API + "runs/log-batch", Map.of("run_id", runId,
                "params", java.util.List.of(Map.of("key", "max_depth", "value", "7")),
                "metrics", java.util.List.of(Map.of("key", "val_auc", "value", 0.934, "timestamp", "1700000000000",
                        "step", "3"))));
        writer.post(API + "registered-models/create", Map.of("name", "fraud"));
        writer.post(API + "model-versions/create", Map.of("name", "fraud", "source", "s3://m/1", "run_id", runId));

        io.pedigree.testing.WebClient browser = new io.pedigree.testing.WebClient(app);
        browser.signIn(io.pedigree.testing.TestApp.ADMIN_TOKEN);
        String runPage = browser.get("/node?key=" + Api.q("run:mlflow/Default@" + runId)).body();
        assertThat(runPage).contains("max_depth: 7").contains("val_auc: 0.934").contains("nightly");
        String versionPage = browser.get("/node?key=" + Api.q("model:fraud@1")).body();
        assertThat(versionPage).contains("max_depth: 7").contains("run:mlflow/Default@" + runId);
    }
}
