package io.pedigree.lineage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's transaction has time in proportion to its size, so the largest batch allowed can finish. */
class BatchTimeoutTest {

    @Test
    void aBatchGetsOneQueryTimeoutPerWriteChunk() {
        assertThat(GraphWriter.timeouts(0, 2_000)).isEqualTo(1);
        assertThat(GraphWriter.timeouts(1, 2_000)).isEqualTo(1);
        assertThat(GraphWriter.timeouts(2_000, 2_000)).isEqualTo(1);
        assertThat(GraphWriter.timeouts(2_001, 2_000)).isEqualTo(2);
        assertThat(GraphWriter.timeouts(100_000, 2_000)).isEqualTo(50);
    }
}
