package io.pedigree.lineage;

import org.neo4j.driver.Value;

import java.time.Instant;

/** A node as it appears in lineage, impact and path answers: identity and distance from the root. */
public record GraphNode(String key, String kind, String namespace, String name, String version, Instant validFrom,
                        Integer depth) {

    /** Cypher map projection that {@link #from} reads. */
    static final String PROJECTION = "{.key, .kind, .namespace, .name, .version, .validFrom}";

    static GraphNode from(Value v, Integer depth) {
        return new GraphNode(v.get("key").asString(), v.get("kind").asString(), v.get("namespace").asString(null),
                v.get("name").asString(), v.get("version").asString(null), Times.instant(v.get("validFrom")), depth);
    }

    GraphNode atDepth(int d) {
        return new GraphNode(key, kind, namespace, name, version, validFrom, d);
    }
}
