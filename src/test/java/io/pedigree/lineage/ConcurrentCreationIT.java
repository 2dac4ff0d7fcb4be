package io.pedigree.lineage;

import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch creates the keys its first read found absent outright; when another writer creates one of them in
 * between, the uniqueness constraint refuses the batch's create and the batch runs again from its read.
 */
class ConcurrentCreationIT extends PedigreeIT {

    @Test
    void aKeyCreatedByAnotherWriterAfterTheBatchReadItIsWrittenOnceAndTheBatchSucceeds() throws Exception {
        try (var session = TestNeo4j.driver().session(); var other = session.beginTransaction()) {
            // Another writer has created the key but not committed: the batch's read does not see it, and its
            // create waits for the other writer's lock on the key.
            other.run("CREATE (:Node:Dataset {key: 'dataset:tx@1'})").consume();
            CompletableFuture<Api.Response> batch = CompletableFuture.supplyAsync(() -> admin.post("/api/v1/batch",
                    Map.of("nodes", List.of(Map.of("key", "dataset:tx@1", "properties", Map.of("rows", 3)),
                            Map.of("key", "dataset:tx@2")))));
            await().atMost(Duration.ofSeconds(60)).until(() -> blockedTransactions() > 0);
            other.commit();

            Api.Response r = batch.get();

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/nodes/created").asInt()).isEqualTo(2);
        }
        assertThat(Graph.count("MATCH (n:Node {key: 'dataset:tx@1'}) RETURN count(n) AS c")).isEqualTo(1);
        assertThat(Graph.count("MATCH (n:Node {key: 'dataset:tx@1'}) WHERE n.`p.rows` = 3 RETURN count(n) AS c"))
                .isEqualTo(1);
        assertThat(Graph.count("MATCH (:Node {key: 'dataset:tx@1'})-[r:VERSION_OF]->() RETURN count(r) AS c"))
                .isEqualTo(1);
    }

    private static long blockedTransactions() {
        return Graph.count("SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS c");
    }
}
