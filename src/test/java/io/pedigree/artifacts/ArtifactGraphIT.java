package io.pedigree.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.artifacts.ArtifactHttp.audit;
import static io.pedigree.artifacts.ArtifactHttp.bytes;
import static io.pedigree.artifacts.ArtifactHttp.download;
import static io.pedigree.artifacts.ArtifactHttp.sha;
import static io.pedigree.artifacts.ArtifactHttp.upload;
import static io.pedigree.artifacts.ArtifactHttp.uploaded;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Artifacts in the lineage graph: attached to nodes with a role and a file name, listed from both sides, linked by
 * registered model versions (which keep them from deletion) and reached by impact analysis.
 */
class ArtifactGraphIT extends PedigreeIT {

    private static final String DATASET = "dataset:fraud-train@1";
    private final Path root = TestApp.tempDir("pedigree-artifacts-graph");

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_ARTIFACT_DIR", root.toString());
        return s;
    }

    @BeforeEach
    void emptyStore() {
        ArtifactApiIT.clear(root);
    }

    @Test
    void anUploadNamingANodeIsAttachedToItAndEachSideListsTheOther() {
        Lineage.of().node(DATASET, "run:train-fraud@r1").writeWith(admin);
        byte[] content = bytes(2048, 30);

        Api.Response r = upload(admin, content, "?key=" + Api.q(DATASET) + "&role=schema&fileName="
                + Api.q("schéma v1.json"), "application/json");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("attachments")).singleElement().satisfies(a -> {
            assertThat(a.get("sha256").asText()).isEqualTo(sha(content));
            assertThat(a.get("role").asText()).isEqualTo("schema");
            assertThat(a.get("fileName").asText()).isEqualTo("schéma v1.json");
        });
        Api.Response attached = admin.post("/api/v1/artifacts/" + sha(content) + "/attachments",
                Map.of("key", "run:train-fraud@r1", "role", "eval-report"));
        assertThat(attached.status()).as(attached.body()).isEqualTo(200);
        assertThat(admin.post("/api/v1/artifacts/" + sha(content) + "/attachments",
                Map.of("key", "run:train-fraud@r1", "role", "eval-report")).status()).isEqualTo(200);

        JsonNode ofDataset = ok(admin.get("/api/v1/artifacts?key=" + Api.q(DATASET)));
        assertThat(ofDataset).singleElement().satisfies(a -> {
            assertThat(a.get("artifact").asText()).isEqualTo("artifact:sha256:" + sha(content));
            assertThat(a.get("size").asLong()).isEqualTo(2048);
            assertThat(a.get("mediaType").asText()).isEqualTo("application/json");
        });
        JsonNode info = ok(admin.get("/api/v1/artifacts/" + sha(content) + "/info"));
        assertThat(info.get("usedBy")).extracting(u -> u.get("node").asText() + " " + u.get("role").asText())
                .containsExactly(DATASET + " schema", "run:train-fraud@r1 eval-report");
        assertThat(Graph.count("MATCH (:Node)-[r:HAS_ARTIFACT]->(:Artifact) RETURN count(r) AS c")).isEqualTo(2);
        assertThat(audit(admin, "artifact.attach")).as("attaching again changes nothing").hasSize(2);
        assertThat(ok(admin.get("/api/v1/artifacts?key=" + Api.q("run:train-fraud@r2")))).isEmpty();
    }

    @Test
    void attachingTheSameBytesToANodeUnderAnotherRoleIsAConflict() {
        Lineage.of().node(DATASET).writeWith(admin);
        byte[] content = bytes(512, 31);
        assertThat(upload(admin, content, "?key=" + Api.q(DATASET) + "&role=schema", "application/json").status())
                .isEqualTo(201);

        Api.Response again = admin.post("/api/v1/artifacts/" + sha(content) + "/attachments",
                Map.of("key", DATASET, "role", "manifest"));

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("schema", "manifest");
        assertThat(ok(admin.get("/api/v1/artifacts?key=" + Api.q(DATASET)))).singleElement()
                .satisfies(a -> assertThat(a.get("role").asText()).isEqualTo("schema"));
        assertThat(audit(admin, "artifact.attach")).hasSize(1);
    }

    @Test
    void anUploadThatCannotBeAttachedIsRefusedBeforeAnythingIsStored() {
        Lineage.of().node(DATASET).writeWith(admin);
        byte[] content = bytes(1000, 31);

        assertProblem(upload(admin, content, "?key=" + Api.q("dataset:never-recorded@1") + "&role=schema",
                null), 400, "key");
        assertProblem(upload(admin, content, "?key=" + Api.q(DATASET) + "&role=Not%20A%20Role", null), 400,
                "role");
        assertProblem(upload(admin, content, "?role=schema", null), 400, "key");
        assertProblem(upload(admin, content, "?key=" + Api.q(DATASET) + "&role=schema&fileName="
                + Api.q("a/b.json"), null), 400, "fileName");

        assertThat(ArtifactApiIT.blobFiles(root)).isEmpty();
        assertThat(Graph.count("MATCH (a:Artifact) RETURN count(a) AS c")).isZero();
        assertThat(audit(admin, "artifact.upload")).isEmpty();
    }

    @Test
    void attachingToANodeThatIsNotRecordedNamesTheKey() {
        Lineage.of().node(DATASET).writeWith(admin);
        String sha = uploaded(admin, bytes(100, 32), "").get("sha256").asText();

        assertProblem(admin.post("/api/v1/artifacts/" + sha + "/attachments",
                Map.of("key", "dataset:never-recorded@1", "role", "schema")), 400, "key");
        assertProblem(admin.post("/api/v1/artifacts/" + sha + "/attachments", Map.of("role", "schema")), 400,
                "key");
        assertProblem(admin.post("/api/v1/artifacts/" + sha(bytes(1, 1)) + "/attachments",
                Map.of("key", DATASET, "role", "schema")), 404, "sha256");
    }

    @Test
    void aRegisteredVersionLinksItsArtifactsWhichImpactFollowsToTheDeploymentServingIt() {
        Registry reg = new Registry(admin);
        reg.lineage(DATASET, "run:train-fraud@r1");
        reg.model("fraud-detector", null);
        reg.deployment("fraud-api-staging", "staging");
        byte[] weights = bytes(10_000, 33);
        String sha = uploaded(admin, weights, "").get("sha256").asText();

        int v = register("fraud-detector", List.of(Map.of("role", "weights", "name", "model.onnx", "sha256", sha)));
        ok(admin.post("/api/v1/deployments/fraud-api-staging/serve", Map.of("version", "model:fraud-detector@" + v,
                "reason", "try it")));

        JsonNode version = ok(admin.get("/api/v1/models/fraud-detector/versions/" + v));
        assertThat(version.at("/version/artifacts").toString()).contains(sha, "weights", "model.onnx");
        assertThat(ok(admin.get("/api/v1/artifacts?key=" + Api.q("model:fraud-detector@" + v))))
                .singleElement().satisfies(a -> assertThat(a.get("sha256").asText()).isEqualTo(sha));
        JsonNode usedBy = ok(admin.get("/api/v1/artifacts/" + sha + "/info")).get("usedBy");
        assertThat(usedBy).singleElement().satisfies(u -> {
            assertThat(u.get("node").asText()).isEqualTo("model:fraud-detector@" + v);
            assertThat(u.get("registered").asBoolean()).isTrue();
        });
        JsonNode impact = ok(admin.get("/api/v1/impact?key=" + Api.q("artifact:sha256:" + sha)));
        assertThat(impact.toString()).contains("model:fraud-detector@" + v);
        assertThat(impact.get("deployments")).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("fraud-api-staging"));
    }

    @Test
    void anArtifactOfARegisteredVersionCannotBeDeletedNorCollected() {
        Registry reg = new Registry(admin);
        reg.lineage(DATASET, "run:train-fraud@r1");
        reg.model("fraud-detector", null);
        byte[] weights = bytes(5000, 34);
        String sha = uploaded(admin, weights, "").get("sha256").asText();
        register("fraud-detector", List.of(Map.of("role", "weights", "name", "model.onnx", "sha256", sha)));

        assertProblem(admin.delete("/api/v1/artifacts/" + sha + "?reason=cleanup"), 409);
        JsonNode gc = ok(admin.post("/api/v1/admin/artifacts/gc", Map.of("dryRun", false, "olderThanMinutes", 0)));

        assertThat(gc.get("deleted")).isEmpty();
        assertThat(download(admin, sha).body()).isEqualTo(weights);
        assertThat(audit(admin, "artifact.delete")).isEmpty();
        assertThat(ArtifactApiIT.blobFiles(root)).hasSize(1);
    }

    @Test
    void aVersionCannotBeRegisteredWithAnArtifactThatWasNotUploaded() {
        Registry reg = new Registry(admin);
        reg.lineage(DATASET, "run:train-fraud@r1");
        reg.model("fraud-detector", null);

        Api.Response r = admin.post("/api/v1/models/fraud-detector/versions", versionBody(List.of(
                Map.of("role", "weights", "name", "model.onnx", "sha256", sha(bytes(10, 35))))));

        assertProblem(r, 400, "artifacts[0].sha256");
        assertThat(Graph.count("MATCH (s:ModelVersion) RETURN count(s) AS c")).isZero();
    }

    private int register(String model, List<Map<String, Object>> artifacts) {
        return ok(admin.post("/api/v1/models/" + model + "/versions", versionBody(artifacts))).get("number").asInt();
    }

    private static Map<String, Object> versionBody(List<Map<String, Object>> artifacts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", "run:train-fraud@r1");
        body.put("inputs", List.of(DATASET));
        body.put("artifacts", artifacts);
        body.put("card", Registry.FULL_CARD);
        return body;
    }
}
