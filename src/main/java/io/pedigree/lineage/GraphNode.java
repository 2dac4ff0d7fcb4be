package io.pedigree.lineage;

import java.time.Instant;

/** A node as it appears in lineage, impact and path answers: identity and distance from the root. */
public record GraphNode(String key, String kind, String namespace, String name, String version, Instant validFrom,
                        Integer depth) {

    GraphNode atDepth(int d) {
        return new GraphNode(key, kind, namespace, name, version, validFrom, d);
    }
}
