package io.pedigree.observability;

import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.Registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The story both observability tests start from: model fraud (version 1 trained on tx@1, version 2 on tx@2)
 * with deployment fraud-prod serving version 1 from 01:00 of {@code day} and version 2 from 04:00; the clock is
 * left at 04:00.
 */
final class TwoServedVersions {

    private TwoServedVersions() {
    }

    static Registry record(Api ana, MutableClock clock, Instant day) {
        clock.advance(Duration.between(clock.instant(), day.plus(Duration.ofHours(1))));
        Registry reg = new Registry(ana);
        reg.lineage("dataset:tx@1", "dataset:tx@2", "run:train@r1", "run:train@r2");
        reg.model("fraud", Map.of("production", Map.of("approvals", 0)));
        reg.deployment("fraud-prod", "production");
        reg.version("fraud", "run:train@r1", List.of("dataset:tx@1"));
        reg.version("fraud", "run:train@r2", List.of("dataset:tx@2"));
        reg.promote(ana, "fraud", 1, "staging", Map.of());
        reg.promote(ana, "fraud", 1, "production", Map.of("deployments", List.of("fraud-prod")));
        clock.advance(Duration.ofHours(3));
        reg.promote(ana, "fraud", 2, "staging", Map.of());
        reg.promote(ana, "fraud", 2, "production", Map.of("deployments", List.of("fraud-prod"), "replaces", 1));
        return reg;
    }
}
