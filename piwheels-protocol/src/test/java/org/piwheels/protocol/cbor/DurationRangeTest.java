package org.piwheels.protocol.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Durations cover Python's whole timedelta range, ±999999999 days, which is more
 * microseconds than a {@code long} holds; beyond it they are refused on both sides.
 */
class DurationRangeTest {
    private static final Duration TIMEDELTA_MAX = Duration.ofDays(999_999_999).plusSeconds(86_399).plusNanos(999_999_000);
    private static final Duration TIMEDELTA_MIN = Duration.ofDays(-999_999_999);

    @Test
    void extremesRoundTrip() {
        for (Duration d : new Duration[] {TIMEDELTA_MAX, TIMEDELTA_MIN, Duration.ofDays(200_000_000).negated()}) {
            byte[] bytes = new CborWriter().writeDuration(d).toByteArray();
            assertThat(CborReader.decode(bytes)).isEqualTo(d);
        }
    }

    @Test
    void maximumIsWrittenNormalised() {
        // d9 07d1 83 [999999999, 86399, 999999]
        assertThat(HexFormat.of().formatHex(new CborWriter().writeDuration(TIMEDELTA_MAX).toByteArray()))
                .isEqualTo("d907d1831a3b9ac9ff1a0001517f1a000f423f");
    }

    @Test
    void beyondTheRangeIsRefusedOnBothSides() {
        assertThatThrownBy(() -> new CborWriter().writeDuration(TIMEDELTA_MAX.plusNanos(1000)))
                .isInstanceOf(CborException.class);
        assertThatThrownBy(() -> new CborWriter().writeDuration(TIMEDELTA_MIN.minusNanos(1000)))
                .isInstanceOf(CborException.class);
        // [1000000000, 0, 0] and [-999999999, -1, 0]
        assertThatThrownBy(() -> CborReader.decode(HexFormat.of().parseHex("d907d1831a3b9aca000000")))
                .isInstanceOf(CborException.class);
        assertThatThrownBy(() -> CborReader.decode(HexFormat.of().parseHex("d907d1833a3b9ac9fe2000")))
                .isInstanceOf(CborException.class);
    }

    @Test
    void nonNormalisedComponentsBeyondALongOfMicrosecondsAreNormalised() {
        // [0, 17280000000000, 0]: 200000000 days given as seconds
        byte[] bytes = HexFormat.of().parseHex("d907d183001b00000fb75043000000");
        assertThat(CborReader.decode(bytes)).isEqualTo(Duration.ofDays(200_000_000));
    }
}
