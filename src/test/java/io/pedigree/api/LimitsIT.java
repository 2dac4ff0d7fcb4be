package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests past the configured size limits are refused whole, naming what was too large. */
class LimitsIT extends PedigreeIT {

    private static final int MAX_BODY = 4096;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_MAX_BODY_BYTES", String.valueOf(MAX_BODY));
        s.put("PEDIGREE_MAX_PROPERTIES", "3");
        s.put("PEDIGREE_MAX_STRING_LENGTH", "64");
        s.put("PEDIGREE_MAX_BATCH_ELEMENTS", "10");
        s.put("PEDIGREE_MAX_DEPTH", "3");
        return s;
    }

    /** A node body of exactly {@code size} bytes, padded with spaces so no other limit is touched. */
    private static String nodeBodyOfSize(int size) {
        String json = "{\"key\": \"deployment:fraud-api\"}";
        return json.substring(0, json.length() - 1) + " ".repeat(size - json.length()) + "}";
    }

    @Test
    void bodyOverTheLimitIs413() {
        Api.Response r = admin.put("/api/v1/nodes", nodeBodyOfSize(MAX_BODY + 1));

        assertProblem(r, 413, "body");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void bodyOverTheLimitWithoutADeclaredLengthIs413() {
        byte[] body = nodeBodyOfSize(MAX_BODY * 2).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder chunked = admin.builder("/api/v1/nodes").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertProblem(admin.send(chunked), 413, "body");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void bodyAtTheLimitIsAccepted() {
        assertThat(admin.put("/api/v1/nodes", nodeBodyOfSize(MAX_BODY)).status()).isEqualTo(201);
    }

    @Test
    void tooManyPropertiesIs413NamingTheProperties() {
        Map<String, Object> props = Map.of("a", 1, "b", 2, "c", 3, "d", 4);

        assertProblem(admin.put("/api/v1/nodes", Map.of("key", "model:m@1", "properties", props)), 413,
                "properties");
        assertProblem(admin.post("/api/v1/batch", Map.of("nodes", List.of(Map.of("key", "model:m@1"),
                Map.of("key", "model:n@1", "properties", props)))), 413, "nodes[1].properties");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void tooManyRelationPropertiesIs413NamingThem() {
        Lineage.of().node("run:r@1", "dataset:d@1").writeWith(admin);

        assertProblem(admin.post("/api/v1/relations", Map.of("from", "run:r@1", "type", "USED", "to", "dataset:d@1",
                "properties", Map.of("a", 1, "b", 2, "c", 3, "d", 4))), 413, "properties");
        assertThat(Graph.count("MATCH ()-[r:USED]->() RETURN count(r) AS c")).isZero();
    }

    @Test
    void tooLongStringIs413NamingTheProperty() {
        Map<String, Object> props = Map.of("notes", "x".repeat(65));

        assertProblem(admin.put("/api/v1/nodes", Map.of("key", "model:m@1", "properties", props)), 413,
                "properties.notes");
        assertProblem(admin.put("/api/v1/nodes", Map.of("key", "model:m@1", "properties",
                Map.of("cfg", Map.of("notes", List.of("ok", "y".repeat(65)))))), 413, "properties.cfg.notes[1]");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void batchWithMoreElementsThanAllowedIs413() {
        Lineage big = Lineage.of();
        for (int i = 0; i < 6; i++) {
            big.node("dataset:d" + i + "@1");
        }
        for (int i = 1; i < 6; i++) {
            big.rel("dataset:d" + i + "@1", "DERIVED_FROM", "dataset:d0@1");
        }

        assertProblem(admin.post("/api/v1/batch", big.body()), 413, "nodes");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void depthIsBoundByTheConfiguredMaximum() {
        admin.put("/api/v1/nodes", Map.of("key", "dataset:d@1"));

        assertProblem(admin.get("/api/v1/lineage?key=" + Api.q("dataset:d@1") + "&depth=4"), 400, "depth");
        assertThat(admin.get("/api/v1/lineage?key=" + Api.q("dataset:d@1") + "&depth=3").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/impact?key=" + Api.q("dataset:d@1")).status())
                .as("impact's default depth is the maximum").isEqualTo(200);
    }

    @Test
    void lineageDepthDefaultIsCappedNotRefusedWhenTheMaximumIsSmaller() {
        admin.put("/api/v1/nodes", Map.of("key", "dataset:d@1"));

        Api.Response r = admin.get("/api/v1/lineage?key=" + Api.q("dataset:d@1"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("depth").asInt()).isEqualTo(3);
    }

    @Test
    void everyStringInABodyFollowsTheStringLimitKeysIncluded() {
        Map<String, Object> body = new HashMap<>();
        body.put("key", "deployment:" + "k".repeat(2100));

        assertProblem(admin.put("/api/v1/nodes", body), 413, "key");
    }
}
