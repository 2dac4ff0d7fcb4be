package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.Conflict;

import java.util.List;
import java.util.Map;

/** A retracted key stays taken and out of answers: nothing new may be written to it or linked to it. */
final class Retracted {

    private static final int MAX_REPORTED = 20;

    private Retracted() {
    }

    /** Refuses a batch that writes, owns or links any of {@code retracted} (sorted keys it names). */
    static void refuse(List<String> retracted) {
        if (!retracted.isEmpty()) {
            throw new Conflict(retracted.size() + " key(s) were retracted, first " + retracted.get(0)
                    + "; nothing was written. A retracted key stays taken: record the correction under a new key",
                    retracted.stream().limit(MAX_REPORTED)
                            .map(k -> Map.<String, Object>of("key", k, "retracted", true)).toList());
        }
    }
}
