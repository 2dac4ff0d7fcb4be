package io.pedigree.lineage;

import org.neo4j.driver.Value;

/** Reads {@link GraphNode}s from query results, so the public record knows nothing of the driver. */
final class GraphNodes {

    /** Cypher map projection that {@link #from} reads. */
    static final String PROJECTION = "{.key, .kind, .namespace, .name, .version, .validFrom}";

    private GraphNodes() {
    }

    static GraphNode from(Value v, Integer depth) {
        return new GraphNode(v.get("key").asString(), v.get("kind").asString(), v.get("namespace").asString(null),
                v.get("name").asString(), v.get("version").asString(null), Times.instant(v.get("validFrom")), depth);
    }
}
