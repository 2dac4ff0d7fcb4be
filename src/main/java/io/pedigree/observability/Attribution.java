package io.pedigree.observability;

import io.pedigree.governance.ServingPeriod;

import java.time.Instant;
import java.util.List;

/**
 * Which version served a deployment at an instant, from its serving periods. A period covers
 * {@code [validFrom, validTo)}, so at the instant of a switch the new version is the one serving.
 */
final class Attribution {

    private final List<ServingPeriod> periods;

    Attribution(List<ServingPeriod> periods) {
        this.periods = List.copyOf(periods);
    }

    /** The key of the version serving at {@code at}, or null when nothing served then. */
    String versionAt(Instant at) {
        for (ServingPeriod p : periods) {
            if (!p.validFrom().isAfter(at) && (p.validTo() == null || p.validTo().isAfter(at))) {
                return p.version();
            }
        }
        return null;
    }
}
