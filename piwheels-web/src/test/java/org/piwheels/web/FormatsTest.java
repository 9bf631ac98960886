package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void thousandsSeparators() {
        assertThat(Formats.thousands(0)).isEqualTo("0");
        assertThat(Formats.thousands(999)).isEqualTo("999");
        assertThat(Formats.thousands(1234567)).isEqualTo("1,234,567");
    }

    @Test
    void fileSizesRoundHalfToEven() {
        assertThat(Formats.fileSize(0)).isEqualTo("0 B");
        assertThat(Formats.fileSize(512)).isEqualTo("512 B");
        assertThat(Formats.fileSize(1023)).isEqualTo("1023 B");
        assertThat(Formats.fileSize(1024)).isEqualTo("1 KB");
        assertThat(Formats.fileSize(123456)).isEqualTo("121 KB");
        assertThat(Formats.fileSize(5242880)).isEqualTo("5 MB");
        assertThat(Formats.fileSize(2560)).isEqualTo("2 KB");
        assertThat(Formats.fileSize(3584)).isEqualTo("4 KB");
        assertThat(Formats.fileSize(1L << 60)).isEqualTo("1024 PB");
    }

    @Test
    void timeStampsAreUtc() {
        Instant t = Instant.parse("2024-03-05T07:08:09.012345Z");
        assertThat(Formats.date(t)).isEqualTo("2024-03-05");
        assertThat(Formats.dateTime(t)).isEqualTo("2024-03-05 07:08:09");
        assertThat(Formats.minutes(t)).isEqualTo("2024-03-05 07:08");
        assertThat(Formats.postDate(t)).isEqualTo("05 Mar 2024");
        assertThat(Formats.isoMicros(t)).isEqualTo("2024-03-05T07:08:09.012345+00:00");
        assertThat(Formats.uploadTime(t)).isEqualTo("2024-03-05T07:08:09.012345Z");
    }

    @Test
    void packageNamesNormaliseRunsOfSeparators() {
        assertThat(PackageNames.canonicalise("Foo__Bar.-baz")).isEqualTo("foo-bar-baz");
        assertThat(PackageNames.canonicalise("Django")).isEqualTo("django");
    }
}
