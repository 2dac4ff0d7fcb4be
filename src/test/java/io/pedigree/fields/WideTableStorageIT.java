package io.pedigree.fields;

import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1,000-column table written every minute, each run a new version with the same schema and the same column
 * lineage: after the first run, every further run adds one relation (version to shared schema) and no node.
 */
class WideTableStorageIT extends PedigreeIT {

    private static final int COLUMNS = 1000;
    private static final int RUNS = 10;
    // Every node but the audit log's, which records each declaration by design.
    private static final String GRAPH_NODES = """
            MATCH (n) WHERE NOT (n:AuditEvent OR n:AuditTarget OR n:AuditHead) RETURN count(n) AS c""";

    private Map<String, Object> run(int n) {
        List<Map<String, Object>> fields = new ArrayList<>();
        List<Map<String, Object>> derivations = new ArrayList<>();
        for (int c = 0; c < COLUMNS; c++) {
            fields.add(FieldChain.field("c" + c, "double"));
            derivations.add(FieldChain.derive("dataset:wide", "c" + c,
                    FieldChain.in("dataset:source", "c" + c, "DIRECT", "IDENTITY")));
        }
        return Map.of("datasets", List.of(Map.of("version", "dataset:wide@run-" + n, "fields", fields)),
                "derivations", derivations);
    }

    private static long[] counts() {
        return new long[] {Graph.count("MATCH (f:Field) RETURN count(f) AS c"),
                Graph.count("MATCH (s:Schema) RETURN count(s) AS c"),
                Graph.count("MATCH ()-[r:HAS_FIELD]->() RETURN count(r) AS c"),
                Graph.count("MATCH ()-[r:DERIVES_FROM]->() RETURN count(r) AS c"),
                Graph.count("MATCH ()-[r:HAS_SCHEMA]->() RETURN count(r) AS c")};
    }

    @Test
    void everyFurtherRunWithTheSameSchemaAddsOneRelationAndNoNode() {
        Registry reg = new Registry(admin);
        String[] versions = new String[RUNS];
        for (int n = 0; n < RUNS; n++) {
            versions[n] = "dataset:wide@run-" + n;
        }
        reg.lineage(versions);
        ok(admin.post("/api/v1/fields", run(0)));
        long[] first = counts();
        long nodes = Graph.count(GRAPH_NODES);

        long started = System.nanoTime();
        for (int n = 1; n < RUNS; n++) {
            ok(admin.post("/api/v1/fields", run(n)));
        }
        long perRunMs = (System.nanoTime() - started) / 1_000_000 / (RUNS - 1);
        long[] after = counts();
        System.out.printf("WideTableStorageIT: %d-column run declared again in %d ms on average%n", COLUMNS,
                perRunMs);

        // 1,000 fields of the table, 1,000 of its source, and the two whole-dataset fields.
        assertThat(first[0]).isEqualTo(2L * COLUMNS + 2);
        assertThat(after[0]).as("fields").isEqualTo(first[0]);
        assertThat(after[1]).as("schemas").isEqualTo(1);
        assertThat(after[2]).as("schema members").isEqualTo(COLUMNS);
        assertThat(after[3]).as("derivations").isEqualTo(COLUMNS);
        assertThat(after[4]).as("one link per version").isEqualTo(RUNS);
        assertThat(Graph.count(GRAPH_NODES)).as("nodes of any label").isEqualTo(nodes);
    }
}
