package io.pedigree.lineage;

import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One breadth-first search, run level by level inside one read transaction, that stops at a node cap inside the
 * query. Each level asks first for the next unvisited nodes in key order with {@code LIMIT} room + 1, so a hub with
 * a million relations sends at most that many rows (the database still reads the hub's relations to pick the first
 * by key, in a bounded top-N sort, but never materialises them), then for the relations from the frontier to the
 * nodes kept. Key order makes a truncated answer the same every time.
 *
 * <p>With a kind filter the search still walks through nodes of other kinds; {@code maxNodes} counts the nodes
 * kept (those of the asked kinds, and the root), while the server's {@code PEDIGREE_MAX_NODES} bounds the nodes
 * visited, so the work stays bounded either way.
 */
final class Traversal {

    private static final String NEXT = """
            UNWIND $ids AS id
            MATCH (n:Node) WHERE elementId(n) = id
            MATCH (n)%s[r:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT|CONCERNS]%s(m:Node)
            WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf) AND m.validFrom <= $asOf
              AND m.key > $after AND NOT elementId(m) IN $seen
            RETURN elementId(m) AS id, m %s AS node
            ORDER BY m.key
            LIMIT $limit
            """;

    private static final String EDGES = """
            UNWIND $ids AS id
            MATCH (n:Node) WHERE elementId(n) = id
            MATCH (n)%s[r:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT|CONCERNS]%s(m:Node)
            WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf) AND elementId(m) IN $targets
            RETURN id AS source, elementId(r) AS rel, type(r) AS type, elementId(m) AS target,
                   r.validFrom AS validFrom, r.validTo AS validTo, r.recordedAt AS recordedAt,
                   r.recordedBy AS recordedBy
            ORDER BY source, target, rel
            """;

    /** The level query that finds the next nodes one way, exposed for the test that reads it. */
    static String next(boolean upstream) {
        return upstream ? NEXT.formatted("-", "->", GraphNodes.PROJECTION) : NEXT.formatted("<-", "-", GraphNodes.PROJECTION);
    }

    static String edges(boolean upstream) {
        return upstream ? EDGES.formatted("-", "->") : EDGES.formatted("<-", "-");
    }

    GraphNode root;
    /** Every node visited, by key, in visiting order. */
    final Map<String, GraphNode> nodes = new LinkedHashMap<>();
    /** Element id to key of every node visited. */
    final Map<String, String> ids = new LinkedHashMap<>();
    final Map<String, GraphEdge> edges = new LinkedHashMap<>();
    String truncatedReason;

    private final Set<Kind> kinds;
    private final int maxNodes;
    private final int maxVisited;
    private int kept;

    Traversal(Set<Kind> kinds, int maxNodes, int maxVisited) {
        this.kinds = kinds;
        this.maxNodes = maxNodes;
        this.maxVisited = maxVisited;
    }

    /** Whether a node is part of the answer: the root and its versions always, others when their kind was asked. */
    boolean keeps(GraphNode n) {
        return kinds.isEmpty() || n.depth() == 0 || kinds.contains(Kind.parse("kinds", n.kind()));
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

    void bfs(TransactionContext tx, List<String> seeds, boolean upstream, int depth, ZonedDateTime asOf) {
        Map<String, Integer> levelOf = new HashMap<>();
        seeds.forEach(s -> levelOf.put(s, 0));
        List<String> frontier = seeds;
        for (int level = 1; level <= depth && !frontier.isEmpty() && truncatedReason == null; level++) {
            List<String> next = nextLevel(tx, frontier, levelOf, upstream, level, asOf);
            List<String> targets = new ArrayList<>(levelOf.keySet().stream().filter(ids::containsKey).toList());
            for (Record r : tx.run(edges(upstream), Map.of("ids", frontier, "targets", targets, "asOf", asOf)).list()) {
                String sourceKey = ids.get(r.get("source").asString());
                String targetKey = ids.get(r.get("target").asString());
                edges.putIfAbsent(r.get("rel").asString(), new GraphEdge(
                        upstream ? sourceKey : targetKey, r.get("type").asString(), upstream ? targetKey : sourceKey,
                        Times.instant(r.get("validFrom")), Times.instant(r.get("validTo")),
                        Times.instant(r.get("recordedAt")), r.get("recordedBy").asString(null)));
            }
            frontier = next;
        }
    }

    /**
     * The nodes one level further, in key order, up to the cap: pages through the candidates by key (a node
     * reached from several frontier nodes comes once per relation) until enough distinct ones are in.
     */
    private List<String> nextLevel(TransactionContext tx, List<String> frontier, Map<String, Integer> levelOf,
                                   boolean upstream, int level, ZonedDateTime asOf) {
        LinkedHashSet<String> next = new LinkedHashSet<>();
        List<String> seen = new ArrayList<>(levelOf.keySet());
        String after = "";
        while (truncatedReason == null) {
            int limit = room() + 1;
            List<Record> rows = tx.run(next(upstream), Map.of("ids", frontier, "seen", seen, "after", after,
                    "limit", limit, "asOf", asOf)).list();
            for (Record r : rows) {
                String id = r.get("id").asString();
                if (levelOf.containsKey(id)) {
                    continue;
                }
                String known = ids.get(id);
                if (known == null) {
                    GraphNode n = GraphNodes.from(r.get("node"), level);
                    if (!admit(n, level)) {
                        return new ArrayList<>(next);
                    }
                    nodes.put(n.key(), n);
                    ids.put(id, n.key());
                } else if (nodes.get(known).depth() > level) {
                    nodes.put(known, nodes.get(known).atDepth(level));
                }
                levelOf.put(id, level);
                next.add(id);
            }
            if (rows.size() < limit) {
                break;
            }
            after = rows.get(rows.size() - 1).get("node").get("key").asString();
        }
        return new ArrayList<>(next);
    }

    /** Room left for new nodes: kept nodes when every kind is kept, visited nodes otherwise. */
    private int room() {
        return kinds.isEmpty() ? maxNodes - nodes.size() : maxVisited - nodes.size();
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
        Set<String> keys = new java.util.HashSet<>();
        keptNodes().forEach(n -> keys.add(n.key()));
        return Summaries.between(keys, edges.values());
    }
}
