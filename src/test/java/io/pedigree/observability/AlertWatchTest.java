package io.pedigree.observability;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertWatchTest {

    private static final long MINUTE = 60_000;

    @Test
    void aRunIsDueOnceItSpansTheDuration() {
        AlertWatch w = AlertWatch.of(Map.of());
        for (int i = 0; i < 9; i++) {
            w.add(i * MINUTE, (i + 1) * MINUTE, 300, true);
        }
        assertThat(w.due(10 * MINUTE)).isFalse();

        w.add(9 * MINUTE, 10 * MINUTE, 300, true);

        assertThat(w.due(10 * MINUTE)).isTrue();
        assertThat(w.count).isEqualTo(10);
        assertThat(w.mean()).isEqualTo(300);
    }

    @Test
    void aLateValueThatDidNotCrossInsideTheRunEndsIt() {
        AlertWatch w = AlertWatch.of(Map.of());
        for (int i = 0; i < 10; i++) {
            w.add(i * MINUTE, (i + 1) * MINUTE, 300, true);
        }

        w.add(5 * MINUTE, 6 * MINUTE, 100, false);

        assertThat(w.due(0)).isFalse();
        w.add(4 * MINUTE, 5 * MINUTE, 300, true);
        assertThat(w.due(0)).as("a crossing value from before the one that did not cross is ignored").isFalse();
    }

    @Test
    void aValueThatDidNotCrossBeforeTheRunLeavesItAlone() {
        AlertWatch w = AlertWatch.of(Map.of());
        w.add(10 * MINUTE, 20 * MINUTE, 300, true);

        w.add(5 * MINUTE, 6 * MINUTE, 100, false);

        assertThat(w.due(10 * MINUTE)).isTrue();
    }

    @Test
    void theSameMeasurementsAreNotDueAgainOnceAlertedAndSurviveBeingStored() {
        AlertWatch w = AlertWatch.of(Map.of());
        w.add(0, 10 * MINUTE, 300, true);
        w.alertedTo = w.runTo;

        AlertWatch stored = AlertWatch.of(w.stored());
        stored.add(0, 10 * MINUTE, 300, true);

        assertThat(stored.due(0)).isFalse();
        stored.add(10 * MINUTE, 11 * MINUTE, 300, true);
        assertThat(stored.due(0)).isTrue();
    }
}
