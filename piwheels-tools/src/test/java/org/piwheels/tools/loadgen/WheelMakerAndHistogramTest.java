package org.piwheels.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The generated wheels are valid and named by the wheel rules; the histogram's percentiles are close. */
class WheelMakerAndHistogramTest {

    @Test
    void wheelIsAValidZipWithACorrectRecordAndHash() throws Exception {
        GeneratedWheel w = new WheelMaker(20_000, "cp37m", "linux_armv7l").make("Foo-Bar.baz", "1.0-post1");
        assertThat(w.filename()).isEqualTo("Foo_Bar.baz-1.0_post1-cp37-cp37m-linux_armv7l.whl");
        assertThat(w.content().length).isBetween(19_500, 20_500);
        assertThat(w.state().filesize()).isEqualTo(w.content().length);
        assertThat(w.state().filehash()).isEqualTo(hex(MessageDigest.getInstance("SHA-256").digest(w.content())));
        assertThat(w.state().packageTag()).isEqualTo("Foo_Bar.baz");
        assertThat(w.state().abiTag()).isEqualTo("cp37m");

        Map<String, byte[]> members = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(w.content()))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                members.put(e.getName(), zip.readAllBytes());
            }
        }
        String distInfo = "Foo_Bar.baz-1.0_post1.dist-info/";
        assertThat(new String(members.get(distInfo + "METADATA"), StandardCharsets.UTF_8))
                .contains("Name: Foo-Bar.baz\n").contains("Version: 1.0-post1\n");
        assertThat(new String(members.get(distInfo + "WHEEL"), StandardCharsets.UTF_8))
                .contains("Tag: cp37-cp37m-linux_armv7l");
        String record = new String(members.get(distInfo + "RECORD"), StandardCharsets.UTF_8);
        for (String line : record.split("\n")) {
            String[] f = line.split(",");
            if (f[0].endsWith("RECORD")) {
                assertThat(f).hasSize(1); // "name,," splits to the name alone
                continue;
            }
            byte[] data = members.get(f[0]);
            assertThat(data).as(f[0]).isNotNull();
            assertThat(f[1]).isEqualTo("sha256=" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(data)));
            assertThat(Long.parseLong(f[2])).isEqualTo(data.length);
        }
        assertThat(members).hasSize(4);
    }

    @Test
    void tinySizeStillMakesAWheel() {
        GeneratedWheel w = new WheelMaker(0, "cp311", "linux_x86_64").make("a", "1");
        assertThat(w.content().length).isPositive();
        assertThat(w.filename()).isEqualTo("a-1-cp311-cp311-linux_x86_64.whl");
    }

    @Test
    void percentilesAreWithinTheBucketPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        long[] values = new long[100_000];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(r.nextDouble(0, 16)); // 1 µs .. ~9 s, log-uniform
            h.record(values[i]);
        }
        java.util.Arrays.sort(values);
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            assertThat((double) h.percentileMicros(q)).as("q=" + q).isBetween(exact * 0.98, exact * 1.02 + 1);
        }
        assertThat(h.maxMicros()).isEqualTo(values[values.length - 1]);
        assertThat(h.count()).isEqualTo(values.length);
        h.reset();
        assertThat(h.count()).isZero();
        assertThat(h.percentileMicros(0.99)).isZero();
    }

    @Test
    void bucketsAreContiguousAndOrdered() {
        long previousUpper = -1;
        for (int i = 0; i < 64 * 40; i++) {
            long upper = LatencyHistogram.upperBound(i);
            assertThat(upper).isGreaterThan(previousUpper);
            assertThat(LatencyHistogram.index(upper)).isEqualTo(i);
            assertThat(LatencyHistogram.index(previousUpper + 1)).isEqualTo(i);
            previousUpper = upper;
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
