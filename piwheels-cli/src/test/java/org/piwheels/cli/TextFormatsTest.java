package org.piwheels.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextFormatsTest {
    @Test
    void sizesUseTheLargestUnitWithoutDecimals() {
        assertThat(TextFormats.size(0)).isEqualTo("0 B");
        assertThat(TextFormats.size(-5)).isEqualTo("0 B");
        assertThat(TextFormats.size(1023)).isEqualTo("1023 B");
        assertThat(TextFormats.size(1024)).isEqualTo("1 KB");
        assertThat(TextFormats.size(1024 * 1024)).isEqualTo("1 MB");
        assertThat(TextFormats.size(31_268_536_320L)).isEqualTo("29 GB");
        assertThat(TextFormats.size(1L << 60)).isEqualTo("1024 PB");
    }

    @Test
    void sizesRoundHalfToEvenAsPython() {
        assertThat(TextFormats.size(1536)).isEqualTo("2 KB");   // 1.5 -> 2
        assertThat(TextFormats.size(2560)).isEqualTo("2 KB");   // 2.5 -> 2
    }

    @Test
    void shortDurationsPrintAsClockTime() {
        assertThat(TextFormats.timedelta(Duration.ZERO)).isEqualTo("00:00:00");
        assertThat(TextFormats.timedelta(Duration.ofMillis(59_999))).isEqualTo("00:00:59");
        assertThat(TextFormats.timedelta(Duration.ofSeconds(3723))).isEqualTo("01:02:03");
    }

    @Test
    void oneToTwoDaysKeepTheirDayBeyond023() {
        assertThat(TextFormats.timedelta(Duration.ofHours(30))).isEqualTo("30:00:00");
        assertThat(TextFormats.timedelta(Duration.ofHours(48).minusSeconds(1))).isEqualTo("47:59:59");
    }

    @Test
    void longDurationsPrintDaysThenYears() {
        assertThat(TextFormats.timedelta(Duration.ofDays(2))).isEqualTo("2 days");
        assertThat(TextFormats.timedelta(Duration.ofDays(729))).isEqualTo("729 days");
        assertThat(TextFormats.timedelta(Duration.ofDays(730))).isEqualTo("2 years");
        assertThat(TextFormats.timedelta(Duration.ofDays(365L * 1500))).isEqualTo("1,500 years");
    }

    @Test
    void negativeDurationsGetASignBeyond023() {
        assertThat(TextFormats.timedelta(Duration.ofSeconds(-5))).isEqualTo("-00:00:05");
        assertThat(TextFormats.timedelta(Duration.ofMillis(-1500))).isEqualTo("-00:00:01");
    }

    @Test
    void thousandsAreCommaSeparated() {
        assertThat(TextFormats.thousands(1234567)).isEqualTo("1,234,567");
        assertThat(TextFormats.thousands(12)).isEqualTo("12");
    }
}
