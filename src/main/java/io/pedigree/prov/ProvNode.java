package io.pedigree.prov;

import io.pedigree.lineage.GraphNode;

import java.time.Instant;

/** A node as PROV-JSON writes it; {@code properties} is its stored metadata as JSON, or null when not exported. */
record ProvNode(String key, String kind, String name, Instant validFrom, String properties) {

    static ProvNode of(GraphNode n) {
        return new ProvNode(n.key(), n.kind(), n.name(), n.validFrom(), null);
    }
}
