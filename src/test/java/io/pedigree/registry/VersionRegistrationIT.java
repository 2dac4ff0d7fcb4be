package io.pedigree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.AtOnce;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Registered models and their numbered, immutable versions: what a version records and how it is numbered. */
class VersionRegistrationIT extends PedigreeIT {

    private static final String M = "churn";
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Api ana;
    private Registry reg;

    @BeforeEach
    void writer() {
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
    }

    @Test
    void aModelRecordsNameDescriptionOwnerTagsAndTheDefaultPolicy() {
        reg.lineage("person:ana");
        JsonNode created = ok(ana.post("/api/v1/models", Map.of("name", M, "description", "who leaves",
                "owner", "person:ana", "tags", Map.of("team", "retention"))));

        JsonNode m = ok(ana.get("/api/v1/models/" + M));
        assertThat(m).isEqualTo(created);
        assertThat(m.get("key").asText()).isEqualTo("model:churn");
        assertThat(m.get("description").asText()).isEqualTo("who leaves");
        assertThat(m.get("owner").asText()).isEqualTo("person:ana");
        assertThat(m.get("tags").get("team").asText()).isEqualTo("retention");
        assertThat(m.get("createdBy").asText()).isEqualTo("ana");
        assertThat(m.get("latestVersion").asInt()).isZero();
        assertThat(m.get("productionVersion").isNull()).isTrue();
        JsonNode production = m.get("policy").get("production");
        assertThat(production.get("approvals").asInt()).isEqualTo(1);
        assertThat(production.get("blockQuarantined").asBoolean()).isTrue();
        assertThat(production.get("cardFields")).extracting(JsonNode::asText)
                .containsExactly("intendedUse", "limitations", "license", "riskLevel");
        assertThat(Graph.count("MATCH (:Node {key: 'model:churn'})-[:OWNED_BY]->(:Node {key: 'person:ana'})"
                + " RETURN count(*) AS c")).isEqualTo(1);
        assertThat(ok(ana.get("/api/v1/models")).findValuesAsText("name")).containsExactly(M);
    }

    @Test
    void registeringAModelNameTwiceIsAConflictThatWritesNothing() {
        reg.model(M, null);
        long events = Audit.count();

        assertProblem(ana.post("/api/v1/models", Map.of("name", M, "description", "again")), 409);

        assertThat(ok(ana.get("/api/v1/models/" + M)).get("description").asText()).isEqualTo("test model churn");
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void aVersionRecordsRunInputsBaseModelParametersArtifactsAndCard() {
        reg.lineage("run:train-churn@r1", "dataset:customers@3", "prompt:retention@2", "embedding:users@1",
                "commit:churn-repo@abc123");
        reg.model("base", null);
        int base = reg.version("base", null, List.of());
        reg.model(M, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", "run:train-churn@r1");
        body.put("inputs", List.of("dataset:customers@3", "prompt:retention@2", "embedding:users@1",
                "commit:churn-repo@abc123"));
        body.put("baseModel", "model:base@" + base);
        body.put("parameters", Map.of("lr", 0.01, "epochs", 3));
        // SHA is the SHA-256 of "test": the bytes are uploaded before a version can name them.
        assertThat(ana.send(ana.builder("/api/v1/artifacts").header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("test"))).status()).isEqualTo(201);
        body.put("artifacts", List.of(Map.of("role", "weights", "name", "model.bin", "sha256", SHA, "size", 4)));
        body.put("card", Registry.FULL_CARD);
        body.put("description", "first try");
        body.put("tags", Map.of("gpu", "a100"));

        Api.Response r = reg.register(M, body);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/models/churn/versions/1");
        JsonNode v = ok(ana.get("/api/v1/models/" + M + "/versions/1")).get("version");
        assertThat(v.get("key").asText()).isEqualTo("model:churn@1");
        assertThat(v.get("number").asInt()).isEqualTo(1);
        assertThat(v.get("stage").asText()).isEqualTo("development");
        assertThat(v.get("registeredBy").asText()).isEqualTo("ana");
        assertThat(v.get("run").asText()).isEqualTo("run:train-churn@r1");
        assertThat(v.get("inputs")).extracting(JsonNode::asText).containsExactly("dataset:customers@3",
                "prompt:retention@2", "embedding:users@1", "commit:churn-repo@abc123");
        assertThat(v.get("baseModel").asText()).isEqualTo("model:base@1");
        assertThat(v.get("parameters").get("epochs").asInt()).isEqualTo(3);
        assertThat(v.get("artifacts").get(0).get("sha256").asText()).isEqualTo(SHA);
        assertThat(v.get("artifacts").get(0).get("size").asLong()).isEqualTo(4);
        assertThat(Graph.count("MATCH (:Node {key: 'model:churn@1'})-[:HAS_ARTIFACT]->(:Node {key: 'artifact:sha256:"
                + SHA + "'}) RETURN count(*) AS c")).isEqualTo(1);
        assertThat(v.get("card").get("license").asText()).isEqualTo("proprietary");
        assertThat(v.get("description").asText()).isEqualTo("first try");
        assertThat(v.get("tags").get("gpu").asText()).isEqualTo("a100");

        // The lineage graph knows how the version was made.
        assertThat(Graph.count("MATCH (:Node {key: 'model:churn@1'})-[:WAS_GENERATED_BY]->(r:Node {key:"
                + " 'run:train-churn@r1'})-[:USED]->(i:Node) RETURN count(i) AS c")).isEqualTo(4);
        assertThat(Graph.count("MATCH (:Node {key: 'model:churn@1'})-[:DERIVED_FROM]->(:Node {key: 'model:base@1'})"
                + " RETURN count(*) AS c")).isEqualTo(1);
        assertThat(Graph.count("MATCH (:Node {key: 'model:churn@1'})-[:VERSION_OF]->(:Node {key: 'model:churn'})"
                + " RETURN count(*) AS c")).isEqualTo(1);
        var event = Audit.events("version.register").get(1);
        assertThat(event.get("actor").asString()).isEqualTo("ana");
        assertThat(event.get("target").asString()).isEqualTo("model:churn@1");
    }

    @Test
    void aVersionWithoutARunDerivesFromItsInputsDirectly() {
        reg.lineage("dataset:customers@3");
        reg.model(M, null);

        reg.version(M, null, List.of("dataset:customers@3"));

        assertThat(Graph.count("MATCH (:Node {key: 'model:churn@1'})-[:DERIVED_FROM]->(:Node {key:"
                + " 'dataset:customers@3'}) RETURN count(*) AS c")).isEqualTo(1);
    }

    @Test
    void versionsAreNumberedFromOnePerModel() {
        reg.model(M, null);
        reg.model("fraud", null);

        List<Integer> numbers = List.of(reg.version(M, null, List.of()), reg.version("fraud", null, List.of()),
                reg.version(M, null, List.of()), reg.version("fraud", null, List.of()),
                reg.version(M, null, List.of()));

        assertThat(numbers).containsExactly(1, 1, 2, 2, 3);
        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions")).findValuesAsText("key"))
                .containsExactly("model:churn@3", "model:churn@2", "model:churn@1");
        assertThat(ok(ana.get("/api/v1/models/" + M)).get("latestVersion").asInt()).isEqualTo(3);
    }

    @Test
    void thirtyTwoConcurrentRegistrationsEndWithVersionsOneToThirtyTwo() throws Exception {
        reg.model(M, null);

        List<Api.Response> answers = AtOnce.run(32, i -> reg.register(M, Map.of("parameters",
                Map.of("client", i))));

        assertThat(AtOnce.statuses(answers)).as("answers %s", answers).containsOnly(201);
        List<Integer> numbers = answers.stream().map(a -> a.json().get("number").asInt()).sorted().toList();
        assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(1, 32).boxed().toList());
        // Each client got the version that holds its own parameters.
        for (int i = 0; i < 32; i++) {
            JsonNode v = ok(ana.get("/api/v1/models/" + M + "/versions/" + answers.get(i).json().get("number")
                    .asInt())).get("version");
            assertThat(v.get("parameters").get("client").asInt()).isEqualTo(i);
        }
        assertThat(Graph.count("MATCH (:RegisteredModel {name: $m})-[:HAS_VERSION]->(s:ModelVersion)"
                + " RETURN count(DISTINCT s.number) AS c", "m", M)).isEqualTo(32);
        assertThat(Graph.count("MATCH (s:ModelVersion {model: $m}) RETURN count(s) AS c", "m", M)).isEqualTo(32);
        assertThat(Graph.count("MATCH (v:Node)-[:VERSION_OF]->(:Node {key: 'model:churn'}) RETURN count(v) AS c"))
                .isEqualTo(32);
        assertThat(Audit.count("version.register")).isEqualTo(32);
        assertThat(reg.version(M, null, List.of())).isEqualTo(33);
    }

    @Test
    void aRegisteredVersionCannotBeRewrittenThroughTheLineageApi() {
        reg.model(M, null);
        reg.version(M, null, List.of());
        long events = Audit.count();

        assertProblem(ana.put("/api/v1/nodes", Map.of("key", "model:churn@1", "properties",
                Map.of("parameters", Map.of("lr", 0.5)))), 409);
        assertProblem(ana.post("/api/v1/batch", Map.of("nodes", List.of(Map.of("key", "model:churn@1",
                "properties", Map.of("number", 7))))), 409);

        JsonNode v = ok(ana.get("/api/v1/models/" + M + "/versions/1")).get("version");
        assertThat(v.get("parameters").get("lr").asDouble()).isEqualTo(0.01);
        assertThat(v.get("number").asInt()).isEqualTo(1);
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void versionsCanBeListedByStage() {
        reg.model(M, Map.of("staging", Map.of("approvals", 0)));
        for (int i = 0; i < 3; i++) {
            reg.version(M, null, List.of());
        }
        reg.promote(ana, M, 2, "staging", Map.of());

        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions?stage=staging")).findValuesAsText("key"))
                .containsExactly("model:churn@2");
        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions?stage=development")).findValuesAsText("key"))
                .containsExactly("model:churn@3", "model:churn@1");
        assertProblem(ana.get("/api/v1/models/" + M + "/versions?stage=live"), 400, "stage");
    }

    @Test
    void aReaderCannotRegisterModelsOrVersions() {
        reg.model(M, null);
        Api reader = admin.withNewToken("rita", "reader");

        assertProblem(reader.post("/api/v1/models", Map.of("name", "other")), 403);
        assertProblem(reader.post("/api/v1/models/" + M + "/versions", Map.of()), 403);

        assertThat(ok(ana.get("/api/v1/models/" + M)).get("latestVersion").asInt()).isZero();
        assertThat(new TreeSet<>(Audit.actions())).doesNotContain("version.register");
    }
}
