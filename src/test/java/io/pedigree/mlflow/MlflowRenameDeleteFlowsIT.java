package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flows of docs/mlflow.md "Renaming a model" and "Deleting a model" as the clients run them: the official Java
 * client's calls, and the JSON the Python client sends for rename, delete, {@code load_model("models:/name@alias")}
 * and searches.
 */
class MlflowRenameDeleteFlowsIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Api.Response put(Api as, String path, String content) {
        return as.send(as.builder(ARTIFACTS + "/" + path).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString(content)));
    }

    private static Api.Response deleteWithBody(Api as, String path, String json) {
        return as.send(as.builder(path).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Api.Response postJson(Api as, String path, String json) {
        return as.postRaw(path, "application/json", json);
    }

    @Test
    void theJavaClientReadsARenamedModelItsVersionAndAliasUnderTheNewNameOnly() throws Exception {
        Api writer = admin.withNewToken("svc-train", "writer");
        MlflowClient training = new MlflowClient(new BasicMlflowHostCreds(admin.base(), writer.token()));
        training.sendPost("registered-models/create", JSON.writeValueAsString(Map.of("name", "fraud")));
        training.sendPost("model-versions/create", JSON.writeValueAsString(Map.of("name", "fraud",
                "source", "s3://models/fraud/1")));
        training.sendPost("registered-models/alias", JSON.writeValueAsString(Map.of("name", "fraud",
                "alias", "champion", "version", "1")));

        Api approver = admin.withNewToken("ana", "approver");
        MlflowClient owner = new MlflowClient(new BasicMlflowHostCreds(admin.base(), approver.token()));
        assertThatThrownBy(() -> training.sendPost("registered-models/rename", JSON.writeValueAsString(Map.of(
                "name", "fraud", "new_name", "scoring")))).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
        JsonNode renamed = JSON.readTree(owner.sendPost("registered-models/rename", JSON.writeValueAsString(Map.of(
                "name", "fraud", "new_name", "scoring"))));
        assertThat(renamed.at("/registered_model/name").asText()).isEqualTo("scoring");

        ModelRegistry.RegisteredModel model = training.getRegisteredModel("scoring");
        assertThat(model.getAliasesList()).extracting(a -> a.getAlias() + "=" + a.getVersion())
                .containsExactly("champion=1");
        ModelRegistry.ModelVersion v = training.getModelVersion("scoring", "1");
        assertThat(v.getName()).isEqualTo("scoring");
        assertThat(training.getModelVersionDownloadUri("scoring", "1")).isEqualTo("s3://models/fraud/1");
        assertThat(training.getLatestVersions("scoring")).extracting(ModelRegistry.ModelVersion::getVersion)
                .containsExactly("1");
        assertThat(JSON.readTree(training.sendGet("registered-models/alias?name=scoring&alias=champion"))
                .at("/model_version/version").asText()).isEqualTo("1");
        assertThatThrownBy(() -> training.getRegisteredModel("fraud")).isInstanceOfSatisfying(
                MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
                });
        assertThatThrownBy(() -> training.getModelVersionDownloadUri("fraud", "1"))
                .isInstanceOf(MlflowHttpException.class);
    }

    @Test
    void pythonLoadsARenamedModelByAliasThenDeletesItAndSearchesNoLongerFindIt() {
        Api writer = admin.withNewToken("svc-py", "writer");
        JsonNode run = postJson(writer, API + "runs/create", "{\"experiment_id\": \"0\"}").json().at("/run/info");
        String dir = run.get("artifact_uri").asText().substring("mlflow-artifacts:/".length()) + "/model";
        assertThat(put(writer, dir + "/MLmodel", "flavors: {}").status()).isEqualTo(200);
        assertThat(put(writer, dir + "/model.pkl", "weights").status()).isEqualTo(200);
        postJson(writer, API + "registered-models/create", "{\"name\": \"fraud\"}");
        postJson(writer, API + "model-versions/create", "{\"name\": \"fraud\", \"source\": \"mlflow-artifacts:/"
                + dir + "\", \"run_id\": \"" + run.get("run_id").asText() + "\", \"tags\": [], \"run_link\": null,"
                + " \"description\": null}");
        postJson(writer, API + "registered-models/alias", "{\"name\": \"fraud\", \"alias\": \"champion\","
                + " \"version\": \"1\"}");

        // MlflowClient().rename_registered_model("fraud", "scoring")
        Api approver = admin.withNewToken("ana", "approver");
        Api.Response renamed = postJson(approver, API + "registered-models/rename",
                "{\"name\": \"fraud\", \"new_name\": \"scoring\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);

        // mlflow.pyfunc.load_model("models:/scoring@champion"): alias, download URI, listing, files.
        Api reader = admin.withNewToken("svc-serve", "reader");
        JsonNode byAlias = reader.get(API + "registered-models/alias?name=scoring&alias=champion").json();
        assertThat(byAlias.at("/model_version/name").asText()).isEqualTo("scoring");
        String version = byAlias.at("/model_version/version").asText();
        String uri = reader.get(API + "model-versions/get-download-uri?name=scoring&version=" + version).json()
                .get("artifact_uri").asText();
        assertThat(uri).isEqualTo("mlflow-artifacts:/" + dir);
        assertThat(reader.get(ARTIFACTS + "?path=" + Api.q(dir)).json().get("files").toString())
                .contains("\"path\":\"MLmodel\"").contains("\"path\":\"model.pkl\"");
        assertThat(reader.get(ARTIFACTS + "/" + dir + "/model.pkl").body()).isEqualTo("weights");
        // The renamed version still pins its files.
        assertThat(put(writer, dir + "/model.pkl", "other weights").status()).isEqualTo(409);
        assertThat(reader.get(API + "registered-models/alias?name=fraud&alias=champion").status()).isEqualTo(404);
        assertThat(reader.get(API + "model-versions/search?filter=" + Api.q("name='scoring'")).json()
                .get("model_versions")).hasSize(1);

        // MlflowClient().delete_registered_model("scoring"): DELETE with a JSON body.
        Api.Response deleted = deleteWithBody(approver, API + "registered-models/delete", "{\"name\": \"scoring\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(reader.get(API + "registered-models/search?max_results=100").json().path("registered_models"))
                .isEmpty();
        assertThat(reader.get(API + "registered-models/search?filter=" + Api.q("name LIKE 'sco%'")).json()
                .path("registered_models")).isEmpty();
        assertThat(reader.get(API + "model-versions/search?filter=" + Api.q("name='scoring'")).json()
                .path("model_versions")).isEmpty();
        Api.Response get = reader.get(API + "registered-models/get?name=scoring");
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(reader.get(API + "registered-models/alias?name=scoring&alias=champion").status()).isEqualTo(404);
        assertThat(reader.get(API + "model-versions/get-download-uri?name=scoring&version=1").status())
                .isEqualTo(404);
        assertThat(reader.get(API + "registered-models/get-latest-versions?name=scoring").status()).isEqualTo(404);
        // A retry of the delete (its answer lost) is answered as the first was.
        assertThat(deleteWithBody(approver, API + "registered-models/delete", "{\"name\": \"scoring\"}").status())
                .isEqualTo(200);
    }
}
