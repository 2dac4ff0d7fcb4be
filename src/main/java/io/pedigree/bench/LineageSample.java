package io.pedigree.bench;

import io.pedigree.lineage.Direction;
import io.pedigree.lineage.GraphEdge;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.LineageGraph;
import io.pedigree.lineage.NodeKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lineage answer of a chosen size cut from a {@link GraphGenerator} graph in memory, without a database: the
 * breadth-first neighbourhood, both ways, of the most used dataset, as the lineage service would answer it. It
 * has the real shape of a busy node (hundreds of runs on one dataset, their models, evaluations, deployments).
 */
public final class LineageSample {

    /** The relation types lineage follows; ownership is not lineage. */
    private static final Set<String> LINEAGE = Set.of("USED", "WAS_GENERATED_BY", "DERIVED_FROM", "EVALUATES",
            "SERVES", "HAS_ARTIFACT");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The answer, and the deployments in it that serve production (the generator marks every third). */
    public record Sample(LineageGraph graph, Set<String> production) {
    }

    private LineageSample() {
    }

    public static Sample of(int nodes, long seed) {
        GraphGenerator.Graph g = GraphGenerator.generate(Math.max(2_000, nodes * 4), seed);
        Map<String, List<String[]>> around = new HashMap<>();
        Set<String> production = new java.util.HashSet<>();
        for (Map<String, Object> n : g.nodes()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) n.get("properties");
            if ("production".equals(props.get("environment"))) {
                production.add((String) n.get("key"));
            }
        }
        for (Map<String, Object> r : g.relations()) {
            if (LINEAGE.contains((String) r.get("type")) && r.get("validTo") == null) {
                String[] edge = {(String) r.get("from"), (String) r.get("type"), (String) r.get("to")};
                around.computeIfAbsent(edge[0], k -> new ArrayList<>()).add(edge);
                around.computeIfAbsent(edge[2], k -> new ArrayList<>()).add(edge);
            }
        }

        String root = g.mostUsedDataset();
        Map<String, Integer> depth = new LinkedHashMap<>();
        depth.put(root, 0);
        List<String> frontier = List.of(root);
        int d = 0;
        while (!frontier.isEmpty() && depth.size() < nodes) {
            d++;
            List<String> next = new ArrayList<>();
            for (String k : frontier) {
                for (String[] e : around.getOrDefault(k, List.of())) {
                    String other = e[0].equals(k) ? e[2] : e[0];
                    if (depth.size() < nodes && !depth.containsKey(other)) {
                        depth.put(other, d);
                        next.add(other);
                    }
                }
            }
            frontier = next;
        }

        List<GraphNode> graphNodes = new ArrayList<>();
        depth.forEach((k, dist) -> graphNodes.add(node(k, dist)));
        List<GraphEdge> edges = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String k : depth.keySet()) {
            for (String[] e : around.getOrDefault(k, List.of())) {
                if (depth.containsKey(e[0]) && depth.containsKey(e[2]) && seen.add(String.join("\n", e))) {
                    edges.add(new GraphEdge(e[0], e[1], e[2], T0, null, T0, "bench"));
                }
            }
        }
        production.retainAll(depth.keySet());
        return new Sample(new LineageGraph(graphNodes.get(0), Direction.BOTH, d, T0, graphNodes, edges, false, null),
                production);
    }

    private static GraphNode node(String key, int depth) {
        NodeKey k = NodeKey.parse("key", key);
        return new GraphNode(key, k.kind().id(), k.namespace(), k.name(), k.version(), T0, depth);
    }
}
