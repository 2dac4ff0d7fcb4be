package io.pedigree.artifacts;

import java.time.Instant;

/** A stored blob's digest, size and when it was stored. */
public record BlobInfo(Sha256 sha256, long size, Instant storedAt) {
}
