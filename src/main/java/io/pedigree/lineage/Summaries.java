package io.pedigree.lineage;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The edges of a lineage answer filtered by kind: a relation between two kept nodes stays as it is, and a chain
 * of relations through nodes of other kinds becomes one edge from the first kept node to the next, whose type
 * joins the relation types ({@code WAS_GENERATED_BY/USED}) and whose {@code via} names the nodes in between. Of
 * several chains between the same two nodes, the shortest stands for them (the first by key among equals).
 */
final class Summaries {

    private Summaries() {
    }

    static List<GraphEdge> between(Set<String> kept, Collection<GraphEdge> edges) {
        Map<String, List<GraphEdge>> out = new HashMap<>();
        edges.stream().sorted(Comparator.comparing(GraphEdge::to))
                .forEach(e -> out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e));
        List<GraphEdge> answer = new ArrayList<>();
        for (String start : kept.stream().sorted().toList()) {
            // Breadth first from each kept node over what it depends on, stopping at kept nodes.
            Map<String, List<GraphEdge>> pathTo = new LinkedHashMap<>();
            pathTo.put(start, List.of());
            Deque<String> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                String at = queue.poll();
                for (GraphEdge e : out.getOrDefault(at, List.of())) {
                    if (pathTo.containsKey(e.to())) {
                        continue;
                    }
                    List<GraphEdge> path = new ArrayList<>(pathTo.get(at));
                    path.add(e);
                    pathTo.put(e.to(), path);
                    if (kept.contains(e.to())) {
                        answer.addAll(path.size() == 1 ? out.get(at).stream()
                                .filter(d -> d.to().equals(e.to())).toList() : List.of(summary(path)));
                    } else {
                        queue.add(e.to());
                    }
                }
            }
        }
        return answer;
    }

    /** One edge for a chain: valid while every relation in it is, recorded when its last relation was. */
    private static GraphEdge summary(List<GraphEdge> path) {
        Instant from = path.stream().map(GraphEdge::validFrom).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Instant to = path.stream().map(GraphEdge::validTo).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        GraphEdge last = path.stream().filter(e -> e.recordedAt() != null)
                .max(Comparator.comparing(GraphEdge::recordedAt)).orElse(path.get(path.size() - 1));
        return new GraphEdge(path.get(0).from(), String.join("/", path.stream().map(GraphEdge::type).toList()),
                path.get(path.size() - 1).to(), from, to, last.recordedAt(), last.recordedBy(),
                path.subList(1, path.size()).stream().map(GraphEdge::from).toList());
    }
}
