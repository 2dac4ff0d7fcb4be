package io.pedigree.mlflow;

import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code model-versions/delete}: its refusal (the version serves a deployment or holds a governed alias) is decided
 * in the transaction that archives and hides the version, under the model's lock, and a client's retry of it
 * answers success.
 */
class MlflowVersionDeleteIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";
    private static final String ARCHIVED_AND_SERVING = """
            MATCH (:Node:Deployment)-[r:SERVES]->(:Node)<-[:FOR]-(s:ModelVersion {stage: 'archived'})
            WHERE r.validTo IS NULL
            RETURN count(r) AS c
            """;
    private final MutableClock clock = new MutableClock();

    @Override
    protected Clock clock() {
        return clock;
    }

    @Test
    void aDeploymentPointedAtAVersionWhileItIsDeletedNeverLeavesAnArchivedVersionServing() throws Exception {
        Registry reg = new Registry(admin);
        reg.model("fraud", null);
        reg.version("fraud", null, List.of());
        reg.deployment("fraud-staging", "staging");
        CompletableFuture<Api.Response> delete;
        CompletableFuture<Api.Response> serve;
        try (var session = TestNeo4j.driver().session(); var promotion = session.beginTransaction()) {
            // Another change of the model (a promotion, say) holds its lock while the delete and the deploy arrive.
            promotion.run("MATCH (m:RegisteredModel {name: 'fraud'}) SET m._lock = true REMOVE m._lock").consume();
            delete = CompletableFuture.supplyAsync(() -> admin.delete(API
                    + "model-versions/delete?name=fraud&version=1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> blockedTransactions() >= 1);
            serve = CompletableFuture.supplyAsync(() -> reg.serve("fraud-staging", "model:fraud@1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> serve.isDone() || blockedTransactions() >= 2);
            promotion.rollback();
        }
        List<Integer> statuses = List.of(delete.get().status(), serve.get().status());

        assertThat(statuses).as(delete.get().body() + " / " + serve.get().body()).containsExactlyInAnyOrder(200, 409);
        assertThat(Graph.count(ARCHIVED_AND_SERVING)).isZero();
    }

    @Test
    void aVersionDeletedWhileADeployIsBetweenItsChecksAndItsSwitchIsRefusedNotArchived() throws Exception {
        Registry reg = new Registry(admin);
        reg.model("fraud", null);
        reg.version("fraud", null, List.of());
        reg.deployment("fraud-staging", "staging");
        CompletableFuture<Api.Response> serve;
        CompletableFuture<Api.Response> delete;
        try (var session = TestNeo4j.driver().session(); var other = session.beginTransaction()) {
            // Another writer is appending to the audit log: the deploy has checked the stage and switched, and waits
            // to append its event.
            other.run("MATCH (h:AuditHead {id: 'audit'}) SET h._lock = true REMOVE h._lock").consume();
            serve = CompletableFuture.supplyAsync(() -> reg.serve("fraud-staging", "model:fraud@1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> blockedTransactions() >= 1);
            delete = CompletableFuture.supplyAsync(() -> admin.delete(API
                    + "model-versions/delete?name=fraud&version=1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> delete.isDone() || blockedTransactions() >= 2);
            other.rollback();
        }

        assertThat(serve.get().status()).as(serve.get().body()).isEqualTo(200);
        assertThat(delete.get().status()).as(delete.get().body()).isEqualTo(409);
        assertThat(Graph.count(ARCHIVED_AND_SERVING)).isZero();
        assertThat(reg.stage("fraud", 1)).isEqualTo("development");
    }

    @Test
    void aRetriedVersionDeleteAnswersSuccessWithinTheWindowForTheSamePrincipalOnly() {
        Api writer = admin.withNewToken("svc-train", "writer");
        writer.post(API + "registered-models/create", Map.of("name", "churn"));
        writer.post(API + "model-versions/create", Map.of("name", "churn", "source", "s3://m/1"));
        String delete = API + "model-versions/delete?name=churn&version=1";

        assertThat(writer.delete(delete).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(3));
        Api.Response retried = writer.delete(delete);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(Audit.count("mlflow.version.delete")).isEqualTo(1);
        assertThat(writer.get(API + "model-versions/get?name=churn&version=1").status()).isEqualTo(404);

        // Another principal, or the same one past the window, finds nothing to delete.
        assertThat(admin.delete(delete).status()).isEqualTo(404);
        clock.advance(Retries.WINDOW);
        assertThat(writer.delete(delete).status()).isEqualTo(404);
    }

    private static long blockedTransactions() {
        return Graph.count("SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS c");
    }
}
