package io.pedigree.api;

import io.pedigree.App;
import io.pedigree.testing.Api;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An app configured with tiny limits and open reads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsIT {

    private App app;
    private Api admin;

    @BeforeAll
    void start() {
        Map<String, String> env = TestApp.settings();
        env.put("PEDIGREE_MAX_BODY_BYTES", "4096");
        env.put("PEDIGREE_MAX_NODES", "5");
        env.put("PEDIGREE_AUTH_MODE", "open-reads");
        app = TestApp.start(env);
        admin = Api.admin(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @BeforeEach
    void clean() {
        TestNeo4j.wipe();
        new io.pedigree.auth.TokenService(app.database(), java.time.Clock.systemUTC()).bootstrapAdmin(TestApp.ADMIN_TOKEN);
    }

    @Test
    void aBodyOverTheLimitIsA413AndWritesNothing() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            nodes.add(Map.of("key", "dataset:n" + i + "@1"));
        }
        Api.Response r = admin.post("/api/v1/batch", Map.of("nodes", nodes));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Api anonymous = new Api("http://127.0.0.1:" + app.port(), null);
        assertThat(anonymous.get("/api/v1/nodes").json().get("items")).isEmpty();
    }

    @Test
    void theNodeCapTruncatesLineageAndSaysWhy() {
        List<Map<String, Object>> nodes = new ArrayList<>(List.of(Map.of("key", "run:wide@1")));
        List<Map<String, Object>> relations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(Map.of("key", "dataset:in" + i + "@1"));
            relations.add(Map.of("from", "run:wide@1", "type", "USED", "to", "dataset:in" + i + "@1"));
        }
        assertThat(admin.post("/api/v1/batch", Map.of("nodes", nodes, "relations", relations)).status()).isEqualTo(200);
        var lineage = admin.get("/api/v1/lineage?key=" + Api.q("run:wide@1")).json();
        assertThat(lineage.get("truncated").asBoolean()).isTrue();
        assertThat(lineage.get("truncatedReason").asText()).contains("node cap of 5");
        assertThat(lineage.get("nodes")).hasSize(5);
    }

    @Test
    void openReadsLetAnonymousReadButNotWrite() {
        Api anonymous = new Api("http://127.0.0.1:" + app.port(), null);
        assertThat(anonymous.get("/api/v1/nodes").status()).isEqualTo(200);
        assertThat(anonymous.put("/api/v1/nodes", Map.of("key", "dataset:x@1")).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/admin/tokens").status()).isEqualTo(401);
    }
}
