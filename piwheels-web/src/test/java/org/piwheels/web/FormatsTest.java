package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
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
    void handWrittenFormatsAgreeWithTheLibraryOnes() {
        // the hand-written forms replaced String.format and BigDecimal for speed; they must print the same
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 3_000; i++) {
            long n = i < 1_000 ? i * 997L : r.nextLong() >>> r.nextInt(64);
            long size = i < 200 ? 1L << (i % 63) : i < 400 ? (1L << (i % 63)) + 1 : n;
            assertThat(Formats.thousands(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
            assertThat(Formats.thousands(-n)).isEqualTo(String.format(Locale.ROOT, "%,d", -n));
            assertThat(Formats.fileSize(size)).as("%d", size).isEqualTo(referenceSize(size));
            long id = Math.floorMod(n, BuildLogPaths.MAX_BUILD_ID + 1);
            assertThat(BuildLogPaths.relativePath(id)).isEqualTo(String.format("logs/%04d/%04d/%04d.txt.gz",
                    id / 100_000_000L, id / 10_000 % 10_000, id % 10_000));
        }
        for (int half : new int[] {1, 3, 5}) {
            long exact = half * 512L; // x.5 KB: ties go to the even neighbour
            assertThat(Formats.fileSize(exact)).isEqualTo(referenceSize(exact));
        }
    }

    private static String referenceSize(long size) {
        if (size <= 0) {
            return "0 B";
        }
        String[] suffixes = {"B", "KB", "MB", "GB", "TB", "PB"};
        int index = Math.min(5, (63 - Long.numberOfLeadingZeros(size)) / 10);
        return BigDecimal.valueOf(size).divide(BigDecimal.valueOf(1024).pow(index))
                .setScale(0, RoundingMode.HALF_EVEN).toPlainString() + " " + suffixes[index];
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
