package io.pedigree.governance;

import java.time.Instant;
import java.util.List;

/** A version's move from one stage to another: why, when, by whom, and the gates an admin overrode, if any. */
public record Transition(String from, String to, String reason, Instant at, String by, boolean override,
                         List<String> unmetGates) {

    public Transition {
        unmetGates = unmetGates == null ? List.of() : List.copyOf(unmetGates);
    }
}
