package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangesTest {
    @Test
    void excludingFromTheMiddleSplitsTheRange() {
        ByteRanges r = new ByteRanges(0, 10);
        r.exclude(2, 4);
        assertThat(r.toString()).isEqualTo("[[0, 2), [4, 10)]");
    }

    @Test
    void excludingAcrossSeveralRangesTrimsAndDropsThem() {
        ByteRanges r = new ByteRanges(0, 20);
        r.exclude(2, 4);
        r.exclude(6, 8);
        r.exclude(3, 7);
        assertThat(r.toString()).isEqualTo("[[0, 2), [8, 20)]");
        r.exclude(0, 2);
        r.exclude(8, 25);
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.first()).isNull();
    }

    @Test
    void excludingWhatIsAlreadyMissingOrEmptyChangesNothing() {
        ByteRanges r = new ByteRanges(0, 10);
        r.exclude(2, 4);
        r.exclude(2, 4);
        r.exclude(5, 5);
        assertThat(r.toString()).isEqualTo("[[0, 2), [4, 10)]");
    }

    @Test
    void firstOverlapIsTheFirstNonEmptyIntersection() {
        ByteRanges r = new ByteRanges(0, 100);
        r.exclude(10, 50);
        assertThat(r.firstOverlap(new ByteRanges.Range(5, 60))).isEqualTo(new ByteRanges.Range(5, 10));
        assertThat(r.firstOverlap(new ByteRanges.Range(10, 50))).isNull();
        assertThat(r.firstOverlap(new ByteRanges.Range(20, 70))).isEqualTo(new ByteRanges.Range(50, 70));
    }

    @Test
    void anEmptyFileHasNothingMissing() {
        assertThat(new ByteRanges(0, 0).isEmpty()).isTrue();
    }
}
