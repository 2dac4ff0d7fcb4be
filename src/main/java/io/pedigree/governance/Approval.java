package io.pedigree.governance;

import java.time.Instant;
import java.util.List;

/**
 * An approver's decision on a version entering a stage, with its comment. {@code digest} is the digest of the
 * version's governed content it was made on (null for decisions recorded before digests were kept); {@code stale}
 * when that content has changed since, {@code changed} naming what (card, description, artifacts, inputs). A stale
 * approval no longer counts: the version needs a new one.
 */
public record Approval(String stage, String decision, String comment, String by, Instant at, String digest,
                       boolean stale, List<String> changed) {

    public Approval {
        changed = changed == null ? List.of() : List.copyOf(changed);
    }

    /** Why it is stale, in words: "approved a different card and artifacts". */
    public String staleness() {
        if (!stale) {
            return null;
        }
        String what = changed.isEmpty() ? "version" : String.join(" and ", changed);
        return (decision.equals("approve") ? "approved" : "rejected") + " a different " + what;
    }
}
