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
    void oneSeedIsSearchedAsAStreamAndSeveralSeedsReadTheFirstLevelBeforeTheDeeperSearch() {
        String down = TraversalQuery.nodes(Direction.DOWNSTREAM, 10);
        // One seed: one search from it, the depth the minimum length, sorted by (depth, key) up to the cap.
        assertThat(down).contains("""
                  WITH seeds WHERE size(seeds) = 1
                  WITH seeds[0] AS s
                  MATCH p = (s)<-[:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT|CONCERNS*1..10]-(m:Node)
                  WHERE all(r IN relationships(p) WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf))
                    AND all(x IN nodes(p) WHERE x.validFrom <= $asOf)
                  WITH s, m, min(length(p)) AS depth
                  WHERE m <> s
                  ORDER BY depth, m.key
                  LIMIT $limit
                  RETURN collect({m: m, depth: depth}) AS fromRootDown
                """);
        // Several seeds: the first level in key order up to the cap, and the deeper search only when it falls short.
        assertThat(down).contains("  WITH seeds WHERE size(seeds) > 1\n  UNWIND seeds AS s\n  MATCH (s)<-[r:USED|")
                .contains("WITH DISTINCT m\n  ORDER BY m.key\n  LIMIT $limit\n  RETURN collect(m) AS firstLevelDown\n")
                .contains("WITH seeds WHERE size(seeds) > 1 AND size(firstLevelDown) < $limit\n")
                .contains("WITH fromRootDown + CASE WHEN size(firstLevelDown) < $limit THEN deeperDown\n");
        assertThat(down.indexOf("AS firstLevelDown")).isLessThan(down.indexOf("size(firstLevelDown) < $limit\n"));
    }

    @Test
    void oneQueryPerAnswerFollowsTheAskedDirectionToTheAskedDepthWithTheCapInside() {
        String up = TraversalQuery.nodes(Direction.UPSTREAM, 7);
        assertThat(up).startsWith("WITH $key AS keyCanonical\nOPTIONAL MATCH (root:Node {key: keyCanonical})\n")
                .contains("MATCH p = (s)-[:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT|CONCERNS*1..7]->(m:Node)\n"
                        + "  WHERE all(r IN relationships(p) WHERE r.validFrom <= $asOf AND (r.validTo IS NULL"
                        + " OR r.validTo > $asOf))\n    AND all(x IN nodes(p) WHERE x.validFrom <= $asOf)\n")
                // The depth is only ever the minimum length per node: the shape Neo4j plans as a pruning search.
                .contains("WITH m, min(length(p)) AS depth\n  WHERE NOT m IN seeds\n  ORDER BY depth, m.key\n"
                        + "  LIMIT $limit\n")
                .contains("AS up\n").doesNotContain("<-").doesNotContain("AS down").doesNotContain("SHORTEST");
        String down = TraversalQuery.nodes(Direction.DOWNSTREAM, 3);
        assertThat(down).contains("MATCH p = (s)<-[:USED|")
                .contains("|HAS_ARTIFACT|CONCERNS*1..3]-(m:Node)")
                .contains("AS down\n").doesNotContain("]->(m").doesNotContain("AS up");
        String both = TraversalQuery.nodes(Direction.BOTH, 50);
        assertThat(both).contains("*1..50]->(m:Node)").contains("*1..50]-(m:Node)")
                .endsWith("reachedUp AS up,\n       reachedDown AS down\n");
        assertThat(both.indexOf("AS up")).isLessThan(both.indexOf("AS down"));
        // Every value is a parameter: the validity window, the key and the caps.
        assertThat(both).contains("r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)")
                .contains("LIMIT $maxNodes");
        assertThat(both).doesNotContain("walkedUp").doesNotContain("Relations");
    }

    @Test
    void aLineageAnswerReadsTheRelationsAmongTheNodesReachedInTheSameQuery() {
        String both = TraversalQuery.nodes(Direction.BOTH, 6, true);

        // Per direction: from the seeds and each node above the depth asked, to the nodes that direction reached.
        assertThat(both).contains("""
                CALL (seeds, walkedUp) {
                  WITH seeds + [w IN walkedUp | w.m] AS inSet,
                       [s IN seeds | {m: s, depth: 0}] + walkedUp AS starts
                  UNWIND starts AS f
                  WITH f.m AS n, inSet
                  WHERE f.depth < 6
                  MATCH (n)-[r:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT|CONCERNS]->(x:Node)
                  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf) AND x IN inSet
                  RETURN collect({rel: elementId(r), at: elementId(n), reaches: elementId(x), from: n.key, type: type(r),
                """).contains("  MATCH (n)<-[r:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT|CONCERNS]-(x:Node)\n"
                        + "  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf) AND x IN inSet\n"
                        + "  RETURN collect({rel: elementId(r), at: elementId(n), reaches: elementId(x), from: x.key,"
                        + " type: type(r),\n                  to: n.key,")
                .endsWith("reachedUp AS up,\n       relationsUp AS upRelations,\n       reachedDown AS down,\n"
                        + "       relationsDown AS downRelations\n");
        // Every direction's relations are read after its nodes, from the rows the cap already cut.
        assertThat(both.indexOf("CALL (seeds, walkedUp)")).isGreaterThan(both.indexOf("AS reachedUp"));
        assertThat(TraversalQuery.nodes(Direction.UPSTREAM, 6, true)).doesNotContain("walkedDown")
                .doesNotContain("downRelations");
    }

    @Test
    void aDatasetAliasIsResolvedToItsCanonicalKeyInTheTraversalQueryItself() {
        String up = TraversalQuery.nodes(Direction.UPSTREAM, 5, true, Aliases.DATASET_SYMLINKS);

        // The lookup, then the root by the key that answers: the alias's canonical family with the version asked
        // appended, or the key itself. The root is optional, so a key naming nothing still answers one row.
        assertThat(up).startsWith("""
                OPTIONAL MATCH (keyAlias:DatasetAlias {key: $keyAlias})
                WITH coalesce(keyAlias.canonical + $keyVersion, $key) AS keyCanonical
                OPTIONAL MATCH (root:Node {key: keyCanonical})
                """).contains("CASE WHEN root IS NOT NULL AND coalesce(root.validFrom <= $asOf, true)")
                .contains("RETURN keyCanonical AS key, elementId(root) AS id,")
                .containsOnlyOnce("DatasetAlias");
    }

    @Test
    void aliasParametersNameADatasetsFamilyAndKeepItsVersion() {
        NodeKey version = NodeKey.parse("key", "dataset:{s3://lake}sales/orders@v%402");
        assertThat(Aliases.DATASET_SYMLINKS.params("key", version)).containsEntry("key", version.toString())
                .containsEntry("keyAlias", "dataset:{s3://lake}sales/orders").containsEntry("keyVersion", "@v%402");
        NodeKey family = NodeKey.parse("key", "dataset:{s3://lake}sales/orders");
        assertThat(Aliases.DATASET_SYMLINKS.params("key", family)).containsEntry("keyAlias", family.toString())
                .containsEntry("keyVersion", "");
        // Only datasets have aliases: any other key looks up nothing.
        assertThat(Aliases.DATASET_SYMLINKS.params("key", NodeKey.parse("key", "model:fraud@2")))
                .containsEntry("keyAlias", null).containsEntry("key", "model:fraud@2");
        assertThat(Aliases.NONE.params("from", family)).containsOnlyKeys("from");
    }

    @Test
    void theKindFilterAndTheCapOnKeptNodesAreInTheQuery() {
        String up = TraversalQuery.nodes(Direction.UPSTREAM, 5);

        // Each reached node is marked kept by kind in the query; the rows end after the kept one the cap stops at.
        assertThat(up).contains("  WITH [x IN found | {m: x.m, depth: x.depth, kept: $kinds IS NULL OR x.m.kind IN $kinds}]"
                        + " AS rows\n"
                        + "  WITH rows, [i IN range(0, size(rows) - 1) WHERE rows[i].kept] AS keptAt\n"
                        + "  UNWIND rows[0..CASE WHEN size(keptAt) > $keptRows THEN keptAt[$keptRows] + 1"
                        + " ELSE size(rows) END] AS row\n")
                // A node of another kind, walked through, is only named.
                .contains("node: CASE WHEN kept THEN m {.key, .kind, .namespace, .name, .version, .validFrom}"
                        + " ELSE m {.key, .kind, .name} END, depth: depth})\n         AS reachedUp\n");
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
