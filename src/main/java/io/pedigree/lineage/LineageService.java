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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lineage, impact and path queries, all as of an instant.
 *
 * <p>Lineage and impact are one query each ({@link TraversalQuery}: a pruning breadth-first search with the node
 * cap as its {@code LIMIT}, visiting a node once however many paths reach it, which for lineage also reads the
 * relations among the nodes reached); {@link Traversal} walks the rows as a level-by-level search would.
 */
public final class LineageService {

    // What a deployment serves is kept to the nodes the answer visited in Java, by key: sending the visited nodes'
    // ids (10,000 on a hub) for the query to test each served node against cost more than the rest of the Java.
    private static final String SERVING = """
            UNWIND $ids AS id
            MATCH (d:Deployment) WHERE elementId(d) = id
            OPTIONAL MATCH (d)-[s:SERVES]->(v:Node)
            WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR s.validTo > $asOf)
            WITH d, collect(DISTINCT v.key) AS serves
            OPTIONAL MATCH (d)-[o:OWNED_BY]->(p:Person)
            WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR o.validTo > $asOf)
            RETURN d.key AS key, d.`p.environment` AS environment, serves, collect(DISTINCT p.key) AS owners
            """;

    // One query for both ends (each through its alias, see Aliases) and both ways: the way back is only searched
    // when there is no way forward. Of the shortest paths, the first by the keys along them are kept, so a limited
    // answer is the same every time.
    private static final String PATHS = """
            OPTIONAL MATCH (a:Node {key: fromCanonical})
            OPTIONAL MATCH (b:Node {key: toCanonical})
            CALL (a, b) {
              WITH a, b WHERE a <> b
              MATCH p = allShortestPaths((a)-[:%1$s*..%2$d]->(b))
              WHERE all(r IN relationships(p) WHERE %3$s) AND all(n IN nodes(p) WHERE n.validFrom <= $asOf)
              WITH p ORDER BY [n IN nodes(p) | n.key] LIMIT $limit
              RETURN collect(p) AS forward
            }
            CALL (a, b, forward) {
              WITH a, b WHERE a <> b AND size(forward) = 0
              MATCH p = allShortestPaths((b)-[:%1$s*..%2$d]->(a))
              WHERE all(r IN relationships(p) WHERE %3$s) AND all(n IN nodes(p) WHERE n.validFrom <= $asOf)
              WITH p ORDER BY [n IN nodes(p) | n.key] LIMIT $limit
              RETURN collect(p) AS backward
            }
            RETURN fromCanonical AS fromKey, toCanonical AS toKey, a IS NOT NULL AS hasFrom, b IS NOT NULL AS hasTo,
                   [p IN forward + backward | {
                      nodes: [n IN nodes(p) | n %4$s],
                      edges: [r IN relationships(p) | {from: startNode(r).key, type: type(r), to: endNode(r).key,
                              validFrom: r.validFrom, validTo: r.validTo, recordedAt: r.recordedAt,
                              recordedBy: r.recordedBy}]}] AS paths,
                   size(forward) > 0 AS forwards
            """;

    private final Database db;
    private final Limits limits;
    private final Clock clock;
    private final Aliases aliases;

    public LineageService(Database db, Limits limits, Clock clock) {
        this(db, limits, clock, Aliases.NONE);
    }

    /** A service that answers for an alias with its canonical node, looked up in the answer's own query. */
    public LineageService(Database db, Limits limits, Clock clock, Aliases aliases) {
        this.db = db;
        this.limits = limits;
        this.clock = clock;
        this.aliases = aliases;
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
            Traversal t = traverse(tx, key, direction, depth, kinds, maxNodes, at, true);
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
            Traversal t = traverse(tx, key, Direction.DOWNSTREAM, depth, kinds, maxNodes, at, false);
            List<String> deploymentIds = new ArrayList<>();
            t.ids.forEach((id, k) -> {
                GraphNode n = t.nodes.get(k);
                if (n.kind().equals(Kind.DEPLOYMENT.id()) && t.keeps(n)) {
                    deploymentIds.add(id);
                }
            });
            List<Impact.AffectedDeployment> deployments = new ArrayList<>();
            if (!deploymentIds.isEmpty()) {
                for (Record r : tx.run(SERVING, Map.of("ids", deploymentIds, "asOf", utc(at))).list()) {
                    // Only what the answer visited; sorted, so the same graph gives the same answer whatever order
                    // the store returns them in.
                    List<String> serves = r.get("serves").asList(Value::asString).stream()
                            .filter(t.nodes::containsKey).sorted().toList();
                    if (serves.isEmpty()) {
                        continue;
                    }
                    deployments.add(new Impact.AffectedDeployment(t.nodes.get(r.get("key").asString()),
                            r.get("environment").isNull() ? null : String.valueOf(r.get("environment").asObject()),
                            serves, r.get("owners").asList(Value::asString).stream().sorted().toList()));
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

    public Paths paths(NodeKey fromKey, NodeKey toKey, int maxDepth, int limit, Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        String query = aliases.resolve("from", "to")
                + PATHS.formatted(TraversalQuery.TYPES, maxDepth, TraversalQuery.VALID, GraphNodes.PROJECTION);
        Map<String, Object> params = new HashMap<>(aliases.params("from", fromKey));
        params.putAll(aliases.params("to", toKey));
        params.put("limit", limit);
        params.put("asOf", utc(at));
        return db.read(tx -> {
            Record r = tx.run(query, params).single();
            String from = r.get("fromKey").asString();
            String to = r.get("toKey").asString();
            if (!r.get("hasFrom").asBoolean()) {
                throw new NotFound("from", "No node with key " + from);
            }
            if (!r.get("hasTo").asBoolean()) {
                throw new NotFound("to", "No node with key " + to);
            }
            List<Paths.Path> found = new ArrayList<>();
            for (Value p : r.get("paths").values()) {
                List<GraphNode> nodes = new ArrayList<>();
                List<Value> values = p.get("nodes").asList(v -> v);
                for (int i = 0; i < values.size(); i++) {
                    nodes.add(GraphNodes.from(values.get(i), i));
                }
                found.add(new Paths.Path(nodes, p.get("edges").asList(this::edge)));
            }
            String dependent = found.isEmpty() ? null : r.get("forwards").asBoolean() ? from : to;
            return new Paths(from, to, at, dependent,
                    found.isEmpty() ? 0 : found.get(0).edges().size(), found);
        });
    }

    private GraphEdge edge(Value v) {
        return new GraphEdge(v.get("from").asString(), v.get("type").asString(), v.get("to").asString(),
                Times.instant(v.get("validFrom")), Times.instant(v.get("validTo")), Times.instant(v.get("recordedAt")),
                v.get("recordedBy").asString(null));
    }


    /**
     * The walk of one traversal query from the key that answers for {@code named}; with {@code relations}, also
     * the relations among the nodes it kept.
     */
    private Traversal traverse(TransactionContext tx, NodeKey named, Direction direction, int depth, Set<Kind> kinds,
                               int maxNodes, Instant at, boolean relations) {
        Traversal t = new Traversal(kinds, maxNodes, limits.maxNodes(), depth);
        ZonedDateTime asOf = utc(at);
        // The versions are found by the same query, so the row cap counts the root alone: with versions it asks
        // for a few rows more than can fit, which the walk drops.
        // An alias names the same kind, versioned or not, as its canonical key.
        boolean family = named.kind().versioned() && !named.isVersion();
        Map<String, Object> p = new HashMap<>(aliases.params("key", named));
        p.putAll(Map.of("family", family, "asOf", asOf, "maxNodes", maxNodes, "limit", t.limit(1),
                "keptRows", maxNodes - 1));
        p.put("kinds", kinds.isEmpty() ? null : kinds.stream().map(Kind::id).sorted().toList());
        Record root = tx.run(TraversalQuery.nodes(direction, depth, relations, aliases), p).single();
        String key = root.get("key").asString();
        if (root.get("node").isNull()) {
            throw new NotFound("key", "No node with key " + key);
        }
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
        for (Value v : root.get("versions").values()) {
            // A family stands for all its versions: they join the root at depth 0 (as many as the cap allows).
            GraphNode version = GraphNodes.from(v.get("node"), 0);
            if (t.nodes.containsKey(version.key())) {
                continue;
            }
            if (!t.seed(v.get("id").asString(), version)) {
                break;
            }
            seeds.add(v.get("id").asString());
            t.edges.put("version:" + version.key(), new GraphEdge(version.key(), RelationType.VERSION_OF.name(),
                    t.root.key(), Times.instant(v.get("validFrom")), null, Times.instant(v.get("recordedAt")),
                    v.get("recordedBy").asString(null)));
        }
        if (t.truncatedReason == null && direction != Direction.DOWNSTREAM) {
            t.walk(seeds, root.get("up").asList(v -> v), true);
        }
        if (t.truncatedReason == null && direction != Direction.UPSTREAM) {
            t.walk(seeds, root.get("down").asList(v -> v), false);
        }
        if (relations) {
            Map<Boolean, List<Value>> read = new HashMap<>();
            if (direction != Direction.DOWNSTREAM) {
                read.put(true, root.get("upRelations").asList(v -> v));
            }
            if (direction != Direction.UPSTREAM) {
                read.put(false, root.get("downRelations").asList(v -> v));
            }
            t.keepEdges(read);
        }
        return t;
    }

    private static ZonedDateTime utc(Instant at) {
        return at.atZone(ZoneOffset.UTC);
    }
}
