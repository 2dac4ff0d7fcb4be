package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lineage, impact or path request costs what the service's answer costs: one transaction and one statement, even
 * when a dataset key has to be looked up among the aliases symlinks facets made. Each transaction is a round trip
 * to Neo4j and back, which on a busy machine is worth more than the rest of the HTTP request.
 */
class ReadRequestCostIT extends PedigreeIT {

    private static final String DEPLOYMENT = "deployment:fraud-prod";
    private static final String RAW = "dataset:raw@1";

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(TestApp.settings());
        // Nothing else opens transactions while a request is counted: no webhook worker, and the token check
        // cached for longer than a slow test takes.
        s.put("PEDIGREE_WEBHOOK_INTERVAL_SECONDS", "0");
        s.put("PEDIGREE_TOKEN_CACHE_SECONDS", "600");
        return s;
    }

    @BeforeEach
    void graph() {
        Lineage.of().node(DEPLOYMENT, "model:fraud@2", "run:train@r1", RAW)
                .rel(DEPLOYMENT, "SERVES", "model:fraud@2")
                .rel("model:fraud@2", "WAS_GENERATED_BY", "run:train@r1")
                .rel("run:train@r1", "USED", RAW)
                .writeWith(admin);
        // The token check is cached after its first lookup; that first one is not what is counted here.
        assertThat(admin.get("/api/v1/whoami").status()).isEqualTo(200);
    }

    @Test
    void upstreamLineageOfADatasetIsOneTransaction() {
        assertThat(transactionsOf("/api/v1/lineage?direction=upstream&depth=5&key=" + Api.q(RAW), 200)).isEqualTo(1);
    }

    @Test
    void impactOfADatasetIsOneTransaction() {
        assertThat(transactionsOf("/api/v1/impact?key=" + Api.q(RAW), 200)).isEqualTo(1);
    }

    @Test
    void pathFromADeploymentToADatasetIsOneTransaction() {
        assertThat(transactionsOf("/api/v1/path?from=" + Api.q(DEPLOYMENT) + "&to=" + Api.q(RAW), 200))
                .isEqualTo(1);
    }

    @Test
    void aDatasetThatDoesNotExistIsA404AfterOneTransaction() {
        String path = "/api/v1/lineage?direction=upstream&depth=10&key=" + Api.q("dataset:does-not-exist@v1");
        long before = app.database().sessionsOpened();
        assertProblem(admin.get(path), 404, "key");
        assertThat(app.database().sessionsOpened() - before).isEqualTo(1);
    }

    @Test
    void aDatasetKeyIsAnsweredByOneStatementWithTheAliasLookupInsideIt() {
        assertThat(statementsOf("/api/v1/lineage?direction=upstream&depth=5&key=" + Api.q(RAW), 200)).hasSize(1)
                .allMatch(q -> q.contains("DatasetAlias"));
        // Impact reads the deployments it reached in a second statement; the alias is looked up in the first.
        assertThat(statementsOf("/api/v1/impact?key=" + Api.q(RAW), 200))
                .filteredOn(q -> q.contains("DatasetAlias")).hasSize(1).allMatch(q -> q.contains("(root:Node"));
        assertThat(statementsOf("/api/v1/path?from=" + Api.q(DEPLOYMENT) + "&to=" + Api.q(RAW), 200)).hasSize(1);
    }

    @Test
    void aDatasetThatDoesNotExistIsA404AfterOneStatement() {
        List<String> run = statementsOf("/api/v1/lineage?direction=upstream&depth=10&key="
                + Api.q("dataset:does-not-exist@v1"), 404);
        assertThat(run).hasSize(1);
    }

    @Test
    void lineageOfADeploymentIsOneTransaction() {
        assertThat(transactionsOf("/api/v1/lineage?direction=upstream&depth=5&key=" + Api.q(DEPLOYMENT), 200))
                .isEqualTo(1);
    }

    /**
     * The statements Neo4j ran for one request (its query collector, which records each query as it completes),
     * one entry per run.
     */
    private List<String> statementsOf(String path, int status) {
        try (Session s = TestNeo4j.driver().session()) {
            s.run("CALL db.stats.stop('QUERIES')").consume();
            s.run("CALL db.stats.clear('QUERIES')").consume();
            s.run("CALL db.stats.collect('QUERIES')").consume();
            Api.Response r = admin.get(path);
            assertThat(r.status()).as(r.body()).isEqualTo(status);
            // The collector hands queries over from a queue: wait until the request's last statement is there.
            List<String> run = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                run.clear();
                s.run("CALL db.stats.retrieve('QUERIES')").list().forEach(q -> {
                    Value data = q.get("data");
                    String text = data.get("query").asString();
                    if (!text.contains("db.stats")) {
                        for (int i = 0; i < data.get("invocationSummary").get("invocationCount").asInt(); i++) {
                            run.add(text);
                        }
                    }
                });
                return run.stream().anyMatch(q -> q.contains("(root:Node") || q.contains("allShortestPaths"));
            });
            s.run("CALL db.stats.stop('QUERIES')").consume();
            return run;
        }
    }

    private long transactionsOf(String path, int status) {
        long before = app.database().sessionsOpened();
        Api.Response r = admin.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return app.database().sessionsOpened() - before;
    }
}
