package io.pedigree.governance;

import java.time.Instant;

/** A quarantine of one asset: who, when and why, and who released it, when and why. */
public record Quarantine(String id, String key, String reason, Instant createdAt, String createdBy,
                         Instant releasedAt, String releasedBy, String releaseReason) {

    public boolean active() {
        return releasedAt == null;
    }
}
