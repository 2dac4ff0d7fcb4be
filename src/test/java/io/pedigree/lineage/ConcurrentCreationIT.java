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

    @Test
    void aBatchWaitsForAFamilyAnotherWriterHoldsOnlyAfterCreatingItsNodes() throws Exception {
        try (var session = TestNeo4j.driver().session(); var other = session.beginTransaction()) {
            // Another writer is creating the family: whoever needs it waits for that writer to commit. The batch
            // creates its own nodes first and waits in the statement that links versions to families, last, so
            // two batches sharing families do not wait out each other's whole transaction.
            other.run("CREATE (:Node:Model {key: 'model:churn', kind: 'model', name: 'churn'})").consume();
            CompletableFuture<Api.Response> batch = CompletableFuture.supplyAsync(() -> admin.post("/api/v1/batch",
                    Map.of("nodes", List.of(Map.of("key", "dataset:events"), Map.of("key", "model:churn@1"),
                            Map.of("key", "model:churn@2")))));
            await().atMost(Duration.ofSeconds(60)).until(() -> blockedTransactions() > 0);
            List<String> waitingIn = Graph.rows("SHOW TRANSACTIONS YIELD status, currentQuery"
                    + " WHERE status STARTS WITH 'Blocked' RETURN currentQuery AS q").stream()
                    .map(row -> row.get("q").asString()).toList();
            other.commit();

            Api.Response r = batch.get();

            assertThat(waitingIn).singleElement().asString().contains("UNWIND row.versions AS version");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/nodes/created").asInt()).isEqualTo(3);
        }
        assertThat(Graph.count("MATCH (n:Node {key: 'model:churn'}) RETURN count(n) AS c")).isEqualTo(1);
        assertThat(Graph.count("MATCH (:Node)-[r:VERSION_OF]->(:Node {key: 'model:churn'}) RETURN count(r) AS c"))
                .isEqualTo(2);
    }

    private static long blockedTransactions() {
        return Graph.count("SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS c");
    }
}
