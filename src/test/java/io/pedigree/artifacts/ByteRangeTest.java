package io.pedigree.artifacts;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.RangeNotSatisfiable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteRangeTest {

    @Test
    void aClosedRangeIsCutAtTheEndOfTheContent() {
        assertThat(ByteRange.closed(0, 0).resolve(10)).isEqualTo(new ByteRange.Slice(0, 1));
        assertThat(ByteRange.closed(9, 9).resolve(10)).isEqualTo(new ByteRange.Slice(9, 1));
        assertThat(ByteRange.closed(5, 100).resolve(10)).isEqualTo(new ByteRange.Slice(5, 5));
    }

    @Test
    void anOpenRangeRunsToTheEndAndASuffixLongerThanTheContentIsAllOfIt() {
        assertThat(ByteRange.from(3).resolve(10)).isEqualTo(new ByteRange.Slice(3, 7));
        assertThat(ByteRange.suffix(4).resolve(10)).isEqualTo(new ByteRange.Slice(6, 4));
        assertThat(ByteRange.suffix(40).resolve(10)).isEqualTo(new ByteRange.Slice(0, 10));
        assertThat(ByteRange.suffix(4).resolve(10).last()).isEqualTo(9);
    }

    @Test
    void rangesStartingAtOrPastTheEndAreNotSatisfiableAndSayTheSize() {
        assertThatThrownBy(() -> ByteRange.from(10).resolve(10))
                .isInstanceOfSatisfying(RangeNotSatisfiable.class, e -> assertThat(e.size()).isEqualTo(10));
        assertThatThrownBy(() -> ByteRange.closed(0, 0).resolve(0)).isInstanceOf(RangeNotSatisfiable.class);
        assertThatThrownBy(() -> ByteRange.suffix(1).resolve(0)).isInstanceOf(RangeNotSatisfiable.class);
    }

    @Test
    void backwardsNegativeOrEmptyRangesAreInvalid() {
        assertThatThrownBy(() -> ByteRange.closed(5, 4)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> ByteRange.from(-2)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> ByteRange.suffix(0)).isInstanceOf(InvalidInput.class);
    }
}
