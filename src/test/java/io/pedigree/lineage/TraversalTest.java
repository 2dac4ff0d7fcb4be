package io.pedigree.lineage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The level queries carry the cap, and a kind filter summarises chains through other kinds. */
class TraversalTest {

    private static final Instant T = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void eachLevelAsksTheDatabaseForTheNextNodesInKeyOrderUpToTheCap() {
        for (boolean upstream : List.of(true, false)) {
            String next = Traversal.next(upstream);
            assertThat(next).contains(upstream ? "MATCH (n)-[r:" : "MATCH (n)<-[r:")
                    .contains(upstream ? "]->(m:Node)" : "]-(m:Node)")
                    .contains("AND m.key > $after AND NOT elementId(m) IN $seen")
                    .endsWith("ORDER BY m.key\nLIMIT $limit\n");
            assertThat(Traversal.edges(upstream)).contains("elementId(m) IN $targets");
        }
    }

    private static GraphEdge e(String from, String type, String to) {
        return new GraphEdge(from, type, to, T, null, T, "test");
    }

    @Test
    void chainsThroughOtherKindsBecomeOneEdgeNamingWhatIsBetween() {
        List<GraphEdge> edges = List.of(e("model:m@1", "WAS_GENERATED_BY", "run:r@1"),
                e("run:r@1", "USED", "dataset:a@1"), e("run:r@1", "USED", "dataset:b@1"),
                e("dataset:b@1", "DERIVED_FROM", "dataset:a@1"));

        List<GraphEdge> kept = Summaries.between(Set.of("model:m@1", "dataset:a@1", "dataset:b@1"), edges);

        assertThat(kept).extracting(x -> x.from() + " " + x.type() + " " + x.to() + " " + x.via())
                .containsExactlyInAnyOrder("model:m@1 WAS_GENERATED_BY/USED dataset:a@1 [run:r@1]",
                        "model:m@1 WAS_GENERATED_BY/USED dataset:b@1 [run:r@1]",
                        "dataset:b@1 DERIVED_FROM dataset:a@1 []");
    }

    @Test
    void aDirectRelationWinsOverAChainAndCyclesEnd() {
        List<GraphEdge> edges = List.of(e("dataset:b@1", "DERIVED_FROM", "dataset:a@1"),
                e("dataset:b@1", "DERIVED_FROM", "artifact:x"), e("artifact:x", "DERIVED_FROM", "dataset:a@1"),
                e("artifact:x", "DERIVED_FROM", "artifact:y"), e("artifact:y", "DERIVED_FROM", "artifact:x"));

        List<GraphEdge> kept = Summaries.between(Set.of("dataset:a@1", "dataset:b@1"), edges);

        assertThat(kept).extracting(x -> x.from() + " " + x.type() + " " + x.to())
                .containsExactly("dataset:b@1 DERIVED_FROM dataset:a@1");
    }
}
