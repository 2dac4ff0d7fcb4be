package io.pedigree.lineage;

import java.time.Instant;
import java.util.Map;

/** A node in a listing: identity, metadata and when it was recorded. */
public record NodeSummary(String key, String kind, String namespace, String name, String version,
                          Map<String, Object> properties, Instant validFrom, Instant createdAt, String createdBy) {
}
