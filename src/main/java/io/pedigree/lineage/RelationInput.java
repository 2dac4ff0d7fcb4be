package io.pedigree.lineage;

import java.time.Instant;

/**
 * A relation to record. Without {@code validFrom} it starts now and is idempotent against any relation of the
 * same type between the same nodes that is still open; with {@code validFrom} it records that interval.
 */
public record RelationInput(NodeKey from, RelationType type, NodeKey to, Instant validFrom, Instant validTo,
                            Properties properties) {
    public RelationInput {
        properties = properties == null ? Properties.EMPTY : properties;
    }
}
