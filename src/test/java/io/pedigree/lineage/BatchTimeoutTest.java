package io.pedigree.lineage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's transaction has time in proportion to its size, so the largest batch allowed can finish. */
class BatchTimeoutTest {

    @Test
    void aBatchGetsOneQueryTimeoutPerTenThousandElements() {
        assertThat(GraphWriter.timeouts(0)).isEqualTo(1);
        assertThat(GraphWriter.timeouts(1)).isEqualTo(1);
        assertThat(GraphWriter.timeouts(10_000)).isEqualTo(1);
        assertThat(GraphWriter.timeouts(10_001)).isEqualTo(2);
        assertThat(GraphWriter.timeouts(100_000)).isEqualTo(10);
    }
}
