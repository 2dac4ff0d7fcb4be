package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class BatchIT extends PedigreeIT {

    private long nodesBefore;
    private long relationsBefore;

    /** Something already recorded, so "nothing written" is checked against a graph that is not empty. */
    @BeforeEach
    void recordExistingLineage() {
        Lineage.of().node("dataset:tx@1", "run:train@r1").rel("run:train@r1", "USED", "dataset:tx@1")
                .node("artifact:weights.bin", Map.of("sha256", "aa11")).writeWith(admin);
        nodesBefore = Graph.nodes();
        relationsBefore = Graph.relations();
    }

    private static Map<String, Object> batchWith(Map<String, Object> extraNode, Map<String, Object> extraRelation) {
        List<Map<String, Object>> nodes = new ArrayList<>(List.of(Map.of("key", "model:fraud@1"),
                Map.of("key", "deployment:fraud-api"), Map.of("key", "dataset:tx@2")));
        List<Map<String, Object>> relations = new ArrayList<>(List.of(
                Map.of("from", "model:fraud@1", "type", "WAS_GENERATED_BY", "to", "run:train@r1"),
                Map.of("from", "deployment:fraud-api", "type", "SERVES", "to", "model:fraud@1"),
                Map.of("from", "dataset:tx@2", "type", "DERIVED_FROM", "to", "dataset:tx@1")));
        if (extraNode != null) {
            nodes.add(extraNode);
        }
        if (extraRelation != null) {
            relations.add(extraRelation);
        }
        return Map.of("nodes", nodes, "relations", relations);
    }

    static Stream<Arguments> oneBadElement() {
        Map<String, Object> withNullValue = new HashMap<>();
        withNullValue.put("bad", null);
        return Stream.of(
                Arguments.of("unknown relation end", null,
                        Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:missing@1"),
                        400, "relations[3].to"),
                Arguments.of("unknown relation start", null,
                        Map.of("from", "run:missing@r9", "type", "USED", "to", "dataset:tx@1"),
                        400, "relations[3].from"),
                Arguments.of("unknown node kind", Map.of("key", "widget:gear"), null, 400, "nodes[3].key"),
                Arguments.of("unknown relation type", null,
                        Map.of("from", "model:fraud@1", "type", "INSPIRED_BY", "to", "dataset:tx@1"),
                        400, "relations[3].type"),
                Arguments.of("disallowed relation ends", null,
                        Map.of("from", "deployment:fraud-api", "type", "SERVES", "to", "dataset:tx@1"),
                        400, "relations[3].to"),
                Arguments.of("hand-written VERSION_OF", null,
                        Map.of("from", "model:fraud@1", "type", "VERSION_OF", "to", "dataset:tx@1"),
                        400, "relations[3].type"),
                Arguments.of("invalid property name", Map.of("key", "model:other@1", "properties", Map.of("a b", 1)),
                        null, 400, "nodes[3].properties.a b"),
                Arguments.of("null property value", Map.of("key", "model:other@1", "properties", withNullValue),
                        null, 400, "nodes[3].properties.bad"),
                Arguments.of("interval ending before it starts", null,
                        Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@2",
                                "validFrom", "2026-05-01", "validTo", "2026-04-01"),
                        400, "relations[3].validTo"),
                Arguments.of("relation from a node to itself", null,
                        Map.of("from", "dataset:tx@2", "type", "DERIVED_FROM", "to", "dataset:tx@2"),
                        400, "relations[3].to"),
                Arguments.of("end of an interval without its start", null,
                        Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@2", "validTo", "2025-04-01"),
                        400, "relations[3].validFrom"),
                Arguments.of("malformed owner", Map.of("key", "deployment:x", "owner", "person:%zz"), null,
                        400, "nodes[3].owner"),
                Arguments.of("same key twice with different content",
                        Map.of("key", "model:fraud@1", "properties", Map.of("auc", 0.9)), null, 400, "nodes[3].key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneBadElement")
    void batchWithOneBadElementWritesNothing(String why, Map<String, Object> node, Map<String, Object> relation,
                                             int status, String field) {
        Api.Response r = admin.post("/api/v1/batch", batchWith(node, relation));

        assertProblem(r, status, field);
        assertThat(Graph.nodes()).isEqualTo(nodesBefore);
        assertThat(Graph.relations()).isEqualTo(relationsBefore);
        assertThat(Graph.count("MATCH (n:Node) WHERE n.key STARTS WITH 'model:' OR n.key STARTS WITH 'deployment:'"
                + " RETURN count(n) AS c")).isZero();
    }

    @Test
    void theSameBatchWithoutTheBadElementIsWrittenWhole() {
        Api.Response r = admin.post("/api/v1/batch", batchWith(null, null));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.at("/nodes/created").asInt()).isEqualTo(3);
        assertThat(s.at("/relations/created").asInt()).isEqualTo(3);
        assertThat(Graph.count("MATCH (:Deployment)-[:SERVES]->(:Model)-[:WAS_GENERATED_BY]->(:Run)"
                + " RETURN count(*) AS c")).isEqualTo(1);
    }

    @Test
    void badElementAfterManyWriteChunksStillWritesNothing() {
        Lineage big = Lineage.of();
        for (int i = 0; i < 5_000; i++) {
            big.node("artifact:shard-" + i);
        }
        big.rel("artifact:shard-0", "DERIVED_FROM", "artifact:shard-1");
        big.rel("artifact:shard-4999", "DERIVED_FROM", "artifact:never-recorded");

        assertProblem(admin.post("/api/v1/batch", big.body()), 400, "relations[1].to");
        assertThat(Graph.nodes()).isEqualTo(nodesBefore);
        assertThat(Graph.relations()).isEqualTo(relationsBefore);
    }

    @Test
    void immutableConflictInsideABatchWritesNothing() {
        // Artifacts are written after models and datasets, so the conflict is found after other rows went in.
        Map<String, Object> conflicting = Map.of("key", "artifact:weights.bin", "properties", Map.of("sha256", "bb22"));

        Api.Response r = admin.post("/api/v1/batch", batchWith(conflicting, null));

        JsonNode p = assertProblem(r, 409);
        assertThat(p.at("/differences/0/key").asText()).isEqualTo("artifact:weights.bin");
        assertThat(p.at("/differences/0/differences/0/recorded").asText()).isEqualTo("aa11");
        assertThat(Graph.nodes()).isEqualTo(nodesBefore);
        assertThat(Graph.relations()).isEqualTo(relationsBefore);
    }

    @Test
    void relationsMayConnectNodesRecordedInTheSameBatch() {
        Api.Response r = Lineage.of().node("prompt:triage@1", "evaluation:triage-eval")
                .rel("evaluation:triage-eval", "EVALUATES", "prompt:triage@1").writeWith(admin);

        assertThat(r.json().at("/relations/created").asInt()).isEqualTo(1);
    }

    @Test
    void sameKeyTwiceWithTheSameContentIsOneNode() {
        Lineage.of().node("model:fraud@1", "model:fraud@1").writeWith(admin);

        assertThat(Graph.count("MATCH (n:Node {key: 'model:fraud@1'}) RETURN count(n) AS c")).isEqualTo(1);
    }

    @Test
    void emptyBatchIsRefused() {
        assertProblem(admin.post("/api/v1/batch", Map.of()), 400, "nodes");
        assertProblem(admin.post("/api/v1/batch", Map.of("nodes", List.of(), "relations", List.of())), 400, "nodes");
    }

    @Test
    void nullElementIsRefusedNamingItsPosition() {
        List<Object> nodes = new ArrayList<>();
        nodes.add(Map.of("key", "model:fraud@1"));
        nodes.add(null);

        assertProblem(admin.post("/api/v1/batch", Map.of("nodes", nodes)), 400, "nodes[1]");
        assertThat(Graph.nodes()).isEqualTo(nodesBefore);
    }

    @Test
    void twentyThousandElementsAreWrittenInOneBatchAndResentAsUnchanged() {
        int n = 10_000;
        Lineage big = Lineage.of();
        for (int i = 0; i < n; i++) {
            big.node("artifact:shard-" + i);
        }
        for (int i = 0; i < n; i++) {
            big.rel("artifact:shard-" + i, "DERIVED_FROM", "artifact:shard-" + ((i + 1) % n));
        }

        JsonNode first = big.writeWith(admin).json();
        JsonNode again = big.writeWith(admin).json();

        assertThat(first.at("/nodes/created").asInt()).isEqualTo(n);
        assertThat(first.at("/relations/created").asInt()).isEqualTo(n);
        assertThat(again.at("/nodes/unchanged").asInt()).isEqualTo(n);
        assertThat(again.at("/relations/unchanged").asInt()).isEqualTo(n);
        assertThat(Graph.count("MATCH (:Artifact)-[r:DERIVED_FROM]->(:Artifact) RETURN count(r) AS c")).isEqualTo(n);
        assertThat(Graph.nodes()).isEqualTo(nodesBefore + n);
    }

    /** The default settings let a batch of the documented maximum (100,000 elements) finish: see README. */
    @Test
    void aBatchOfTheDocumentedMaximumIsWrittenWithTheDefaultTimeouts() {
        int n = 50_000;
        Lineage big = Lineage.of();
        for (int i = 0; i < n; i++) {
            big.node("artifact:part-" + i);
        }
        for (int i = 0; i < n; i++) {
            big.rel("artifact:part-" + i, "DERIVED_FROM", "artifact:part-" + ((i + 7) % n));
        }

        Api.Response r = big.writeWith(admin);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/nodes/created").asInt()).isEqualTo(n);
        assertThat(r.json().at("/relations/created").asInt()).isEqualTo(n);
    }
}
