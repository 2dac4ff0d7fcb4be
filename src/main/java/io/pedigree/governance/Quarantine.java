package io.pedigree.governance;

import java.time.Instant;

/**
 * A quarantine of one asset (a node by key, or with {@code field} one field of the dataset {@code key}): who,
 * when and why, and who released it, when and why.
 */
public record Quarantine(String id, String key, String field, String reason, Instant createdAt, String createdBy,
                         Instant releasedAt, String releasedBy, String releaseReason) {

    public boolean active() {
        return releasedAt == null;
    }
}
