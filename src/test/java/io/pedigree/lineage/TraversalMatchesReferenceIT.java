package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.NotFound;
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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one-query traversal gives what a plain level-by-level search in Java gives over the same graph: the same
 * nodes in the same order at the same depths, the same relations, and the same truncation, on seeded random
 * graphs full of cycles and diamonds, with validity intervals, retracted nodes, a family, kind filters and caps.
 */
class TraversalMatchesReferenceIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> TYPES = List.of("USED", "WAS_GENERATED_BY", "DERIVED_FROM", "EVALUATES",
            "SERVES", "HAS_ARTIFACT");
    private static final List<Kind> KINDS = List.of(Kind.DATASET, Kind.RUN, Kind.MODEL, Kind.EVALUATION,
            Kind.DEPLOYMENT);

    @BeforeEach
    void wipe() {
        TestNeo4j.wipe();
    }

    @Test
    void answersMatchAReferenceBreadthFirstSearchOnRandomGraphs() {
        // Seeds 41 to 46 make dense graphs: about half of all ordered pairs related, so cycles and diamonds everywhere.
        for (long seed = 1; seed <= 46; seed++) {
            // Few distinct depths, so the run compiles few queries; the graphs and caps are what vary.
            TestNeo4j.wipe();
            Random rnd = new Random(seed);
            RefGraph g = RefGraph.random(rnd, seed > 40);
            g.load();
            int serverCap = 5 + rnd.nextInt(30);
            // A generous timeout: on a busy machine the first run of each query text is mostly planning.
            LineageService service = service(serverCap, Duration.ofSeconds(120));
            for (int q = 0; q < 15; q++) {
                String root = rnd.nextInt(6) == 0 ? RefGraph.FAMILY : g.keys.get(rnd.nextInt(g.keys.size()));
                Direction direction = Direction.values()[rnd.nextInt(3)];
                int depth = List.of(1, 2, 3, 4, 12).get(rnd.nextInt(5));
                Set<Kind> kinds = rnd.nextInt(3) == 0 ? EnumSet.of(KINDS.get(rnd.nextInt(KINDS.size())),
                        KINDS.get(rnd.nextInt(KINDS.size()))) : Set.of();
                int maxNodes = 1 + rnd.nextInt(serverCap);
                Instant asOf = T0.plusSeconds(rnd.nextInt(100));
                String label = "seed " + seed + " query " + q + ": " + root + " " + direction + " depth " + depth
                        + " kinds " + kinds + " maxNodes " + maxNodes + "/" + serverCap + " asOf " + asOf;
                RefAnswer expected;
                try {
                    expected = g.lineage(root, direction, depth, kinds, maxNodes, serverCap, asOf);
                } catch (NotFound e) {
                    assertThatThrownBy(() -> service.lineage(NodeKey.parse("key", root), direction, depth, kinds,
                            maxNodes, asOf)).as(label).isInstanceOf(NotFound.class).hasMessage(e.getMessage());
                    continue;
                }
                LineageGraph actual = service.lineage(NodeKey.parse("key", root), direction, depth, kinds, maxNodes,
                        asOf);
                assertThat(actual.nodes()).as(label).extracting(n -> n.key() + "@" + n.depth())
                        .containsExactlyElementsOf(expected.nodes());
                assertThat(actual.truncatedReason()).as(label).isEqualTo(expected.truncatedReason());
                assertThat(actual.truncated()).as(label).isEqualTo(expected.truncatedReason() != null);
                assertThat(actual.edges()).as(label).extracting(TraversalMatchesReferenceIT::edge)
                        .containsExactlyInAnyOrderElementsOf(expected.edges().stream()
                                .map(TraversalMatchesReferenceIT::edge).toList());
            }
        }
    }

    @Test
    void aCompleteDigraphOfFiftyNodesAnswersAtDepthFiftyWellUnderTheTimeout() {
        List<Map<String, Object>> rels = new ArrayList<>();
        for (int a = 0; a < 50; a++) {
            for (int b = 0; b < 50; b++) {
                if (a != b) {
                    rels.add(Map.of("from", "dataset:k" + a + "@1", "to", "dataset:k" + b + "@1", "type",
                            "DERIVED_FROM", "validFrom", T0.atZone(ZoneOffset.UTC)));
                }
            }
        }
        // Derived from the whole digraph, which derives from nothing outside it: no path from it leads there.
        rels.add(Map.of("from", "dataset:out@1", "to", "dataset:k0@1", "type", "DERIVED_FROM", "validFrom",
                T0.atZone(ZoneOffset.UTC)));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int a = 0; a < 50; a++) {
            nodes.add(RefGraph.node("dataset:k" + a + "@1", Kind.DATASET, T0, null));
        }
        nodes.add(RefGraph.node("dataset:out@1", Kind.DATASET, T0, null));
        RefGraph.write(nodes, rels);
        LineageService service = service(10_000, Duration.ofSeconds(60));
        NodeKey k0 = NodeKey.parse("key", "dataset:k0@1");
        Instant at = T0.plusSeconds(1);
        for (Direction direction : Direction.values()) {
            // The first run plans the query (seconds on a busy machine); the second shows what answering costs.
            service.lineage(k0, direction, 50, Set.of(), 10_000, at);
            long start = System.nanoTime();
            LineageGraph g = service.lineage(k0, direction, 50, Set.of(), 10_000, at);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(direction.name()).isLessThan(Duration.ofSeconds(5));
            int expected = direction == Direction.UPSTREAM ? 50 : 51;
            assertThat(g.nodes()).hasSize(expected);
            assertThat(g.nodes().subList(1, expected)).allMatch(n -> n.depth() == 1);
            assertThat(g.edges()).hasSize(49 * 50 + (direction == Direction.UPSTREAM ? 0 : 1));
            assertThat(g.truncated()).isFalse();
        }
        service.impact(k0, 50, Set.of(), 10_000, at);
        long start = System.nanoTime();
        Impact impact = service.impact(k0, 50, Set.of(), 10_000, at);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("impact").isLessThan(Duration.ofSeconds(5));
        assertThat(impact.total()).isEqualTo(50);
        // From inside the digraph to what depends on it: no way forward, searched to depth 50, then the way back.
        NodeKey out = NodeKey.parse("key", "dataset:out@1");
        service.paths(k0, out, 50, 10, at);
        start = System.nanoTime();
        Paths paths = service.paths(k0, out, 50, 10, at);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("path").isLessThan(Duration.ofSeconds(5));
        assertThat(paths.dependent()).isEqualTo("dataset:out@1");
        assertThat(paths.paths()).hasSize(1);
        assertThat(paths.length()).isEqualTo(1);
    }

    private static LineageService service(int maxNodes, Duration timeout) {
        return new LineageService(new Database(TestNeo4j.driver(), null, timeout),
                new Limits(100, 10_000, 10_000, 50, maxNodes, 1000), Clock.systemUTC());
    }

    private static String edge(GraphEdge e) {
        return e.from() + " " + e.type() + " " + e.to() + " " + e.via();
    }

    /** What the reference search answers. */
    record RefAnswer(List<String> nodes, List<GraphEdge> edges, String truncatedReason) {
    }

    /** A random graph held in memory, written to Neo4j as the writers would store it, and searched in Java. */
    static final class RefGraph {
        static final String FAMILY = "dataset:fam";

        final List<String> keys = new ArrayList<>();
        final Map<String, Kind> kind = new HashMap<>();
        final Map<String, Instant> validFrom = new HashMap<>();
        final Map<String, Instant> retractedAt = new HashMap<>();
        final List<Rel> rels = new ArrayList<>();
        final List<Rel> versions = new ArrayList<>();

        record Rel(String id, String from, String type, String to, Instant validFrom, Instant validTo) {
            boolean validAt(Instant t) {
                return !validFrom.isAfter(t) && (validTo == null || validTo.isAfter(t));
            }
        }

        static RefGraph random(Random rnd, boolean dense) {
            RefGraph g = new RefGraph();
            int n = 8 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                Kind k = KINDS.get(rnd.nextInt(KINDS.size()));
                String key = k.id() + ":n" + i + (k.versioned() ? "@1" : "");
                g.keys.add(key);
                g.kind.put(key, k);
                g.validFrom.put(key, T0.plusSeconds(rnd.nextInt(30)));
            }
            g.kind.put(FAMILY, Kind.DATASET);
            g.validFrom.put(FAMILY, T0);
            int versions = rnd.nextInt(6);
            for (int v = 0; v < versions; v++) {
                String key = "dataset:fam@" + v;
                g.keys.add(key);
                g.kind.put(key, Kind.DATASET);
                Instant from = T0.plusSeconds(rnd.nextInt(40));
                g.validFrom.put(key, from);
                g.versions.add(new Rel("v" + v, key, "VERSION_OF", FAMILY, from, null));
            }
            int edges = dense ? g.keys.size() * g.keys.size() / 2 : rnd.nextInt(n * 3 + 1);
            for (int e = 0; e < edges; e++) {
                String a = g.keys.get(rnd.nextInt(g.keys.size()));
                // Dense areas make diamonds; a relation back makes a cycle.
                String b = g.keys.get(rnd.nextInt(dense ? g.keys.size()
                        : Math.min(g.keys.size(), 1 + rnd.nextInt(12))));
                if (a.equals(b)) {
                    continue;
                }
                Instant from = T0.plusSeconds(rnd.nextInt(60));
                Instant to = rnd.nextInt(4) == 0 ? from.plusSeconds(1 + rnd.nextInt(40)) : null;
                g.rels.add(new Rel("r" + e, a, TYPES.get(rnd.nextInt(TYPES.size())), b, from, to));
            }
            // A retraction ends the node's relations then, as the writers do.
            for (String key : g.keys) {
                if (rnd.nextInt(10) == 0) {
                    Instant at = T0.plusSeconds(30 + rnd.nextInt(60));
                    g.retractedAt.put(key, at);
                    g.rels.replaceAll(r -> (r.from.equals(key) || r.to.equals(key))
                            && (r.validTo == null || r.validTo.isAfter(at))
                            ? new Rel(r.id, r.from, r.type, r.to, r.validFrom, at.isAfter(r.validFrom) ? at
                            : r.validFrom.plusSeconds(1)) : r);
                }
            }
            return g;
        }

        void load() {
            List<Map<String, Object>> nodes = new ArrayList<>();
            nodes.add(node(FAMILY, Kind.DATASET, validFrom.get(FAMILY), null));
            keys.forEach(k -> nodes.add(node(k, kind.get(k), validFrom.get(k), retractedAt.get(k))));
            List<Map<String, Object>> all = new ArrayList<>();
            for (Rel r : rels) {
                all.add(rel(r));
            }
            for (Rel r : versions) {
                all.add(rel(r));
            }
            write(nodes, all);
        }

        static Map<String, Object> node(String key, Kind kind, Instant from, Instant retracted) {
            Map<String, Object> m = new HashMap<>();
            NodeKey k = NodeKey.parse("key", key);
            m.put("key", key);
            m.put("kind", kind.id());
            m.put("name", k.name());
            m.put("version", k.version());
            m.put("validFrom", from.atZone(ZoneOffset.UTC));
            m.put("retractedAt", retracted == null ? null : retracted.atZone(ZoneOffset.UTC));
            return m;
        }

        private static Map<String, Object> rel(Rel r) {
            Map<String, Object> m = new HashMap<>();
            m.put("from", r.from);
            m.put("to", r.to);
            m.put("type", r.type);
            m.put("validFrom", r.validFrom.atZone(ZoneOffset.UTC));
            m.put("validTo", r.validTo == null ? null : r.validTo.atZone(ZoneOffset.UTC));
            return m;
        }

        static void write(List<Map<String, Object>> nodes, List<Map<String, Object>> rels) {
            try (Session s = TestNeo4j.driver().session()) {
                s.run("UNWIND $rows AS row CREATE (n:Node) SET n = row", Map.of("rows", nodes)).consume();
                s.run("""
                        UNWIND $rows AS row
                        MATCH (a:Node {key: row.from}), (b:Node {key: row.to})
                        CREATE (a)-[r:$(row.type)]->(b)
                        SET r.validFrom = row.validFrom, r.validTo = row.validTo, r.recordedAt = row.validFrom,
                            r.recordedBy = 'test'
                        """, Map.of("rows", rels)).consume();
            }
        }

        /** The level-by-level search the service did before it ran as one query, written plainly. */
        RefAnswer lineage(String rootKey, Direction direction, int depth, Set<Kind> kinds, int maxNodes,
                          int maxVisited, Instant asOf) {
            if (validFrom.get(rootKey).isAfter(asOf)) {
                throw new NotFound("asOf", rootKey + " was not yet recorded as valid at " + asOf
                        + " (valid from " + validFrom.get(rootKey) + ")");
            }
            Instant retracted = retractedAt.get(rootKey);
            if (retracted != null && !retracted.isAfter(asOf)) {
                throw new NotFound("key", rootKey + " was retracted at " + retracted + "; ask with asOf before that"
                        + " to see it as it was recorded");
            }
            Search s = new Search(kinds, maxNodes, maxVisited, asOf);
            s.depthOf.put(rootKey, 0);
            s.kept = 1;
            List<String> seeds = new ArrayList<>(List.of(rootKey));
            Map<String, GraphEdge> edges = new LinkedHashMap<>();
            if (rootKey.equals(FAMILY)) {
                for (Rel v : versions.stream().filter(v -> v.validAt(asOf) && !validFrom.get(v.from).isAfter(asOf))
                        .sorted(Comparator.comparing(Rel::from)).toList()) {
                    if (s.kept >= maxNodes) {
                        s.reason = "Stopped at the node cap of " + maxNodes + " nodes at depth 0: the family has"
                                + " more versions; ask for one version" + s.raise();
                        break;
                    }
                    s.kept++;
                    s.depthOf.put(v.from, 0);
                    seeds.add(v.from);
                    edges.put(v.id, new GraphEdge(v.from, "VERSION_OF", FAMILY, v.validFrom, null, v.validFrom,
                            "test"));
                }
            }
            for (boolean upstream : List.of(true, false)) {
                if (s.reason != null || (upstream ? direction == Direction.DOWNSTREAM
                        : direction == Direction.UPSTREAM)) {
                    continue;
                }
                Map<String, Integer> levelOf = new HashMap<>();
                seeds.forEach(x -> levelOf.put(x, 0));
                List<String> frontier = seeds;
                for (int level = 1; level <= depth && !frontier.isEmpty() && s.reason == null; level++) {
                    List<String> f = frontier;
                    List<String> candidates = rels.stream().filter(r -> r.validAt(asOf)
                                    && f.contains(upstream ? r.from : r.to))
                            .map(r -> upstream ? r.to : r.from)
                            .filter(m -> !validFrom.get(m).isAfter(asOf) && !levelOf.containsKey(m))
                            .distinct().sorted().toList();
                    List<String> next = new ArrayList<>();
                    for (String m : candidates) {
                        if (!s.depthOf.containsKey(m)) {
                            if (!s.admit(kind.get(m), level)) {
                                break;
                            }
                            s.depthOf.put(m, level);
                        } else if (s.depthOf.get(m) > level) {
                            s.depthOf.put(m, level);
                        }
                        levelOf.put(m, level);
                        next.add(m);
                    }
                    for (Rel r : rels) {
                        String near = upstream ? r.from : r.to;
                        String far = upstream ? r.to : r.from;
                        if (r.validAt(asOf) && f.contains(near) && levelOf.containsKey(far)) {
                            edges.putIfAbsent(r.id, new GraphEdge(r.from, r.type, r.to, r.validFrom, r.validTo,
                                    r.validFrom, "test"));
                        }
                    }
                    frontier = next;
                }
            }
            List<String> keptKeys = s.depthOf.keySet().stream()
                    .filter(k -> kinds.isEmpty() || s.depthOf.get(k) == 0 || kinds.contains(kind.get(k))).toList();
            List<GraphEdge> keptEdges = kinds.isEmpty() ? List.copyOf(edges.values())
                    : Summaries.between(Set.copyOf(keptKeys), edges.values().stream()
                    .sorted(Comparator.comparing(GraphEdge::from).thenComparing(GraphEdge::to)
                            .thenComparing(GraphEdge::type).thenComparing(GraphEdge::validFrom)).toList());
            return new RefAnswer(keptKeys.stream().map(k -> k + "@" + s.depthOf.get(k)).toList(), keptEdges,
                    s.reason);
        }
    }

    /** The bookkeeping of the reference search: nodes in visiting order and the caps. */
    static final class Search {
        final LinkedHashMap<String, Integer> depthOf = new LinkedHashMap<>();
        final Set<Kind> kinds;
        final int maxNodes;
        final int maxVisited;
        final Instant asOf;
        int kept;
        String reason;

        Search(Set<Kind> kinds, int maxNodes, int maxVisited, Instant asOf) {
            this.kinds = kinds;
            this.maxNodes = maxNodes;
            this.maxVisited = maxVisited;
            this.asOf = asOf;
        }

        boolean admit(Kind k, int level) {
            boolean keep = kinds.isEmpty() || kinds.contains(k);
            if (keep && kept >= maxNodes) {
                reason = "Stopped at the node cap of " + maxNodes + " nodes at depth " + level
                        + "; ask for a smaller depth or fewer kinds" + raise();
                return false;
            }
            if (depthOf.size() >= maxVisited) {
                reason = "Stopped after visiting " + maxVisited + " nodes (the server's PEDIGREE_MAX_NODES) at"
                        + " depth " + level + " while looking for " + kinds.stream().map(Kind::id).sorted().toList()
                        + "; ask for a smaller depth";
                return false;
            }
            if (keep) {
                kept++;
            }
            return true;
        }

        String raise() {
            return maxNodes < maxVisited ? ", or a larger maxNodes (up to " + maxVisited + ")" : "";
        }
    }
}
