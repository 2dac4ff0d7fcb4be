package io.pedigree.lineage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The traversal query carries direction, depth and caps, and a kind filter summarises chains through other kinds. */
class TraversalTest {

    private static final Instant T = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void oneQueryPerAnswerFollowsTheAskedDirectionToTheAskedDepthWithTheCapInside() {
        String up = TraversalQuery.nodes(Direction.UPSTREAM, 7);
        assertThat(up).startsWith("MATCH (root:Node {key: $key})\n")
                .contains("MATCH p = ANY SHORTEST (s)((x WHERE x = s OR x.validFrom <= $asOf)-[r:USED|WAS_GENERATED_BY"
                        + "|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT WHERE r.validFrom <= $asOf AND (r.validTo IS NULL"
                        + " OR r.validTo > $asOf)]->()){1,7}(m)")
                .contains("WHERE m:Node AND m.validFrom <= $asOf AND NOT m IN seeds\n    RETURN m, d\n    LIMIT $limit")
                .contains("WITH m, min(d) AS depth\n  ORDER BY depth, m.key")
                .contains("MATCH (u)-[r:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT]->(m:Node)")
                .contains("AS up\n").doesNotContain("<-").doesNotContain("AS down");
        String down = TraversalQuery.nodes(Direction.DOWNSTREAM, 3);
        assertThat(down).contains("MATCH p = ANY SHORTEST (s)((x WHERE x = s OR x.validFrom <= $asOf)<-[r:USED|")
                .contains("]-()){1,3}(m)")
                .contains("AS down\n").doesNotContain("]->()").doesNotContain("]->(m").doesNotContain("AS up");
        String both = TraversalQuery.nodes(Direction.BOTH, 50);
        assertThat(both).contains("]->()){1,50}(m)").contains("]-()){1,50}(m)")
                .endsWith("AS up,\n       [f IN reachedDown[..$limit] | f {.id, .node, .depth}] AS down\n");
        assertThat(both.indexOf("AS up")).isLessThan(both.indexOf("AS down"));
        // Every value is a parameter: the validity window, the key and the caps.
        assertThat(both).contains("r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)")
                .contains("LIMIT $maxNodes");
        assertThat(TraversalQuery.EDGES).contains("elementId(m) IN $upTargets").contains("elementId(m) IN $downTargets");
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
