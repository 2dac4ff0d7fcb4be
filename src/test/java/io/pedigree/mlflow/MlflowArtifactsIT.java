package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MLflow's artifact proxy as Python's log_model and load_model use it: PUT each file under the run's artifact URI,
 * register the version with that source, then resolve the alias, the download URI, list and download every file.
 */
class MlflowArtifactsIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private static Api.Response put(Api as, String path, String content) {
        return as.send(as.builder(ARTIFACTS + "/" + path).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString(content)));
    }

    @Test
    void aModelDirectoryLoggedThroughTheProxyLoadsBackByAliasAndIsStoredOnceByContent() {
        Api writer = admin.withNewToken("svc-py", "writer");
        JsonNode run = writer.post(API + "runs/create", Map.of("experiment_id", "0")).json().at("/run/info");
        String root = run.get("artifact_uri").asText();
        assertThat(root).startsWith("mlflow-artifacts:/0/" + run.get("run_id").asText());
        String dir = root.substring("mlflow-artifacts:/".length()) + "/model";
        assertThat(put(writer, dir + "/MLmodel", "flavors: {}").status()).isEqualTo(200);
        assertThat(put(writer, dir + "/conda.yaml", "name: env").status()).isEqualTo(200);
        assertThat(put(writer, dir + "/data/weights.bin", "0123456789").status()).isEqualTo(200);
        // A retried upload and another run's identical weights change nothing and share the bytes.
        assertThat(put(writer, dir + "/data/weights.bin", "0123456789").status()).isEqualTo(200);
        assertThat(put(writer, "0/other-run/artifacts/model/data/weights.bin", "0123456789").status())
                .isEqualTo(200);

        writer.post(API + "registered-models/create", Map.of("name", "fraud"));
        writer.post(API + "model-versions/create", Map.of("name", "fraud", "source", "mlflow-artifacts:/" + dir,
                "run_id", run.get("run_id").asText()));
        writer.post(API + "registered-models/alias", Map.of("name", "fraud", "alias", "champion", "version", "1"));

        // load_model("models:/fraud@champion"): alias, download URI, then every file listed under it.
        Api reader = admin.withNewToken("svc-serve", "reader");
        String version = reader.get(API + "registered-models/alias?name=fraud&alias=champion").json()
                .at("/model_version/version").asText();
        String uri = reader.get(API + "model-versions/get-download-uri?name=fraud&version=" + version).json()
                .get("artifact_uri").asText();
        String base = uri.substring("mlflow-artifacts:/".length());
        List<String> downloaded = new ArrayList<>();
        walk(reader, base, "", downloaded);
        assertThat(downloaded).containsExactly("MLmodel=flavors: {}", "conda.yaml=name: env",
                "data/weights.bin=0123456789");

        JsonNode listing = reader.get(ARTIFACTS + "?path=" + Api.q(base)).json().get("files");
        assertThat(listing.toString()).contains("\"path\":\"data\",\"is_dir\":true")
                .contains("\"path\":\"MLmodel\",\"is_dir\":false,\"file_size\":11");
        // One artifact node for the weights, however many paths hold them.
        JsonNode nodes = admin.get("/api/v1/nodes?kind=artifact&limit=100").json();
        assertThat(nodes.toString().split("\"key\":\"artifact:", -1)).hasSize(4);
        assertThat(reader.get(ARTIFACTS + "/" + base + "/missing").status()).isEqualTo(404);
        assertThat(put(reader, base + "/x", "no").status()).isEqualTo(403);
    }

    private static void walk(Api as, String base, String rel, List<String> out) {
        String dir = rel.isEmpty() ? base : base + "/" + rel;
        for (JsonNode f : as.get(ARTIFACTS + "?path=" + Api.q(dir)).json().get("files")) {
            String path = rel.isEmpty() ? f.get("path").asText() : rel + "/" + f.get("path").asText();
            if (f.get("is_dir").asBoolean()) {
                walk(as, base, path, out);
            } else {
                out.add(path + "=" + as.get(ARTIFACTS + "/" + base + "/" + path).body());
            }
        }
    }
}
