package io.pedigree.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One node in full: identity, metadata, who recorded it when, its family and versions, owners, and how many
 * relations of each type it has in each direction.
 */
public record NodeDetail(String key, String kind, String namespace, String name, String version,
                         Map<String, Object> properties, String contentHash, boolean immutable, Instant validFrom,
                         Instant createdAt, String createdBy, Instant updatedAt, String updatedBy, String family,
                         List<String> versions, long versionCount, List<String> owners,
                         Map<String, Map<String, Long>> relations) {
}
