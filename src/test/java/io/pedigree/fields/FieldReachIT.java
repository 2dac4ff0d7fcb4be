package io.pedigree.fields;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field upstream and impact on dense derivations: every field derived from every other, the shape where the
 * search that walked every trail ran out of transaction memory, answers at depth 50 well inside the timeout, and a
 * dataset-wide dependency counts as one derivation.
 */
class FieldReachIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void wipe() {
        TestNeo4j.wipe();
    }

    @Test
    void fiftyFieldsEachDerivedFromEveryOtherAnswerAtDepthFiftyWellUnderTheTimeout() {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            for (int c = 0; c < 10; c++) {
                fields.add(Map.of("dataset", "dataset:t" + d, "path", "c" + c));
            }
        }
        write(fields, """
                UNWIND $rows AS a
                UNWIND $rows AS b
                WITH a, b WHERE a <> b
                MATCH (x:Field {dataset: a.dataset, path: a.path}), (y:Field {dataset: b.dataset, path: b.path})
                CREATE (x)-[:DERIVES_FROM {type: 'DIRECT', validFrom: $t}]->(y)
                """);
        FieldQueries q = queries();
        FieldRef root = FieldRef.parse("", "dataset:t0", "c0");
        for (FieldView view : FieldView.values()) {
            // The first run plans the queries; the second shows what answering costs.
            q.upstream(root, view, 50, 10_000, T0.plusSeconds(1));
            long start = System.nanoTime();
            FieldGraph.Upstream up = q.upstream(root, view, 50, 10_000, T0.plusSeconds(1));
            FieldGraph.Impact impact = q.impact(root, view, 50, 10_000, T0.plusSeconds(1));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(view.name()).isLessThan(Duration.ofSeconds(5));
            assertThat(up.fields()).hasSize(49).allMatch(f -> f.depth() == 1);
            assertThat(impact.fields()).hasSize(49).allMatch(f -> f.depth() == 1);
            assertThat(up.edges()).hasSize(50 * 49);
            assertThat(up.truncated()).isFalse();
        }
    }

    @Test
    void aDatasetWideDependencyIsOneDerivationAwayThoughTwoStepsLong() {
        write(List.of(Map.of("dataset", "dataset:src", "path", "id"), Map.of("dataset", "dataset:mid", "path", "a"),
                Map.of("dataset", "dataset:mid", "path", "b"), Map.of("dataset", "dataset:out", "path", "z")), """
                MATCH (mid:Field {dataset: 'dataset:mid', path: ''}), (src:Field {dataset: 'dataset:src', path: 'id'}),
                      (b:Field {dataset: 'dataset:mid', path: 'b'}), (z:Field {dataset: 'dataset:out', path: 'z'})
                CREATE (mid)-[:DERIVES_FROM {type: 'INDIRECT', subtype: 'FILTER', validFrom: $t}]->(src),
                       (z)-[:DERIVES_FROM {type: 'DIRECT', validFrom: $t}]->(b)
                """);
        FieldQueries q = queries();
        FieldGraph.Impact impact = q.impact(FieldRef.parse("", "dataset:src", "id"), FieldView.ALL, 50, 100,
                T0.plusSeconds(1));
        assertThat(impact.fields()).extracting(f -> f.key() + "@" + f.depth())
                .containsExactly("dataset:mid#a@1", "dataset:mid#b@1", "dataset:out#z@2");
        assertThat(q.impact(FieldRef.parse("", "dataset:src", "id"), FieldView.ALL, 1, 100, T0.plusSeconds(1))
                .fields()).extracting(FieldGraph.FieldNode::key).containsExactly("dataset:mid#a", "dataset:mid#b");
        FieldGraph.Upstream up = q.upstream(FieldRef.parse("", "dataset:out", "z"), FieldView.ALL, 50, 100,
                T0.plusSeconds(1));
        assertThat(up.fields()).extracting(f -> f.key() + "@" + f.depth())
                .containsExactly("dataset:mid#b@1", "dataset:src#id@2");
        assertThat(q.upstream(FieldRef.parse("", "dataset:out", "z"), FieldView.DIRECT, 50, 100, T0.plusSeconds(1))
                .fields()).extracting(FieldGraph.FieldNode::key).containsExactly("dataset:mid#b");
    }

    /** Fields as the writer stores them (each with its dataset's whole-dataset field), then {@code relations}. */
    private static void write(List<Map<String, Object>> fields, String relations) {
        try (Session s = TestNeo4j.driver().session()) {
            Map<String, Object> p = Map.of("rows", fields, "t", T0.atZone(ZoneOffset.UTC));
            s.run("""
                    UNWIND $rows AS x
                    MERGE (w:Field {dataset: x.dataset, path: ''})
                      ON CREATE SET w.key = x.dataset + '#*', w.name = '*', w.validFrom = $t
                    MERGE (f:Field {dataset: x.dataset, path: x.path})
                      ON CREATE SET f.key = x.dataset + '#' + x.path, f.name = x.path, f.validFrom = $t
                    MERGE (f)-[:FIELD_OF]->(w)
                    """, p).consume();
            s.run(relations, p).consume();
        }
    }

    private static FieldQueries queries() {
        return new FieldQueries(new Database(TestNeo4j.driver(), null, Duration.ofSeconds(60)),
                new Limits(100, 10_000, 10_000, 50, 10_000, 1000), Clock.systemUTC());
    }
}
