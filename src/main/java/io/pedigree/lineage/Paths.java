package io.pedigree.lineage;

import java.time.Instant;
import java.util.List;

/**
 * Shortest dependency paths between two nodes. {@code dependent} is the end that depends on the other: each path
 * runs from it, along relations, to the dependency.
 */
public record Paths(String from, String to, Instant asOf, String dependent, int length, List<Path> paths) {

    /** One path: its nodes in order and the relations between them. */
    public record Path(List<GraphNode> nodes, List<GraphEdge> edges) {
    }
}
