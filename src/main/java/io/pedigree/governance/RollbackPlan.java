package io.pedigree.governance;

import java.time.Instant;
import java.util.List;

/**
 * The version a deployment would go back to, or none, with the reason each newer candidate was passed over.
 * {@code safe} is false when nothing that served before qualifies; {@code explanation} says why in words.
 */
public record RollbackPlan(String deployment, String current, String target, boolean safe, String explanation,
                           List<Candidate> candidates) {

    /** A version that served the deployment before, when it served, and why it was or was not chosen. */
    public record Candidate(String version, Instant servedFrom, Instant servedTo, boolean chosen,
                            List<String> reasons) {
    }
}
