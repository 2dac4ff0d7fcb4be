package io.pedigree.corrections;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node or relation recorded in error is retracted with a reason: it leaves every answer as of now, stays in
 * answers as of an instant before the retraction, and the audit log says who retracted it and why; what governed
 * records depend on cannot be retracted.
 */
class RetractionsIT extends PedigreeIT {

    private static final String PAST = "2020-01-01T00:00:00Z";
    private static final String BEFORE_RETRACTION = "2021-01-01T00:00:00Z";

    private Api writer;

    @BeforeEach
    void aRunThatUsedTwoDatasets() {
        writer = admin.withNewToken("ci-bot", "writer");
        Map<String, Object> batch = Map.of(
                "nodes", List.of(node("dataset:tx@1"), node("dataset:wrong@1"), node("run:train@r1"),
                        node("model:fraud@1")),
                "relations", List.of(rel("run:train@r1", "USED", "dataset:tx@1"),
                        rel("run:train@r1", "USED", "dataset:wrong@1"),
                        rel("model:fraud@1", "WAS_GENERATED_BY", "run:train@r1")));
        assertThat(writer.post("/api/v1/batch", batch).status()).isEqualTo(200);
    }

    @Test
    void aRetractedRelationLeavesCurrentAnswersButNotThePast() {
        Api.Response r = writer.post("/api/v1/retractions", Map.of("relation", Map.of("from", "run:train@r1",
                "type", "USED", "to", "dataset:wrong@1"), "reason", "the run never read this dataset"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("retractedBy").asText()).isEqualTo("ci-bot");
        assertThat(upstream("model:fraud@1", null)).contains("dataset:tx@1").doesNotContain("dataset:wrong@1");
        assertThat(upstream("model:fraud@1", BEFORE_RETRACTION)).contains("dataset:tx@1", "dataset:wrong@1");
        assertThat(impact("dataset:wrong@1")).doesNotContain("model:fraud@1");
        assertThat(admin.get("/api/v1/path?from=model:fraud@1&to=dataset:wrong@1").body())
                .doesNotContain("\"to\":\"dataset:wrong@1\",\"type\"");
        JsonNode event = lastEvent();
        assertThat(event.path("action").asText()).isEqualTo("relation.retract");
        assertThat(event.path("actor").asText()).isEqualTo("ci-bot");
        assertThat(event.path("reason").asText()).isEqualTo("the run never read this dataset");
        assertThat(event.path("targets").toString()).contains("dataset:wrong@1");
    }

    @Test
    void aRetractedNodeLeavesReadsPagesAndLineageButNotThePast() {
        Api.Response r = writer.post("/api/v1/retractions", Map.of("key", "dataset:wrong@1",
                "reason", "recorded under the wrong name"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertProblem(admin.get("/api/v1/node?key=" + Api.q("dataset:wrong@1")), 404, "key");
        assertProblem(admin.get("/api/v1/lineage?key=" + Api.q("dataset:wrong@1")), 404, "key");
        assertThat(admin.get("/api/v1/nodes?kind=dataset").body()).contains("dataset:tx@1")
                .doesNotContain("dataset:wrong@1");
        assertThat(upstream("model:fraud@1", null)).doesNotContain("dataset:wrong@1");
        assertThat(upstream("model:fraud@1", BEFORE_RETRACTION)).contains("dataset:wrong@1");
        assertThat(admin.get("/api/v1/lineage?key=" + Api.q("dataset:wrong@1") + "&asOf=" + BEFORE_RETRACTION)
                .status()).isEqualTo(200);
        JsonNode event = lastEvent();
        assertThat(event.path("action").asText()).isEqualTo("node.retract");
        assertThat(event.path("target").asText()).isEqualTo("dataset:wrong@1");
        assertThat(event.path("reason").asText()).isEqualTo("recorded under the wrong name");
    }

    @Test
    void aRetractedKeyStaysTakenAndCannotBeLinkedAgain() {
        writer.post("/api/v1/retractions", Map.of("key", "dataset:wrong@1", "reason", "wrong name"));

        Api.Response again = writer.put("/api/v1/nodes", Map.of("key", "dataset:wrong@1"));
        Api.Response linked = writer.post("/api/v1/relations", Map.of("from", "run:train@r1", "type", "USED",
                "to", "dataset:wrong@1"));

        assertThat(assertProblem(again, 409).path("detail").asText()).contains("dataset:wrong@1");
        assertThat(assertProblem(linked, 409).path("detail").asText()).contains("dataset:wrong@1");
        assertThat(upstream("model:fraud@1", null)).doesNotContain("dataset:wrong@1");
    }

    @Test
    void aRetractionNeedsAReasonAndAWriter() {
        assertProblem(writer.post("/api/v1/retractions", Map.of("key", "dataset:wrong@1")), 400, "reason");
        assertProblem(writer.post("/api/v1/retractions", Map.of("key", "dataset:nosuch@1", "reason", "x")), 404,
                "key");
        Api reader = admin.withNewToken("viewer", "reader");
        assertThat(reader.post("/api/v1/retractions", Map.of("key", "dataset:wrong@1", "reason", "x")).status())
                .isEqualTo(403);
        assertThat(admin.get("/api/v1/node?key=" + Api.q("dataset:wrong@1")).status()).isEqualTo(200);
    }

    @Test
    void retractingWhatARegisteredVersionOrADeploymentDependsOnIsRefusedNamingThem() {
        Registry registry = new Registry(admin);
        registry.model("churn", null);
        int v = registry.version("churn", "run:train@r1", List.of("dataset:tx@1"));
        registry.deployment("churn-api", "staging");
        assertThat(registry.serve("churn-api", "model:churn@" + v).status()).isIn(200, 201);

        Api.Response upstreamData = writer.post("/api/v1/retractions", Map.of("key", "dataset:tx@1",
                "reason", "oops"));
        Api.Response served = writer.post("/api/v1/retractions", Map.of("key", "model:churn@" + v,
                "reason", "oops"));
        Api.Response input = writer.post("/api/v1/retractions", Map.of("relation", Map.of("from", "run:train@r1",
                "type", "USED", "to", "dataset:tx@1"), "reason", "oops"));

        JsonNode p = assertProblem(upstreamData, 409);
        assertThat(p.path("detail").asText()).contains("registered model version model:churn@" + v,
                "deployment deployment:churn-api");
        assertThat(assertProblem(served, 409).path("detail").asText()).contains("deployment deployment:churn-api");
        assertThat(assertProblem(input, 409).path("detail").asText()).contains("model:churn@" + v);
        assertThat(upstream("model:churn@" + v, null)).contains("dataset:tx@1");
        // The registered version's run used dataset:wrong@1 too, so it is part of that version's lineage.
        assertThat(writer.post("/api/v1/retractions", Map.of("key", "dataset:wrong@1", "reason", "x")).status())
                .isEqualTo(409);
        // What nothing governed depends on can still be corrected.
        assertThat(writer.put("/api/v1/nodes", Map.of("key", "dataset:unused@1")).status()).isEqualTo(201);
        assertThat(writer.post("/api/v1/retractions", Map.of("key", "dataset:unused@1", "reason", "x")).status())
                .isEqualTo(200);
    }

    private static Map<String, Object> node(String key) {
        return Map.of("key", key, "validFrom", PAST);
    }

    private static Map<String, Object> rel(String from, String type, String to) {
        return Map.of("from", from, "type", type, "to", to, "validFrom", PAST);
    }

    private List<String> upstream(String key, String asOf) {
        Api.Response r = admin.get("/api/v1/lineage?key=" + Api.q(key) + "&direction=upstream&depth=10"
                + (asOf == null ? "" : "&asOf=" + asOf));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().path("nodes").forEach(n -> keys.add(n.path("key").asText()));
        return keys;
    }

    private List<String> impact(String key) {
        Api.Response r = admin.get("/api/v1/impact?key=" + Api.q(key));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return List.of(r.body());
    }

    private JsonNode lastEvent() {
        JsonNode items = admin.get("/api/v1/audit?limit=1000").json().path("items");
        return items.get(items.size() - 1);
    }
}
