package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class WriteApiIT extends PedigreeIT {

    private long count(String cypher) {
        try (var s = TestNeo4j.driver().session()) {
            return s.run(cypher).single().get(0).asLong();
        }
    }

    @Test
    void recordingAVersionAgainIsANoOpAndWithOtherContentAConflictListingTheDifferences() {
        var node = Map.of("key", "dataset:tx@1", "properties", Map.of("rows", 100, "team", "fraud"));
        assertThat(admin.put("/api/v1/nodes", node).status()).isEqualTo(201);
        Api.Response again = admin.put("/api/v1/nodes", node);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("outcome").asText()).isEqualTo("unchanged");

        Api.Response changed = admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1",
                "properties", Map.of("rows", 101, "team", "fraud")));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.contentType()).startsWith("application/problem+json");
        var diff = changed.json().get("differences").get(0);
        assertThat(diff.get("key").asText()).isEqualTo("dataset:tx@1");
        assertThat(diff.get("differences").get(0).get("property").asText()).isEqualTo("rows");
        assertThat(admin.get("/api/v1/node?key=" + Api.q("dataset:tx@1")).json().get("properties").get("rows").asInt())
                .isEqualTo(100);
    }

    @Test
    void mutableNodesAreUpdatedAndTheWriterIsRecorded() {
        Api writer = admin.withNewToken("ci-bot", "writer");
        writer.put("/api/v1/nodes", Map.of("key", "deployment:api", "properties", Map.of("endpoint", "a")));
        Api.Response r = writer.put("/api/v1/nodes", Map.of("key", "deployment:api",
                "properties", Map.of("endpoint", "b")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("updated");
        var node = writer.get("/api/v1/node?key=" + Api.q("deployment:api")).json();
        assertThat(node.get("properties").get("endpoint").asText()).isEqualTo("b");
        assertThat(node.get("updatedBy").asText()).isEqualTo("ci-bot");
    }

    @Test
    void aBatchWithOneBadElementWritesNothing() {
        var bad = Map.of(
                "nodes", List.of(Map.of("key", "dataset:a@1"), Map.of("key", "run:r@1")),
                "relations", List.of(Map.of("from", "run:r@1", "type", "USED", "to", "dataset:a@1"),
                        Map.of("from", "run:r@1", "type", "USED", "to", "dataset:missing@1")));
        Api.Response r = admin.post("/api/v1/batch", bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("relations[1].to");
        assertThat(count("MATCH (n:Node) RETURN count(n)")).isZero();

        admin.put("/api/v1/nodes", Map.of("key", "dataset:a@1", "properties", Map.of("v", 1)));
        var conflicting = Map.of("nodes", List.of(Map.of("key", "dataset:b@1"),
                Map.of("key", "dataset:a@1", "properties", Map.of("v", 2))));
        assertThat(admin.post("/api/v1/batch", conflicting).status()).isEqualTo(409);
        assertThat(count("MATCH (n:Node {key: 'dataset:b@1'}) RETURN count(n)")).isZero();

        var wrongEnds = Map.of("nodes", List.of(Map.of("key", "dataset:c@1"), Map.of("key", "person:x")),
                "relations", List.of(Map.of("from", "person:x", "type", "USED", "to", "dataset:c@1")));
        Api.Response ends = admin.post("/api/v1/batch", wrongEnds);
        assertThat(ends.status()).isEqualTo(400);
        assertThat(ends.json().get("field").asText()).isEqualTo("relations[0].from");
        assertThat(count("MATCH (n:Node {key: 'dataset:c@1'}) RETURN count(n)")).isZero();
    }

    @Test
    void aLargeBatchIsWrittenWhole() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> relations = new ArrayList<>();
        for (int i = 0; i < 7_000; i++) {
            nodes.add(Map.of("key", "dataset:d" + i + "@1"));
            nodes.add(Map.of("key", "run:r" + i + "@1"));
            relations.add(Map.of("from", "run:r" + i + "@1", "type", "USED", "to", "dataset:d" + i + "@1"));
        }
        Api.Response r = admin.post("/api/v1/batch", Map.of("nodes", nodes, "relations", relations));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("nodes").get("created").asInt()).isEqualTo(14_000);
        assertThat(r.json().get("relations").get("created").asInt()).isEqualTo(7_000);
        assertThat(count("MATCH ()-[r:USED]->() RETURN count(r)")).isEqualTo(7_000);
        assertThat(count("MATCH ()-[r:VERSION_OF]->() RETURN count(r)")).isEqualTo(14_000);
    }

    @Test
    void sixteenClientsWritingTheSameKeyEndWithOneNodeAndOneRelation() throws Exception {
        admin.put("/api/v1/nodes", Map.of("key", "dataset:in@1"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> same = new ArrayList<>();
            List<Callable<Integer>> rel = new ArrayList<>();
            List<Callable<Integer>> different = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                same.add(() -> admin.put("/api/v1/nodes", Map.of("key", "run:hot@1",
                        "properties", Map.of("x", 1))).status());
                rel.add(() -> admin.post("/api/v1/relations", Map.of("from", "run:hot@1", "type", "USED",
                        "to", "dataset:in@1")).status());
                different.add(() -> admin.put("/api/v1/nodes", Map.of("key", "dataset:race@1",
                        "properties", Map.of("writer", n))).status());
            }
            assertThat(statuses(pool.invokeAll(same))).containsOnly(200, 201).containsOnlyOnce(201);
            assertThat(statuses(pool.invokeAll(rel))).containsOnly(200, 201).containsOnlyOnce(201);
            assertThat(statuses(pool.invokeAll(different))).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("MATCH (n:Node {key: 'run:hot@1'}) RETURN count(n)")).isOne();
        assertThat(count("MATCH (n:Node {key: 'run:hot'}) RETURN count(n)")).isOne();
        assertThat(count("MATCH (:Node {key: 'run:hot@1'})-[r:USED]->() RETURN count(r)")).isOne();
        assertThat(count("MATCH (n:Node {key: 'dataset:race@1'}) RETURN count(n)")).isOne();
    }

    private static List<Integer> statuses(List<Future<Integer>> futures) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (Future<Integer> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void keysWithAwkwardCharactersRoundTripOverHttp() {
        for (String key : List.of("dataset:s3://bucket/a b/part-1.parquet@v1", "person:ana@acme.com",
                "dataset:{postgres://db:5432}public.tx@2026-10-01", "prompt:réponse 日本語@2", "dataset:100%25@1")) {
            Api.Response put = admin.put("/api/v1/nodes", Map.of("key", key));
            assertThat(put.status()).as(key).isEqualTo(201);
            assertThat(put.json().get("key").asText()).isEqualTo(key);
            assertThat(admin.get("/api/v1/node?key=" + Api.q(key)).json().get("key").asText()).isEqualTo(key);
        }
    }
}
