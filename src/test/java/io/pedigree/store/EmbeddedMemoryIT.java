package io.pedigree.store;

import io.pedigree.App;
import io.pedigree.config.Config;
import io.pedigree.error.PedigreeException.Unavailable;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded Neo4j gets the page cache and transaction memory the configuration names. */
class EmbeddedMemoryIT {

    @Test
    void theEmbeddedNeo4jRunsWithTheConfiguredMemoryAndStopsAQueryAtItsTransactionLimit() {
        Config config = Config.fromMap(Map.of(
                "PEDIGREE_PORT", "0",
                "PEDIGREE_EMBEDDED_BOLT_PORT", "0",
                "PEDIGREE_DATA_DIR", TestApp.tempDir("pedigree-memory").toString(),
                "PEDIGREE_EMBEDDED_PAGECACHE", "48m",
                "PEDIGREE_EMBEDDED_TX_MEMORY", "64m"));
        try (App app = App.start(config)) {
            Map<String, String> settings = app.database().read(tx -> tx.run("""
                    CALL dbms.listConfig() YIELD name, value
                    WHERE name IN ['server.memory.pagecache.size', 'dbms.memory.transaction.total.max']
                    RETURN name, value""").stream()
                    .collect(java.util.stream.Collectors.toMap(r -> r.get("name").asString(),
                            r -> r.get("value").asString())));
            assertThat(settings).containsEntry("server.memory.pagecache.size", "48.00MiB")
                    .containsEntry("dbms.memory.transaction.total.max", "64.00MiB");

            assertThatThrownBy(() -> app.database().read(tx -> tx.run("""
                    UNWIND range(1, 10000000) AS i
                    WITH collect(toString(i)) AS texts
                    RETURN size(texts) AS n""").single()))
                    .isInstanceOf(Unavailable.class).hasMessageContaining("PEDIGREE_EMBEDDED_TX_MEMORY");
            assertThat(app.database().reachable()).as("the server goes on").isTrue();
        }
    }
}
