package io.pedigree.governance;

import io.pedigree.lineage.Limits;
import io.pedigree.store.Database;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Taint is found on the densest graphs within the query timeout: a model version trained on (and consuming a field
 * of) one of 50 datasets each derived from every other, with quarantines that no path reaches, so the search must
 * look everywhere before it answers "clean", and one that a path does reach.
 */
class TaintOnDenseGraphsIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void denseGraphs() {
        TestNeo4j.wipe();
        try (Session s = TestNeo4j.driver().session()) {
            Map<String, Object> p = Map.of("t", T0.atZone(ZoneOffset.UTC));
            s.run("""
                    UNWIND range(0, 49) AS i
                    CREATE (:Node:Dataset {key: 'dataset:k' + i + '@1', kind: 'dataset', validFrom: $t}),
                           (:Field {key: 'dataset:k' + i + '#c', dataset: 'dataset:k' + i, path: 'c', validFrom: $t})
                    """, p).consume();
            s.run("""
                    MATCH (a:Node:Dataset), (b:Node:Dataset) WHERE a <> b
                    CREATE (a)-[:DERIVED_FROM {validFrom: $t}]->(b)
                    """, p).consume();
            s.run("""
                    MATCH (a:Field), (b:Field) WHERE a <> b
                    CREATE (a)-[:DERIVES_FROM {type: 'DIRECT', validFrom: $t}]->(b)
                    """, p).consume();
            s.run("""
                    MATCH (d:Node {key: 'dataset:k0@1'}), (f:Field {key: 'dataset:k0#c'})
                    CREATE (v:Node:Model {key: 'model:m@1', kind: 'model', validFrom: $t})-[:DERIVED_FROM {validFrom: $t}]->(d),
                           (v)-[:CONSUMES {validFrom: $t}]->(f),
                           (:Node:Dataset {key: 'dataset:elsewhere@1', kind: 'dataset', validFrom: $t})
                             <-[:QUARANTINES]-(:Quarantine {id: 'q-node', key: 'dataset:elsewhere@1', reason: 'r'}),
                           (:Field {key: 'dataset:elsewhere#c', dataset: 'dataset:elsewhere', path: 'c', validFrom: $t})
                             <-[:QUARANTINES]-(:Quarantine {id: 'q-field', key: 'dataset:elsewhere', field: 'c',
                                                            reason: 'r'})
                    """, p).consume();
        }
    }

    @Test
    void aVersionOverFiftyMutuallyDerivedDatasetsIsFoundCleanOrTaintedWellUnderTheTimeout() {
        Quarantines quarantines = quarantines();
        quarantines.taint("model:m@1");
        long start = System.nanoTime();
        assertThat(quarantines.taint("model:m@1")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("clean").isLessThan(Duration.ofSeconds(5));

        try (Session s = TestNeo4j.driver().session()) {
            s.run("""
                    MATCH (d:Node {key: 'dataset:k49@1'}), (f:Field {key: 'dataset:k49#c'})
                    CREATE (d)<-[:QUARANTINES]-(:Quarantine {id: 'q-k49', key: 'dataset:k49@1', reason: 'r'}),
                           (f)<-[:QUARANTINES]-(:Quarantine {id: 'q-k49c', key: 'dataset:k49', field: 'c', reason: 'r'})
                    """).consume();
        }
        start = System.nanoTime();
        List<Taint> taint = quarantines.taint("model:m@1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("tainted").isLessThan(Duration.ofSeconds(5));
        assertThat(taint).extracting(Taint::asset).containsExactly("dataset:k49@1", "dataset:k49#c");
        assertThat(taint.get(0).path()).containsExactly("model:m@1", "dataset:k0@1", "dataset:k49@1");
        assertThat(taint.get(1).path()).containsExactly("model:m@1", "dataset:k0#c", "dataset:k49#c");
    }

    private static Quarantines quarantines() {
        Database db = new Database(TestNeo4j.driver(), null, Duration.ofSeconds(60));
        // Taint reads the graph only: no lineage service, audit log or field queries are needed.
        return new Quarantines(db, null, null, new Limits(100, 10_000, 10_000, 50, 10_000, 1000), Clock.systemUTC(),
                null);
    }
}
