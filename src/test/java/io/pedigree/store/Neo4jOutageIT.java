package io.pedigree.store;

import io.pedigree.App;
import io.pedigree.testing.Api;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An external Neo4j (here an embedded one the app reaches only over Bolt) that goes away and comes back. */
class Neo4jOutageIT {

    @Test
    void requestsGet503WithRetryAfterWhileNeo4jIsDownAndRecoverWhenItIsBack() throws Exception {
        Path home = TestApp.tempDir("pedigree-outage");
        EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home, 0);
        int port = neo4j.boltPort();
        Map<String, String> env = TestApp.settings();
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("NEO4J_PASSWORD", "");
        try (App app = TestApp.start(env)) {
            Api api = Api.admin(app);
            assertThat(api.put("/api/v1/nodes", Map.of("key", "dataset:before@1")).status()).isEqualTo(201);

            neo4j.close();
            Api.Response down = api.get("/api/v1/node?key=" + Api.q("dataset:before@1"));
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(down.contentType()).startsWith("application/problem+json");
            assertThat(down.body()).doesNotContain("Exception").doesNotContain("\tat ");
            // An OpenLineage client (the Python one retries 5xx) is told to come back, never given a 500.
            Api.Response event = api.post("/api/v1/lineage", """
                    {"eventType":"START","eventTime":"2026-10-01T10:00:00Z","run":{"runId":"r-1"},
                     "job":{"namespace":"airflow","name":"etl"}}""");
            assertThat(event.status()).isEqualTo(503);
            assertThat(event.headers().firstValue("Retry-After")).isPresent();
            Api.Response health = new Api("http://127.0.0.1:" + app.port(), null).get("/api/v1/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("neo4j").get("reachable").asBoolean()).isFalse();

            neo4j = EmbeddedNeo4j.start(home, port);
            Api.Response back = api.get("/api/v1/node?key=" + Api.q("dataset:before@1"));
            assertThat(back.status()).isEqualTo(200);
            assertThat(back.json().get("key").asText()).isEqualTo("dataset:before@1");
        } finally {
            neo4j.close();
        }
    }
}
