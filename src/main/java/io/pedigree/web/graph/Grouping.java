package io.pedigree.web.graph;

import io.pedigree.lineage.GraphEdge;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.LineageGraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds large neighbourhoods into groups before layout. Walking out from the root level by level, a drawn node
 * with more than {@code threshold} not-yet-placed neighbours of one kind on one side, one step further out, has
 * them replaced by one {@link Group}, unless the page asked for that group expanded. What is reached only through
 * a group's members is hidden too and counted as the group's {@code beyond}: expanding a group shows its members,
 * which may in turn fold their own neighbours.
 */
final class Grouping {

    private final Map<String, GraphNode> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> upstreamOf = new HashMap<>();
    private final Map<String, List<String>> downstreamOf = new HashMap<>();
    private final String rootKey;
    private final Set<String> expanded;
    private final int threshold;

    // A key is drawn, or stands behind a group (owner = the group id): as one of its members, or beyond them.
    private final Set<String> drawn = new HashSet<>();
    private final Map<String, String> owner = new HashMap<>();
    private final Set<String> members = new HashSet<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<String> expandedHere = new ArrayList<>();

    private Grouping(LineageGraph graph, Set<String> expanded, int threshold) {
        graph.nodes().forEach(n -> nodes.put(n.key(), n));
        nodes.putIfAbsent(graph.root().key(), graph.root());
        for (GraphEdge e : graph.edges()) {
            if (nodes.containsKey(e.from()) && nodes.containsKey(e.to())) {
                upstreamOf.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
                downstreamOf.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
            }
        }
        this.rootKey = graph.root().key();
        this.expanded = expanded;
        this.threshold = threshold;
    }

    static Picture of(LineageGraph graph, Marks marks, Set<String> expanded, int threshold) {
        return new Grouping(graph, expanded, threshold).fold(graph, marks);
    }

    private Picture fold(LineageGraph graph, Marks marks) {
        Map<Integer, List<GraphNode>> levels = new TreeMap<>();
        nodes.values().forEach(n -> levels.computeIfAbsent(depth(n), d -> new ArrayList<>()).add(n));
        for (List<GraphNode> level : levels.values()) {
            // Drawn nodes claim their neighbours before hidden ones do, so a node next to anything drawn stays
            // in the picture instead of vanishing behind a group.
            level.sort(Comparator.comparing((GraphNode n) -> owner.containsKey(n.key())).thenComparing(GraphNode::key));
            for (GraphNode p : level) {
                if (!owner.containsKey(p.key())) {
                    drawn.add(p.key());
                }
                place(p, true);
                place(p, false);
            }
        }

        Map<String, Integer> beyond = new HashMap<>();
        owner.forEach((k, id) -> {
            if (!members.contains(k)) {
                beyond.merge(id, 1, Integer::sum);
            }
        });
        List<Group> collapsed = groups.values().stream()
                .map(g -> new Group(g.id(), g.parent(), g.kind(), g.upstream(), g.members(),
                        beyond.getOrDefault(g.id(), 0)))
                .toList();

        List<Item> items = new ArrayList<>();
        for (GraphNode n : nodes.values()) {
            if (drawn.contains(n.key())) {
                items.add(new Item(n.key(), n.kind(), n.name(), n.version(), depth(n), n.key().equals(rootKey),
                        marks.quarantined().contains(n.key()), marks.production().contains(n.key()), null));
            }
        }
        for (Group g : collapsed) {
            items.add(new Item(g.id(), g.kind(), g.label(), null, depth(nodes.get(g.parent())) + 1, false, false,
                    false, g));
        }
        items.sort(Comparator.comparingInt(Item::depth).thenComparing(Item::id));

        Map<String, Connection> connections = new TreeMap<>();
        for (GraphEdge e : graph.edges()) {
            String from = shownAs(e.to());
            String to = shownAs(e.from());
            if (from != null && to != null && !from.equals(to)) {
                connections.putIfAbsent(from + "\n" + to, new Connection(from, to, e.type()));
            }
        }
        return new Picture(rootKey, List.copyOf(items), List.copyOf(connections.values()), collapsed,
                List.copyOf(expandedHere));
    }

    /** Decides how the neighbours of {@code p} one step further out, on one side, are drawn. */
    private void place(GraphNode p, boolean upstream) {
        String key = p.key();
        int next = depth(p) + 1;
        Map<String, List<String>> byKind = new TreeMap<>();
        (upstream ? upstreamOf : downstreamOf).getOrDefault(key, List.of()).stream().distinct().sorted()
                .filter(k -> depth(nodes.get(k)) == next && !drawn.contains(k) && !owner.containsKey(k))
                .forEach(k -> byKind.computeIfAbsent(nodes.get(k).kind(), x -> new ArrayList<>()).add(k));
        for (Map.Entry<String, List<String>> bucket : byKind.entrySet()) {
            List<String> keys = bucket.getValue();
            String hiddenBehind = owner.get(key);
            if (hiddenBehind != null) {
                keys.forEach(k -> owner.put(k, hiddenBehind));
                continue;
            }
            String id = Group.idOf(key, bucket.getKey(), upstream);
            if (keys.size() <= threshold) {
                drawn.addAll(keys);
            } else if (expanded.contains(id)) {
                drawn.addAll(keys);
                expandedHere.add(id);
            } else {
                groups.put(id, new Group(id, key, bucket.getKey(), upstream, keys.size(), 0));
                keys.forEach(k -> owner.put(k, id));
                members.addAll(keys);
            }
        }
    }

    /** The drawn box that stands for a key: itself, its group, or none when it is hidden beyond a group. */
    private String shownAs(String key) {
        if (drawn.contains(key)) {
            return key;
        }
        return members.contains(key) ? owner.get(key) : null;
    }

    private int depth(GraphNode n) {
        if (n.key().equals(rootKey)) {
            return 0;
        }
        return n.depth() == null ? Integer.MAX_VALUE / 2 : n.depth();
    }
}
