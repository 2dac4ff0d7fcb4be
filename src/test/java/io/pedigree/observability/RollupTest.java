package io.pedigree.observability;

import io.pedigree.governance.ServingPeriod;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollupTest {

    private static final Instant SWITCH = Instant.parse("2026-11-01T04:00:00Z");

    private final Attribution serving = new Attribution(List.of(
            new ServingPeriod("model:fraud@2", SWITCH, null, "ana", null, null),
            new ServingPeriod("model:fraud@1", Instant.parse("2026-11-01T01:00:00Z"), SWITCH, "ana", "ana", null)));

    @Test
    void atTheInstantOfASwitchTheNewVersionServes() {
        assertThat(serving.versionAt(SWITCH)).isEqualTo("model:fraud@2");
        assertThat(serving.versionAt(SWITCH.minusMillis(1))).isEqualTo("model:fraud@1");
        assertThat(serving.versionAt(Instant.parse("2026-11-01T00:59:59Z"))).isNull();
    }

    @Test
    void valuesOfOneHourAndVersionFoldIntoOneRowWithCountSumMinAndMax() {
        Rollup rollup = new Rollup();
        for (int minute = 0; minute < 60; minute++) {
            Instant at = Instant.parse("2026-11-01T02:00:00Z").plusSeconds(60L * minute);
            rollup.add("deployment:fraud-prod", serving.versionAt(at),
                    new Measurement("fraud-prod", "latency_p95", minute, "ms", at, at));
        }

        assertThat(rollup.size()).isEqualTo(1);
        var row = rollup.rows().get(0);
        assertThat(row.get("bucket")).isEqualTo(Instant.parse("2026-11-01T02:00:00Z").toEpochMilli());
        assertThat(row.get("count")).isEqualTo(60L);
        assertThat(row.get("sum")).isEqualTo(1770.0);
        assertThat(row.get("min")).isEqualTo(0.0);
        assertThat(row.get("max")).isEqualTo(59.0);
        assertThat(row.get("version")).isEqualTo("model:fraud@1");
    }

    @Test
    void unattributedValuesAreKeptUnderAnEmptyVersionNeverNull() {
        Rollup rollup = new Rollup();
        Instant at = Instant.parse("2026-11-01T00:30:00Z");
        rollup.add("deployment:fraud-prod", serving.versionAt(at),
                new Measurement("fraud-prod", "latency_p95", 1, null, at, at));

        assertThat(rollup.rows().get(0).get("version")).isEqualTo(Rollup.NO_VERSION);
    }
}
