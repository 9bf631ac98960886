package org.piwheels.monitor.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparklineTest {
    @Test
    void scalesBetweenMinimumAndMaximum() {
        assertThat(Sparkline.of(List.of(0.0, 2.0, 4.0), 0, 4, 10)).isEqualTo("▁▅█");
    }

    @Test
    void clampsOutOfRangeValues() {
        assertThat(Sparkline.of(List.of(-5.0, 99.0), 40, 80, 10)).isEqualTo("▁█");
    }

    @Test
    void showsOnlyTheNewestThatFit() {
        assertThat(Sparkline.of(List.of(4.0, 4.0, 0.0, 0.0), 0, 4, 2)).isEqualTo("▁▁");
    }

    @Test
    void flatScaleDrawsTheLowestBlock() {
        assertThat(Sparkline.of(List.of(3.0, 3.0), 0, 0, 5)).isEqualTo("▁▁");
    }

    @Test
    void ratioTextFitsWithAnEllipsis() {
        assertThat(Text.fit("abcdef", 4)).isEqualTo("abc…");
        assertThat(Text.pad("ab", 4)).isEqualTo("ab  ");
    }
}
