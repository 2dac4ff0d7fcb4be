package io.pedigree.lineage;

import java.time.Instant;

/**
 * A node to record: its key, metadata, optional owner (a person key) and optional start of validity
 * (defaults to the time of recording; set it when back-filling history).
 */
public record NodeInput(NodeKey key, Properties properties, NodeKey owner, Instant validFrom) {
    public NodeInput {
        properties = properties == null ? Properties.EMPTY : properties;
    }
}
