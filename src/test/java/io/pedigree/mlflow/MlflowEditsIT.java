package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The MLflow edit calls the client tests do not reach: tags, updates, searches, delete, and the refusals. */
class MlflowEditsIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";

    private static Api.Response delete(Api as, String path, String json) {
        return as.send(as.builder(API + path).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void tagsDescriptionsAndSearchesOfModelsAndExperiments() {
        Api w = admin.withNewToken("svc", "writer");
        w.post(API + "registered-models/create", Map.of("name", "fraud", "tags", List.of(Map.of("key", "team",
                "value", "risk"))));
        w.post(API + "registered-models/create", Map.of("name", "churn"));
        assertThat(w.patch(API + "registered-models/update", Map.of("name", "fraud", "description", "v2"))
                .json().at("/registered_model/description").asText()).isEqualTo("v2");
        w.post(API + "registered-models/set-tag", Map.of("name", "fraud", "key", "tier", "value", "gold"));
        assertThat(delete(w, "registered-models/delete-tag", "{\"name\":\"fraud\",\"key\":\"team\"}").status())
                .isEqualTo(200);
        JsonNode found = w.get(API + "registered-models/search?filter=" + Api.q("tags.tier = 'gold'")).json();
        assertThat(found.get("registered_models")).hasSize(1);
        assertThat(found.at("/registered_models/0/tags").toString()).contains("tier").doesNotContain("team");

        w.post(API + "model-versions/create", Map.of("name", "fraud", "source", "s3://m/1"));
        w.post(API + "model-versions/set-tag", Map.of("name", "fraud", "version", "1", "key", "k", "value", "v"));
        assertThat(w.get(API + "model-versions/get?name=fraud&version=1").json().at("/model_version/tags/0/key")
                .asText()).isEqualTo("k");
        assertThat(delete(w, "model-versions/delete-tag", "{\"name\":\"fraud\",\"version\":\"1\",\"key\":\"k\"}")
                .status()).isEqualTo(200);
        assertThat(w.get(API + "model-versions/get?name=fraud&version=1").json().at("/model_version/tags")).isEmpty();

        String id = w.post(API + "experiments/create", Map.of("name", "exp-a")).json().get("experiment_id").asText();
        assertThat(w.post(API + "experiments/create", Map.of("name", "exp-a")).json().get("error_code").asText())
                .isEqualTo("RESOURCE_ALREADY_EXISTS");
        w.post(API + "experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "owner", "value", "ana"));
        assertThat(w.get(API + "experiments/get?experiment_id=" + id).json().at("/experiment/tags/0/value")
                .asText()).isEqualTo("ana");
        assertThat(w.post(API + "experiments/search", Map.of("max_results", 10)).json().get("experiments"))
                .extracting(e -> e.get("name").asText()).containsExactly("Default", "exp-a");
    }

    @Test
    void deletingAVersionArchivesItOutOfMlflowsViewAndModelRenameOrDeleteIsAnApproversCall() {
        Api w = admin.withNewToken("svc", "writer");
        w.post(API + "registered-models/create", Map.of("name", "fraud"));
        w.post(API + "model-versions/create", Map.of("name", "fraud", "source", "s3://m/1"));
        assertThat(delete(w, "model-versions/delete", "{\"name\":\"fraud\",\"version\":\"1\"}").status())
                .isEqualTo(200);
        assertThat(w.get(API + "model-versions/get?name=fraud&version=1").status()).isEqualTo(404);
        // Pedigree keeps it, archived.
        assertThat(admin.get("/api/v1/models/fraud/versions/1").json().at("/version/stage").asText())
                .isEqualTo("archived");

        JsonNode rename = w.post(API + "registered-models/rename", Map.of("name", "fraud", "new_name", "f2")).json();
        assertThat(rename.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        Api.Response del = delete(w, "registered-models/delete", "{\"name\":\"fraud\"}");
        assertThat(del.status()).isEqualTo(403);
        assertThat(w.get(API + "registered-models/get?name=fraud").status()).isEqualTo(200);
        // A DELETE carrying its arguments as a JSON body, as Python sends it, from an approver.
        Api approver = admin.withNewToken("ana", "approver");
        assertThat(delete(approver, "registered-models/delete", "{\"name\":\"fraud\"}").status()).isEqualTo(200);
        assertThat(w.get(API + "registered-models/get?name=fraud").status()).isEqualTo(404);
    }
}
