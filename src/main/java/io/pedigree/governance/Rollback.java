package io.pedigree.governance;

import java.time.Instant;
import java.util.List;

/**
 * What an executed rollback did: the deployment went from one version to another, for a reason, at an instant, by
 * someone, recorded as audit event {@code auditEvent} (its sequence number in the log). {@code skipped} lists the
 * newer versions passed over and why; {@code stageChanges} the stage moves it made on the way.
 */
public record Rollback(String deployment, String from, String to, String reason, Instant at, String by,
                       long auditEvent, List<String> skipped, List<String> stageChanges) {

    public Rollback {
        skipped = List.copyOf(skipped);
        stageChanges = List.copyOf(stageChanges);
    }
}
