package io.pedigree.lineage;

import org.neo4j.driver.Value;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A breadth-first answer built from the rows of {@link TraversalQuery}: each direction's nodes arrive in (depth,
 * key) order with their minimum depth, already cut near the cap, and are walked in that order exactly as a
 * level-by-level search would visit them, so the cap stops at the same node and says why in the same words.
 *
 * <p>With a kind filter the search still walks through nodes of other kinds; {@code maxNodes} counts the nodes
 * kept (those of the asked kinds, and the root), while the server's {@code PEDIGREE_MAX_NODES} bounds the nodes
 * visited, so the work stays bounded either way. The query tells the kinds apart and stops its rows at the node
 * cap of kept nodes; nodes of other kinds come with their key, kind and name only.
 */
final class Traversal {

    GraphNode root;
    /** Every node visited, by key, in visiting order: root, versions, then each direction in (depth, key) order. */
    final Map<String, GraphNode> nodes = new LinkedHashMap<>();
    /** Element id to key of every node visited. */
    final Map<String, String> ids = new LinkedHashMap<>();
    final Map<String, GraphEdge> edges = new LinkedHashMap<>();
    String truncatedReason;

    private final Set<Kind> kinds;
    private final int maxNodes;
    private final int maxVisited;
    private final int depth;
    private int kept;
    /** Per direction walked: the element ids whose relations belong in the answer, and the ids they may reach. */
    private final Map<Boolean, List<String>> frontiers = new LinkedHashMap<>();
    private final Map<Boolean, List<String>> targets = new LinkedHashMap<>();

    Traversal(Set<Kind> kinds, int maxNodes, int maxVisited, int depth) {
        this.kinds = kinds;
        this.maxNodes = maxNodes;
        this.maxVisited = maxVisited;
        this.depth = depth;
    }

    /** Whether a node is part of the answer: the root and its versions always, others when their kind was asked. */
    boolean keeps(GraphNode n) {
        return kinds.isEmpty() || n.depth() == 0 || kinds.contains(Kind.parse("kinds", n.kind()));
    }

    /**
     * How many nodes one direction's query returns at most: one more than fits, counting kept nodes when every kind
     * is kept and visited nodes otherwise. The seeds are in already; a node the other direction found does not
     * count again, which never needs more rows than this, since those nodes took their room from the same cap.
     */
    int limit(int seeds) {
        return (kinds.isEmpty() ? maxNodes : maxVisited) - seeds + 1;
    }

    /** Records a node at depth 0 (the root and a family's versions); answers false when the cap leaves no room. */
    boolean seed(String id, GraphNode n) {
        if (kept >= maxNodes) {
            truncatedReason = "Stopped at the node cap of " + maxNodes + " nodes at depth 0: the family has more"
                    + " versions; ask for one version" + raise();
            return false;
        }
        kept++;
        nodes.put(n.key(), n);
        ids.put(id, n.key());
        return true;
    }

    /**
     * Walks one direction's nodes, in (depth, key) order, as far as the caps allow. A node the other direction
     * found keeps its place and takes the smaller depth.
     */
    void walk(List<String> seeds, List<Value> reached, boolean upstream) {
        Map<String, Integer> levelOf = new LinkedHashMap<>();
        seeds.forEach(s -> levelOf.put(s, 0));
        Integer cutAt = null;
        for (Value row : reached) {
            String id = row.get("id").asString();
            int level = row.get("depth").asInt();
            String known = ids.get(id);
            if (known == null) {
                GraphNode n = GraphNodes.from(row.get("node"), level);
                if (!admit(n, level)) {
                    cutAt = level;
                    break;
                }
                nodes.put(n.key(), n);
                ids.put(id, n.key());
            } else if (nodes.get(known).depth() > level) {
                nodes.put(known, nodes.get(known).atDepth(level));
            }
            levelOf.put(id, level);
        }
        // Relations leave the nodes whose next level was explored: above the depth asked and above the cut.
        int below = cutAt == null ? depth : Math.min(depth, cutAt);
        frontiers.put(upstream, levelOf.entrySet().stream().filter(e -> e.getValue() < below)
                .map(Map.Entry::getKey).toList());
        targets.put(upstream, List.copyOf(levelOf.keySet()));
    }

    /**
     * Keeps, of the relations the query read per direction (true: upstream), those from the nodes whose next level
     * each walk explored to the nodes it walked, in a stable order whatever the store's: by the keys at both ends,
     * then type, validity and id.
     */
    void keepEdges(Map<Boolean, List<Value>> read) {
        List<Value> rows = new ArrayList<>();
        frontiers.forEach((upstream, frontier) -> {
            Set<String> from = new HashSet<>(frontier);
            Set<String> to = new HashSet<>(targets.get(upstream));
            for (Value r : read.getOrDefault(upstream, List.of())) {
                if (from.contains(r.get("at").asString()) && to.contains(r.get("reaches").asString())) {
                    rows.add(r);
                }
            }
        });
        rows.sort(Comparator.comparing((Value r) -> r.get("from").asString())
                .thenComparing(r -> r.get("to").asString()).thenComparing(r -> r.get("type").asString())
                .thenComparing(r -> r.get("validFrom").asZonedDateTime().toInstant())
                .thenComparing(r -> r.get("rel").asString()));
        for (Value r : rows) {
            edges.putIfAbsent(r.get("rel").asString(), new GraphEdge(r.get("from").asString(),
                    r.get("type").asString(), r.get("to").asString(), Times.instant(r.get("validFrom")),
                    Times.instant(r.get("validTo")), Times.instant(r.get("recordedAt")),
                    r.get("recordedBy").asString(null)));
        }
    }

    private boolean admit(GraphNode n, int level) {
        boolean keep = keeps(n);
        if (keep && kept >= maxNodes) {
            truncatedReason = "Stopped at the node cap of " + maxNodes + " nodes at depth " + level
                    + "; ask for a smaller depth or fewer kinds" + raise();
            return false;
        }
        if (nodes.size() >= maxVisited) {
            truncatedReason = "Stopped after visiting " + maxVisited + " nodes (the server's PEDIGREE_MAX_NODES) at"
                    + " depth " + level + " while looking for " + kinds.stream().map(Kind::id).sorted().toList()
                    + "; ask for a smaller depth";
            return false;
        }
        if (keep) {
            kept++;
        }
        return true;
    }

    private String raise() {
        return maxNodes < maxVisited ? ", or a larger maxNodes (up to " + maxVisited + ")" : "";
    }

    /** The kept nodes, and the edges between them (summarising paths through nodes of other kinds). */
    List<GraphNode> keptNodes() {
        return nodes.values().stream().filter(this::keeps).toList();
    }

    List<GraphEdge> keptEdges() {
        if (kinds.isEmpty()) {
            return List.copyOf(edges.values());
        }
        Set<String> keys = new HashSet<>();
        keptNodes().forEach(n -> keys.add(n.key()));
        return Summaries.between(keys, edges.values());
    }
}
