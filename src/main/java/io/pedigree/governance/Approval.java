package io.pedigree.governance;

import java.time.Instant;

/** An approver's decision on a version entering a stage, with its comment. */
public record Approval(String stage, String decision, String comment, String by, Instant at) {
}
