package io.pedigree.lineage;

import java.time.Instant;
import java.util.List;

/** The answer to a lineage query: the root, the nodes and edges reached, and whether a cap cut it short. */
public record LineageGraph(GraphNode root, Direction direction, int depth, Instant asOf, List<GraphNode> nodes,
                           List<GraphEdge> edges, boolean truncated, String truncatedReason) {
}
