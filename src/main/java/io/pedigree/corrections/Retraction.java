package io.pedigree.corrections;

import java.time.Instant;

/**
 * What a retraction did: the node ({@code key}) or the relation ({@code from}, {@code type}, {@code to},
 * {@code validFrom}) it took back, when, by whom and why, and the audit event that records it.
 */
public record Retraction(String key, String from, String type, String to, Instant validFrom, Instant retractedAt,
                         String retractedBy, String reason, int relationsEnded, long auditEvent) {
}
