package io.pedigree.store;

import io.pedigree.App;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pedigree on a {@code neo4j://} URI, as a cluster or Aura client is configured, against one server: the driver
 * asks the server for its routing table and sends reads and writes where it says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingUriIT {

    private EmbeddedNeo4j neo4j;
    private App app;
    private Api admin;

    @BeforeAll
    void start() {
        // A server of its own: the routing table names the server's advertised address, which is right for an
        // embedded server on this machine (and would not be for a container behind a mapped port).
        neo4j = EmbeddedNeo4j.start(TestApp.tempDir("pedigree-routing"), 0, 64L << 20, 0);
        app = TestApp.start(Map.of(
                "PEDIGREE_PORT", "0",
                "NEO4J_URI", "neo4j://127.0.0.1:" + neo4j.boltPort(),
                "PEDIGREE_ADMIN_TOKEN", TestApp.ADMIN_TOKEN,
                "PEDIGREE_DATA_DIR", TestApp.tempDir("pedigree-routing-data").toString()));
        admin = Api.admin(app);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (neo4j != null) {
            neo4j.close();
        }
    }

    @Test
    void theServerAnswersRoutingRequestsNamingItselfForEveryRole() {
        try (Driver routing = GraphDatabase.driver("neo4j://127.0.0.1:" + neo4j.boltPort(), AuthTokens.none());
             var session = routing.session()) {
            var table = session.run("CALL dbms.routing.getRoutingTable({}, null)").single();
            List<String> roles = table.get("servers").asList(s -> s.get("role").asString());
            assertThat(roles).containsExactlyInAnyOrder("WRITE", "READ", "ROUTE");
            assertThat(table.get("servers").asList(s -> s.get("addresses").get(0).asString()))
                    .containsOnly("127.0.0.1:" + neo4j.boltPort());
        }
    }

    @Test
    void writesAndReadsGoThroughTheRoutingDriver() {
        Api.Response batch = Lineage.of()
                .node("dataset:tx@1", "run:train@r1", "model:fraud@1")
                .rel("run:train@r1", "USED", "dataset:tx@1")
                .rel("model:fraud@1", "WAS_GENERATED_BY", "run:train@r1")
                .writeWith(admin);
        assertThat(batch.status()).as(batch.body()).isIn(200, 201);

        Api.Response lineage = admin.get("/api/v1/lineage?key=" + Api.q("model:fraud@1") + "&direction=upstream");
        assertThat(lineage.status()).as(lineage.body()).isEqualTo(200);
        assertThat(lineage.body()).contains("dataset:tx@1", "run:train@r1");

        Api.Response model = admin.post("/api/v1/models", Map.of("name", "fraud", "owner", "person:ana@acme.com"));
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        assertThat(admin.get("/api/v1/models/fraud").status()).isEqualTo(200);

        Api.Response verified = admin.get("/api/v1/audit/verify");
        assertThat(verified.json().get("ok").asBoolean()).as(verified.body()).isTrue();
        assertThat(admin.get("/api/v1/health").json().toString()).contains("neo4j://");
    }
}
