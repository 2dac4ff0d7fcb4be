package io.pedigree.governance;

import java.time.Instant;

/**
 * One period in which a deployment served a version: who opened it, who closed it, and the reason when a rollback
 * ended it ({@code rolledBack}, else null). An open period has no {@code validTo}.
 */
public record ServingPeriod(String version, Instant validFrom, Instant validTo, String recordedBy, String closedBy,
                            String rolledBack) {
}
