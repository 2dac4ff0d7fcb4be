package io.pedigree.web.graph;

import io.pedigree.lineage.Direction;
import io.pedigree.lineage.GraphEdge;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.LineageGraph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds small lineage answers by hand for drawing tests. */
final class Lineages {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private final List<GraphNode> nodes = new ArrayList<>();
    private final List<GraphEdge> edges = new ArrayList<>();

    static Lineages rootedAt(String kind, String name, String version) {
        return new Lineages().node(kind, name, version, 0);
    }

    /** Adds {@code kind:name@version} at {@code depth} from the root. */
    Lineages node(String kind, String name, String version, int depth) {
        nodes.add(new GraphNode(key(kind, name, version), kind, null, name, version, T, depth));
        return this;
    }

    /** Records that {@code dependent} depends on {@code dependency}, the way lineage answers point. */
    Lineages edge(String dependent, String type, String dependency) {
        edges.add(new GraphEdge(dependent, type, dependency, T, null, T, "test"));
        return this;
    }

    /** Adds {@code count} nodes of {@code kind} at {@code depth}, each an input of {@code dependent}. */
    Lineages inputs(String dependent, String kind, String prefix, int count, int depth) {
        for (int i = 0; i < count; i++) {
            node(kind, prefix + i, "v1", depth);
            edge(dependent, "USED", key(kind, prefix + i, "v1"));
        }
        return this;
    }

    LineageGraph build() {
        return new LineageGraph(nodes.get(0), Direction.BOTH, 3, T, List.copyOf(nodes), List.copyOf(edges), false,
                null);
    }

    static String key(String kind, String name, String version) {
        return kind + ":" + name + (version == null ? "" : "@" + version);
    }
}
