package io.pedigree.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything downstream of a node. Deployments that serve an affected version come first, production first,
 * each with the versions it serves and its owners; then every affected node grouped by kind.
 */
public record Impact(GraphNode root, Instant asOf, List<AffectedDeployment> deployments,
                     Map<String, Integer> counts, Map<String, List<GraphNode>> byKind, int total, boolean truncated,
                     String truncatedReason) {

    /** A deployment reached downstream, with what it serves that is affected, and who owns it. */
    public record AffectedDeployment(GraphNode deployment, String environment, List<String> serves,
                                     List<String> owners) {
    }
}
