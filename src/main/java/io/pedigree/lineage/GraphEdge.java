package io.pedigree.lineage;

import java.time.Instant;

/** A relation in an answer, always pointing from the dependent to what it depends on. */
public record GraphEdge(String from, String type, String to, Instant validFrom, Instant validTo,
                        Instant recordedAt, String recordedBy) {
}
