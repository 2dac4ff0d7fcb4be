package io.pedigree.lineage;

import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.summary.Plan;
import org.neo4j.driver.summary.ProfiledPlan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Neo4j makes of the traversal query: per direction, one pruning breadth-first search
 * ({@code VarLengthExpand(Pruning,BFS)}) that expands each node once, whatever the paths reaching it.
 */
class TraversalPlanIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int RUNS = 2_000;
    private static final int OUTPUTS = 5;

    @BeforeAll
    static void hub() {
        TestNeo4j.wipe();
        // A dataset used by 2,000 runs, each of which made 5 datasets: 2,000 nodes at depth 1, 10,000 at depth 2.
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> rels = new ArrayList<>();
        nodes.add(TraversalMatchesReferenceIT.RefGraph.node("dataset:hub@1", Kind.DATASET, T0, null));
        for (int i = 0; i < RUNS; i++) {
            String run = "run:r" + i;
            nodes.add(TraversalMatchesReferenceIT.RefGraph.node(run, Kind.RUN, T0, null));
            rels.add(rel(run, "USED", "dataset:hub@1"));
            for (int j = 0; j < OUTPUTS; j++) {
                String out = "dataset:o" + i + "_" + j + "@1";
                nodes.add(TraversalMatchesReferenceIT.RefGraph.node(out, Kind.DATASET, T0, null));
                rels.add(rel(out, "WAS_GENERATED_BY", run));
            }
        }
        try (Session s = TestNeo4j.driver().session()) {
            s.run("CREATE INDEX traversal_plan_key IF NOT EXISTS FOR (n:Node) ON (n.key)").consume();
            s.run("CALL db.awaitIndexes()").consume();
        }
        TraversalMatchesReferenceIT.RefGraph.write(nodes, rels);
    }

    private static Map<String, Object> rel(String from, String type, String to) {
        return Map.of("from", from, "to", to, "type", type, "validFrom", T0.atZone(ZoneOffset.UTC));
    }

    @Test
    void eachDirectionIsOnePruningBreadthFirstSearchThatReadsEachRelationOnce() {
        ProfiledPlan plan = profile(RUNS * (1 + OUTPUTS) + 1, Direction.DOWNSTREAM);

        assertThat(operators(plan)).anyMatch(o -> o.startsWith("VarLengthExpand(Pruning,BFS"))
                .noneMatch(o -> o.startsWith("StatefulShortestPath"))
                .noneMatch(o -> o.startsWith("VarLengthExpand(All)"))
                .noneMatch(o -> o.startsWith("Trail"));
        // 12,001 nodes and 12,000 relations reached: a search that enumerated paths or expanded a node once per
        // path reaching it would read far more; the pruning search reads each node and relation a bounded number
        // of times (its properties for the validity window and the answer's projection).
        long relations = RUNS * (1L + OUTPUTS);
        assertThat(dbHits(plan)).as("db hits").isLessThan(relations * 20);
        // Per direction one search from one seed and one from several (a family's versions), of which one runs.
        assertThat(operators(profile(RUNS, Direction.BOTH))).filteredOn(o -> o.startsWith("VarLengthExpand(Pruning,BFS"))
                .hasSize(4);
    }

    @Test
    void aCapTheFirstLevelFillsStopsTheSearchAtTheFirstLevel() {
        // The hub's 2,000 runs fill a cap of 1,000: the answer is the first 1,000 runs by key, and the 10,000
        // datasets at depth 2 are never read (reading them costs the full search's hits, over 100,000 here).
        ProfiledPlan capped = profile(1_000, Direction.DOWNSTREAM);
        long full = dbHits(profile(RUNS * (1 + OUTPUTS) + 1, Direction.DOWNSTREAM));
        assertThat(dbHits(capped)).as("db hits capped, against %d uncapped", full).isLessThan(full / 3);
    }

    @Test
    void fromOneSeedTheSearchIsAStreamThatStopsAfterTheLevelTheCapCuts() {
        // A cap of 1,000 is cut at depth 1: the search hands out the 2,000 runs and the first dataset at depth 2,
        // which tells the sort (a PartialTop, each level sorted by key) that depth 1 is complete; it never hands
        // out the other datasets, nor aggregates the depth over all 12,000 nodes first.
        ProfiledPlan plan = profile(1_000, Direction.DOWNSTREAM);

        assertThat(operators(plan)).contains("PartialTop@neo4j");
        assertThat(rows(plan, "VarLengthExpand(Pruning,BFS")).as("nodes the search handed out")
                .isBetween((long) RUNS, RUNS + 1L);
    }

    @Test
    void aKindFilterIsAppliedInTheQueryWhichEndsItsRowsAtTheNodeCapOfTheAskedKinds() {
        // Datasets asked for, at most 5 besides the root: the 2,000 runs at depth 1 are passed through, the first 5
        // datasets at depth 2 kept, the 6th is where the cap stops the walk, and nothing after it is sent.
        Map<String, Object> p = params(RUNS * (1 + OUTPUTS) + 1);
        p.put("kinds", List.of("dataset"));
        p.put("keptRows", 5);
        List<Value> rows;
        try (Session s = TestNeo4j.driver().session()) {
            rows = s.run(TraversalQuery.nodes(Direction.DOWNSTREAM, 50), p).single().get("down").asList(v -> v);
        }

        assertThat(rows).hasSize(RUNS + 6);
        assertThat(rows.subList(0, RUNS)).allSatisfy(r -> assertThat(r.get("node").keys())
                .as("a run passed through is named, not read whole").containsExactlyInAnyOrder("key", "kind", "name"));
        assertThat(rows.subList(RUNS, RUNS + 6)).allSatisfy(r -> assertThat(r.get("node").get("kind").asString())
                .isEqualTo("dataset")).allSatisfy(r -> assertThat(r.get("node").keys()).contains("namespace"));
    }

    private static ProfiledPlan profile(int limit, Direction direction) {
        try (Session s = TestNeo4j.driver().session()) {
            // What the planner makes of the query on this graph, not a plan cached while other tests' graphs held
            // other statistics.
            s.run("CALL db.clearQueryCaches()").consume();
            return s.run("PROFILE " + TraversalQuery.nodes(direction, 50), params(limit)).consume().profile();
        }
    }

    private static Map<String, Object> params(int limit) {
        Map<String, Object> p = new HashMap<>(Map.of("key", "dataset:hub@1", "family", false,
                "asOf", T0.plusSeconds(1).atZone(ZoneOffset.UTC), "maxNodes", limit, "limit", limit,
                "keptRows", limit - 1));
        p.put("kinds", null);
        return p;
    }

    private static List<String> operators(Plan p) {
        List<String> out = new ArrayList<>(List.of(p.operatorType()));
        p.children().forEach(c -> out.addAll(operators(c)));
        return out;
    }

    /** Rows of the operators whose name starts with {@code operator}, as long as they read anything. */
    private static long rows(ProfiledPlan p, String operator) {
        return (p.operatorType().startsWith(operator) && p.records() > 0 ? p.records() : 0)
                + p.children().stream().mapToLong(c -> rows(c, operator)).sum();
    }

    private static long dbHits(ProfiledPlan p) {
        return p.dbHits() + p.children().stream().mapToLong(TraversalPlanIT::dbHits).sum();
    }
}
