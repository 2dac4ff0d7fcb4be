package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lineage, impact and path queries, all as of an instant.
 *
 * <p>Lineage is a breadth-first search run level by level inside one read transaction ({@link Traversal}): each
 * level is a query over the whole frontier with the node cap as its {@code LIMIT}, and a node is visited once
 * however many paths reach it. That keeps cost proportional to the nodes and edges in the answer, where a
 * variable-length Cypher pattern would enumerate every path (and explode on the diamonds that popular datasets
 * make).
 */
public final class LineageService {

    private static final String ROOT = """
            MATCH (n:Node {key: $key})
            RETURN elementId(n) AS id, n %s AS node, n.retractedAt AS retractedAt
            """.formatted(GraphNodes.PROJECTION);

    private static final String FAMILY_VERSIONS = """
            MATCH (v:Node)-[r:VERSION_OF]->(f:Node) WHERE elementId(f) = $id
              AND r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf) AND v.validFrom <= $asOf
            RETURN elementId(v) AS id, v %s AS node, r.validFrom AS validFrom, r.recordedAt AS recordedAt,
                   r.recordedBy AS recordedBy
            ORDER BY v.key
            LIMIT $limit
            """.formatted(GraphNodes.PROJECTION);

    private static final String SERVING = """
            UNWIND $ids AS id
            MATCH (d:Deployment) WHERE elementId(d) = id
            OPTIONAL MATCH (d)-[s:SERVES]->(v:Node)
            WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR s.validTo > $asOf) AND elementId(v) IN $affected
            WITH d, collect(DISTINCT v.key) AS serves
            OPTIONAL MATCH (d)-[o:OWNED_BY]->(p:Person)
            WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR o.validTo > $asOf)
            RETURN d.key AS key, d.`p.environment` AS environment, serves, collect(DISTINCT p.key) AS owners
            """;

    private static final String PATHS = """
            MATCH (a:Node {key: $from}), (b:Node {key: $to})
            MATCH p = allShortestPaths((a)-[:USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT|CONCERNS*..%d]->(b))
            WHERE all(r IN relationships(p) WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf))
              AND all(n IN nodes(p) WHERE n.validFrom <= $asOf)
            RETURN [n IN nodes(p) | n %s] AS nodes,
                   [r IN relationships(p) | {from: startNode(r).key, type: type(r), to: endNode(r).key,
                        validFrom: r.validFrom, validTo: r.validTo, recordedAt: r.recordedAt,
                        recordedBy: r.recordedBy}] AS edges
            LIMIT $limit
            """;

    private final Database db;
    private final Limits limits;
    private final Clock clock;

    public LineageService(Database db, Limits limits, Clock clock) {
        this.db = db;
        this.limits = limits;
        this.clock = clock;
    }

    /** Checks a requested depth against the configured maximum. */
    public int depth(String field, Integer requested, int byDefault) {
        int d = requested == null ? byDefault : requested;
        if (d < 1 || d > limits.maxDepth()) {
            throw new InvalidInput(field, "depth must be between 1 and " + limits.maxDepth() + ", got " + d);
        }
        return d;
    }

    /** Checks a requested node cap against the configured one, which is also the default. */
    public int maxNodes(String field, Integer requested) {
        int n = requested == null ? limits.maxNodes() : requested;
        if (n < 1 || n > limits.maxNodes()) {
            throw new InvalidInput(field, field + " must be between 1 and " + limits.maxNodes()
                    + " (the server's PEDIGREE_MAX_NODES), got " + n);
        }
        return n;
    }

    public LineageGraph lineage(NodeKey key, Direction direction, int depth, Set<Kind> kinds, Instant asOf) {
        return lineage(key, direction, depth, kinds, limits.maxNodes(), asOf);
    }

    /**
     * The nodes {@code kinds} asks for (all when empty; the root always), at most {@code maxNodes} of them, and
     * the edges between them, summarising chains through nodes of other kinds.
     */
    public LineageGraph lineage(NodeKey key, Direction direction, int depth, Set<Kind> kinds, int maxNodes,
                                Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        return db.read(tx -> {
            Traversal t = traverse(tx, key, direction, depth, kinds, maxNodes, at);
            return new LineageGraph(t.root, direction, depth, at, t.keptNodes(), t.keptEdges(),
                    t.truncatedReason != null, t.truncatedReason);
        });
    }

    public Impact impact(NodeKey key, int depth, Instant asOf) {
        return impact(key, depth, Set.of(), limits.maxNodes(), asOf);
    }

    /** What depends on {@code key}, limited to {@code kinds} when not empty (deployments too). */
    public Impact impact(NodeKey key, int depth, Set<Kind> kinds, int maxNodes, Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        return db.read(tx -> {
            Traversal t = traverse(tx, key, Direction.DOWNSTREAM, depth, kinds, maxNodes, at);
            List<String> deploymentIds = new ArrayList<>();
            t.ids.forEach((id, k) -> {
                GraphNode n = t.nodes.get(k);
                if (n.kind().equals(Kind.DEPLOYMENT.id()) && t.keeps(n)) {
                    deploymentIds.add(id);
                }
            });
            List<Impact.AffectedDeployment> deployments = new ArrayList<>();
            if (!deploymentIds.isEmpty()) {
                for (Record r : tx.run(SERVING, Map.of("ids", deploymentIds, "affected", new ArrayList<>(t.ids.keySet()),
                        "asOf", utc(at))).list()) {
                    List<String> serves = r.get("serves").asList(Value::asString);
                    if (serves.isEmpty()) {
                        continue;
                    }
                    deployments.add(new Impact.AffectedDeployment(t.nodes.get(r.get("key").asString()),
                            r.get("environment").isNull() ? null : String.valueOf(r.get("environment").asObject()),
                            serves, r.get("owners").asList(Value::asString)));
                }
            }
            deployments.sort(Comparator.comparing((Impact.AffectedDeployment d) -> !Environments.isProduction(d.environment()))
                    .thenComparing(d -> d.deployment().key()));
            Map<String, List<GraphNode>> byKind = new TreeMap<>();
            t.keptNodes().stream().filter(n -> !n.key().equals(t.root.key()))
                    .sorted(Comparator.comparing(GraphNode::depth).thenComparing(GraphNode::key))
                    .forEach(n -> byKind.computeIfAbsent(n.kind(), k -> new ArrayList<>()).add(n));
            Map<String, Integer> counts = new TreeMap<>();
            byKind.forEach((k, v) -> counts.put(k, v.size()));
            int total = byKind.values().stream().mapToInt(List::size).sum();
            return new Impact(t.root, at, deployments, counts, byKind, total, t.truncatedReason != null,
                    t.truncatedReason);
        });
    }

    public Paths paths(NodeKey from, NodeKey to, int maxDepth, int limit, Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        return db.read(tx -> {
            requireNode(tx, "from", from);
            requireNode(tx, "to", to);
            String query = PATHS.formatted(maxDepth, GraphNodes.PROJECTION);
            List<Paths.Path> forward = paths(tx, query, from, to, limit, at);
            if (!forward.isEmpty()) {
                return new Paths(from.toString(), to.toString(), at, from.toString(),
                        forward.get(0).edges().size(), forward);
            }
            List<Paths.Path> backward = paths(tx, query, to, from, limit, at);
            return new Paths(from.toString(), to.toString(), at, backward.isEmpty() ? null : to.toString(),
                    backward.isEmpty() ? 0 : backward.get(0).edges().size(), backward);
        });
    }

    private List<Paths.Path> paths(TransactionContext tx, String query, NodeKey a, NodeKey b, int limit, Instant at) {
        if (a.equals(b)) {
            return List.of();
        }
        List<Paths.Path> out = new ArrayList<>();
        for (Record r : tx.run(query, Map.of("from", a.toString(), "to", b.toString(), "limit", limit,
                "asOf", utc(at))).list()) {
            List<GraphNode> nodes = new ArrayList<>();
            List<Value> values = r.get("nodes").asList(v -> v);
            for (int i = 0; i < values.size(); i++) {
                nodes.add(GraphNodes.from(values.get(i), i));
            }
            List<GraphEdge> edges = r.get("edges").asList(this::edge);
            out.add(new Paths.Path(nodes, edges));
        }
        return out;
    }

    private GraphEdge edge(Value v) {
        return new GraphEdge(v.get("from").asString(), v.get("type").asString(), v.get("to").asString(),
                Times.instant(v.get("validFrom")), Times.instant(v.get("validTo")), Times.instant(v.get("recordedAt")),
                v.get("recordedBy").asString(null));
    }


    private void requireNode(TransactionContext tx, String field, NodeKey key) {
        if (!tx.run(ROOT, Map.of("key", key.toString())).hasNext()) {
            throw new NotFound(field, "No node with key " + key);
        }
    }

    private Traversal traverse(TransactionContext tx, NodeKey key, Direction direction, int depth, Set<Kind> kinds,
                               int maxNodes, Instant at) {
        List<Record> found = tx.run(ROOT, Map.of("key", key.toString())).list();
        if (found.isEmpty()) {
            throw new NotFound("key", "No node with key " + key);
        }
        Traversal t = new Traversal(kinds, maxNodes, limits.maxNodes());
        Record root = found.get(0);
        t.root = GraphNodes.from(root.get("node"), 0);
        if (t.root.validFrom() != null && t.root.validFrom().isAfter(at)) {
            throw new NotFound("asOf", key + " was not yet recorded as valid at " + at
                    + " (valid from " + t.root.validFrom() + ")");
        }
        Instant retracted = Times.instant(root.get("retractedAt"));
        if (retracted != null && !retracted.isAfter(at)) {
            // Its relations ended with the retraction; as of an earlier instant it is still there, for audit.
            throw new NotFound("key", key + " was retracted at " + retracted + "; ask with asOf before that to see"
                    + " it as it was recorded");
        }
        String rootId = root.get("id").asString();
        t.seed(rootId, t.root);
        List<String> seeds = new ArrayList<>(List.of(rootId));
        if (key.kind().versioned() && !key.isVersion()) {
            // A family stands for all its versions: they join the root at depth 0 (as many as the cap allows).
            for (Record r : tx.run(FAMILY_VERSIONS, Map.of("id", rootId, "asOf", utc(at), "limit", maxNodes)).list()) {
                GraphNode v = GraphNodes.from(r.get("node"), 0);
                if (t.nodes.containsKey(v.key())) {
                    continue;
                }
                if (!t.seed(r.get("id").asString(), v)) {
                    break;
                }
                seeds.add(r.get("id").asString());
                t.edges.put("version:" + v.key(), new GraphEdge(v.key(), RelationType.VERSION_OF.name(),
                        t.root.key(), Times.instant(r.get("validFrom")), null, Times.instant(r.get("recordedAt")),
                        r.get("recordedBy").asString(null)));
            }
        }
        ZonedDateTime asOf = utc(at);
        if (direction != Direction.DOWNSTREAM) {
            t.bfs(tx, seeds, true, depth, asOf);
        }
        if (direction != Direction.UPSTREAM && t.truncatedReason == null) {
            t.bfs(tx, seeds, false, depth, asOf);
        }
        return t;
    }

    private static ZonedDateTime utc(Instant at) {
        return at.atZone(ZoneOffset.UTC);
    }
}
