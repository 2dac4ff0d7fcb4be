package io.pedigree.store;

import io.pedigree.App;
import io.pedigree.config.Config;
import io.pedigree.error.PedigreeException.StartupFailure;
import io.pedigree.testing.Api;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting on the embedded default, restarting on the same data, and refusing to start against nothing. */
class StartupIT {

    private static Map<String, String> embeddedSettings(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PEDIGREE_PORT", "0");
        env.put("PEDIGREE_EMBEDDED_BOLT_PORT", "0");
        env.put("PEDIGREE_DATA_DIR", dataDir.toString());
        return env;
    }

    @Test
    void embeddedDefaultKeepsDataAndSchemaAcrossRestartsAndPrintsTheAdminTokenOnlyOnce() {
        Path data = TestApp.tempDir("pedigree-restart");
        String token;
        String appliedAt;
        try (App first = App.start(Config.fromMap(embeddedSettings(data)))) {
            assertThat(first.embedded()).isPresent();
            assertThat(first.embedded().get().home()).startsWith(data);
            token = first.newAdminToken().orElseThrow();
            Api api = new Api("http://127.0.0.1:" + first.port(), token);
            assertThat(api.put("/api/v1/nodes", Map.of("key", "dataset:kept@1")).status()).isEqualTo(201);
            appliedAt = first.database().read(tx -> tx.run(
                    "MATCH (m:SchemaMigration {version: 1}) RETURN toString(m.appliedAt) AS t").single()
                    .get("t").asString());
        }
        try (App second = App.start(Config.fromMap(embeddedSettings(data)))) {
            assertThat(second.newAdminToken()).isEmpty();
            Api api = new Api("http://127.0.0.1:" + second.port(), token);
            assertThat(api.get("/api/v1/node?key=" + Api.q("dataset:kept@1")).status()).isEqualTo(200);
            org.neo4j.driver.Record migrations = second.database().read(tx -> tx.run(
                    "MATCH (m:SchemaMigration) RETURN count(m) AS n, "
                            + "toString(min(CASE m.version WHEN 1 THEN m.appliedAt END)) AS t").single());
            assertThat(migrations.get("n").asInt()).isEqualTo(second.schemaVersion());
            assertThat(migrations.get("t").asString()).isEqualTo(appliedAt);
            assertThat(api.get("/api/v1/health").json().get("schemaVersion").asInt()).isEqualTo(second.schemaVersion());
        }
    }

    @Test
    void unreachableNeo4jStopsTheStartWithAClearMessageAndNonZeroExit() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("NEO4J_URI", "bolt://127.0.0.1:" + closedPort);
        env.put("PEDIGREE_PORT", "0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = io.pedigree.MainAccess.run(new String[] {"serve"}, env, new PrintStream(out), new PrintStream(err));

        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isNotZero();
        assertThat(message).contains("Pedigree could not start").contains("bolt://127.0.0.1:" + closedPort)
                .contains("NEO4J_URI").doesNotContain("\tat ");
    }

    @Test
    void anInvalidSettingIsRefusedNamingTheVariable() {
        Map<String, String> env = embeddedSettings(TestApp.tempDir("pedigree-bad"));
        env.put("PEDIGREE_MAX_DEPTH", "lots");
        assertThatThrownBy(() -> Config.fromMap(env)).isInstanceOf(StartupFailure.class)
                .hasMessageContaining("PEDIGREE_MAX_DEPTH");
    }
}
