package io.pedigree.prov;

import io.pedigree.lineage.Direction;
import io.pedigree.lineage.GraphEdge;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.LineageGraph;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Paths;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.Registry;
import io.pedigree.store.Database;
import org.neo4j.driver.Value;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes lineage, impact and path answers, a model version's provenance and the whole graph as W3C PROV-JSON
 * ({@code docs/prov.md}). An answer is the same one the JSON routes give, plus the owners of its nodes as agents;
 * the whole graph is read page by page, so memory stays bounded however large it is.
 */
public final class ProvExports {

    // Owners are not lineage, so answers do not hold them; PROV names them as agents of what they own.
    private static final String OWNERS = """
            UNWIND $keys AS key
            MATCH (n:Node {key: key})-[r:OWNED_BY]->(p:Node)
            WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)
            RETURN n.key AS from, n.kind AS fromKind, p.key AS to, p.kind AS toKind, p.name AS name,
                   p.validFrom AS personFrom, r.validFrom AS validFrom, r.validTo AS validTo,
                   r.recordedAt AS recordedAt, r.recordedBy AS recordedBy
            """;

    // Approvals and transitions are the registry's, not lineage; a version's provenance names them as activities.
    private static final String GOVERNANCE = """
            MATCH (s:ModelVersion {key: $key})
            CALL (s) {
                OPTIONAL MATCH (a:Approval)-[:FOR]->(s)
                WITH a ORDER BY a.at, a.seq
                RETURN collect(a {.stage, .decision, .comment, .by, .at}) AS approvals
            }
            CALL (s) {
                OPTIONAL MATCH (t:Transition)-[:OF]->(s)
                WITH t ORDER BY t.at
                RETURN collect(t {.from, .to, .reason, .by, .at, .override}) AS transitions
            }
            RETURN approvals, transitions
            """;

    private final LineageService lineage;
    private final Registry registry;
    private final Database db;
    private final Clock clock;
    private final int maxDepth;

    public ProvExports(LineageService lineage, Registry registry, Database db, Clock clock, int maxDepth) {
        this.lineage = lineage;
        this.registry = registry;
        this.db = db;
        this.clock = clock;
        this.maxDepth = maxDepth;
    }

    /** The lineage answer for these arguments, as PROV-JSON. */
    public void lineage(NodeKey key, Direction direction, int depth, int maxNodes, Instant asOf, String principal,
                        OutputStream out) {
        LineageGraph g = lineage.lineage(key, direction, depth, Set.of(), maxNodes, asOf);
        write(out, principal, "Lineage of " + key + ", " + direction.id() + " to depth " + depth + " as of "
                + g.asOf(), g.nodes(), g.edges(), g.asOf());
    }

    /**
     * What depends on {@code key}: the nodes the impact answer lists, with the relations between them (the impact
     * answer groups nodes by kind and leaves the relations out; PROV needs them).
     */
    public void impact(NodeKey key, int depth, int maxNodes, Instant asOf, String principal, OutputStream out) {
        LineageGraph g = lineage.lineage(key, Direction.DOWNSTREAM, depth, Set.of(), maxNodes, asOf);
        write(out, principal, "Impact of " + key + " to depth " + depth + " as of " + g.asOf(), g.nodes(),
                g.edges(), g.asOf());
    }

    /** Every node and relation on the shortest paths between two nodes. */
    public void path(NodeKey from, NodeKey to, int maxDepth, int limit, Instant asOf, String principal,
                     OutputStream out) {
        Paths p = lineage.paths(from, to, maxDepth, limit, asOf);
        Map<String, GraphNode> nodes = new LinkedHashMap<>();
        Map<String, GraphEdge> edges = new LinkedHashMap<>();
        for (Paths.Path path : p.paths()) {
            path.nodes().forEach(n -> nodes.putIfAbsent(n.key(), n));
            path.edges().forEach(e -> edges.putIfAbsent(e.from() + "|" + e.type() + "|" + e.to(), e));
        }
        write(out, principal, "Paths between " + from + " and " + to + " as of " + p.asOf(),
                nodes.values(), edges.values(), p.asOf());
    }

    /**
     * A registered version's provenance: everything upstream of it, to the server's maximum depth. {@code ref} is
     * its number or an alias.
     */
    public void version(ModelName model, String ref, String principal, OutputStream out) {
        ModelVersion v = registry.version("version", model, ref);
        int number = v.number();
        NodeKey key = NodeKey.parse("version", v.key());
        LineageGraph g = lineage.lineage(key, Direction.UPSTREAM, maxDepth, Set.of(), null);
        write(out, principal, "Provenance of " + model + " version " + number + " (" + v.key() + "), registered by "
                + v.registeredBy() + " at " + v.registeredAt(), g.nodes(), g.edges(), g.asOf(), governance(v));
    }

    /** The version's registration, approvals and rejections, and stage transitions, oldest first in each. */
    private List<ProvAct> governance(ModelVersion v) {
        List<ProvAct> acts = new ArrayList<>();
        String base = v.key() + "/";
        if (v.registeredBy() != null && v.registeredAt() != null) {
            acts.add(new ProvAct(base + "registration", ProvAct.REGISTRATION, "Registration of " + v.key(),
                    v.registeredAt(), v.registeredBy(), v.key(), Map.of()));
        }
        db.read(tx -> {
            var r = tx.run(GOVERNANCE, Map.of("key", v.key())).single();
            int n = 0;
            for (Value a : r.get("approvals").values()) {
                String decision = a.get("decision").asString("approve");
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("decision", decision);
                attributes.put("stage", a.get("stage").asString(null));
                attributes.put("comment", a.get("comment").asString(null));
                acts.add(new ProvAct(base + "approval/" + (++n), ProvAct.APPROVAL, decision + " for "
                        + a.get("stage").asString("") + " by " + a.get("by").asString(), instant(a.get("at")),
                        a.get("by").asString(), v.key(), attributes));
            }
            n = 0;
            for (Value t : r.get("transitions").values()) {
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("fromStage", t.get("from").asString(null));
                attributes.put("toStage", t.get("to").asString(null));
                attributes.put("reason", t.get("reason").asString(null));
                attributes.put("override", String.valueOf(t.get("override").asBoolean(false)));
                acts.add(new ProvAct(base + "transition/" + (++n), ProvAct.TRANSITION, t.get("from").asString("")
                        + " to " + t.get("to").asString("") + " by " + t.get("by").asString(), instant(t.get("at")),
                        t.get("by").asString(), v.key(), attributes));
            }
            return null;
        });
        return acts;
    }

    /** The whole graph, every relation with its validity interval; retracted nodes are left out. */
    public void graph(String principal, OutputStream out) {
        ProvJsonWriter.write(out, info(principal, "The whole lineage graph as of " + clock.instant()),
                new GraphPages(db));
    }

    private void write(OutputStream out, String principal, String title, Collection<GraphNode> nodes,
                       Collection<GraphEdge> edges, Instant asOf) {
        write(out, principal, title, nodes, edges, asOf, List.of());
    }

    private void write(OutputStream out, String principal, String title, Collection<GraphNode> nodes,
                       Collection<GraphEdge> edges, Instant asOf, List<ProvAct> acts) {
        Map<String, String> kinds = new LinkedHashMap<>();
        List<ProvNode> provNodes = new ArrayList<>();
        for (GraphNode n : nodes) {
            kinds.put(n.key(), n.kind());
            provNodes.add(ProvNode.of(n));
        }
        List<ProvEdge> provEdges = new ArrayList<>();
        for (GraphEdge e : edges) {
            if (kinds.containsKey(e.from()) && kinds.containsKey(e.to())) {
                provEdges.add(ProvEdge.of(e, kinds.get(e.from()), kinds.get(e.to())));
            }
        }
        owners(kinds.keySet(), asOf, provNodes, provEdges);
        ProvJsonWriter.write(out, info(principal, title), new ProvSource() {
            @Override
            public void nodes(Consumer<ProvNode> each) {
                provNodes.forEach(each);
            }

            @Override
            public void edges(Consumer<ProvEdge> each) {
                provEdges.forEach(each);
            }

            @Override
            public void acts(Consumer<ProvAct> each) {
                acts.forEach(each);
            }
        });
    }

    private void owners(Set<String> keys, Instant asOf, List<ProvNode> nodes, List<ProvEdge> edges) {
        db.read(tx -> {
            Set<String> seen = new java.util.HashSet<>(keys);
            tx.run(OWNERS, Map.of("keys", List.copyOf(keys), "asOf", asOf.atZone(ZoneOffset.UTC)))
                    .forEachRemaining(r -> {
                        String person = r.get("to").asString();
                        if (seen.add(person)) {
                            nodes.add(new ProvNode(person, r.get("toKind").asString(), r.get("name").asString(),
                                    instant(r.get("personFrom")), null));
                        }
                        edges.add(new ProvEdge(r.get("from").asString(), r.get("fromKind").asString(), "OWNED_BY",
                                person, r.get("toKind").asString(), instant(r.get("validFrom")),
                                instant(r.get("validTo")), instant(r.get("recordedAt")),
                                r.get("recordedBy").asString(null), List.of()));
                    });
            return null;
        });
    }

    private ExportInfo info(String principal, String title) {
        return new ExportInfo(UUID.randomUUID().toString(), title, principal, clock.instant());
    }

    static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
