package io.pedigree.notify;

import java.time.Instant;
import java.util.List;

/** A webhook subscription as an admin sees it: where, for which events, by whom; never its secret. */
public record Subscription(String id, String url, List<String> events, String description, Instant createdAt,
                           String createdBy, boolean active, Instant deletedAt) {

    /** A new subscription with its signing secret, which is shown this once and never again. */
    public record Created(Subscription subscription, String secret) {
    }
}
