package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.AtOnce;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyIT extends PedigreeIT {

    private static final int CLIENTS = 16;

    /** Runs one request per client, all released at the same instant, and returns the answers in client order. */
    private static List<Api.Response> atOnce(IntFunction<Api.Response> request) throws Exception {
        return AtOnce.run(CLIENTS, request);
    }

    private static List<Integer> statuses(List<Api.Response> answers) {
        return AtOnce.statuses(answers);
    }

    @Test
    void sameKeyWithSameContentFromManyClientsIsOneNodeAndNoErrors() throws Exception {
        Map<String, Object> body = Map.of("key", "model:fraud@1", "properties", Map.of("auc", 0.91));

        List<Api.Response> answers = atOnce(i -> admin.put("/api/v1/nodes", body));

        assertThat(statuses(answers)).as("answers %s", answers).containsOnly(200, 201);
        assertThat(Collections.frequency(statuses(answers), 201)).isEqualTo(1);
        assertThat(Graph.count("MATCH (n:Node {key: 'model:fraud@1'}) RETURN count(n) AS c")).isEqualTo(1);
        assertThat(Graph.count("MATCH (n:Node {key: 'model:fraud'}) RETURN count(n) AS c")).isEqualTo(1);
        assertThat(Graph.count("MATCH (:Node)-[r:VERSION_OF]->(:Node) RETURN count(r) AS c")).isEqualTo(1);
    }

    @Test
    void sameKeyWithDifferentContentFromManyClientsHasExactlyOneWinner() throws Exception {
        List<Api.Response> answers = atOnce(i -> admin.put("/api/v1/nodes",
                Map.of("key", "model:fraud@1", "properties", Map.of("client", i))));

        assertThat(statuses(answers)).as("answers %s", answers).containsOnly(201, 409);
        assertThat(Collections.frequency(statuses(answers), 201)).isEqualTo(1);
        int winner = statuses(answers).indexOf(201);
        assertThat(Graph.rows("MATCH (n:Node {key: 'model:fraud@1'}) RETURN n.`p.client` AS client"))
                .singleElement().satisfies(r -> assertThat(r.get("client").asInt()).isEqualTo(winner));
    }

    @Test
    void sameMutableKeyFromManyClientsIsOneNodeHoldingOneClientsContent() throws Exception {
        List<Api.Response> answers = atOnce(i -> admin.put("/api/v1/nodes",
                Map.of("key", "deployment:fraud-api", "properties", Map.of("client", i))));

        assertThat(statuses(answers)).as("answers %s", answers).containsOnly(200, 201);
        assertThat(Collections.frequency(statuses(answers), 201)).isEqualTo(1);
        assertThat(Graph.rows("MATCH (n:Node {key: 'deployment:fraud-api'}) RETURN n.`p.client` AS client,"
                + " n.props AS props")).singleElement().satisfies(r -> assertThat(r.get("props").asString())
                .isEqualTo("{\"client\":" + r.get("client").asInt() + "}"));
    }

    @Test
    void sameRelationFromManyClientsIsOneRelationship() throws Exception {
        Lineage.of().node("run:train@r1", "dataset:tx@1").writeWith(admin);
        Map<String, Object> rel = Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@1");

        List<Api.Response> answers = atOnce(i -> admin.post("/api/v1/relations", rel));

        assertThat(statuses(answers)).as("answers %s", answers).containsOnly(200, 201);
        assertThat(Collections.frequency(statuses(answers), 201)).isEqualTo(1);
        assertThat(Graph.count("MATCH (:Run)-[r:USED]->(:Dataset) RETURN count(r) AS c")).isEqualTo(1);
    }

    @Test
    void overlappingBatchesFromManyClientsAllSucceedWithoutDuplicates() throws Exception {
        int n = 40;
        List<Api.Response> answers = atOnce(client -> {
            Lineage batch = Lineage.of();
            // Each client writes the same chain, starting at a different place, to provoke lock-order clashes.
            for (int j = 0; j < n; j++) {
                int i = (j + client * 7) % n;
                batch.node("dataset:part-" + i + "@1");
                if (i > 0) {
                    batch.rel("dataset:part-" + i + "@1", "DERIVED_FROM", "dataset:part-" + (i - 1) + "@1");
                }
            }
            return admin.post("/api/v1/batch", batch.body());
        });

        assertThat(statuses(answers)).as("answers %s", answers).containsOnly(200);
        assertThat(Graph.count("MATCH (n:Dataset) RETURN count(n) AS c")).isEqualTo(2L * n);
        assertThat(Graph.count("MATCH ()-[r:DERIVED_FROM]->() RETURN count(r) AS c")).isEqualTo(n - 1);
        assertThat(Graph.count("MATCH ()-[r:VERSION_OF]->() RETURN count(r) AS c")).isEqualTo(n);
    }
}
