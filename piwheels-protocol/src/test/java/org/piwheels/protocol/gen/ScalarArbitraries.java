package org.piwheels.protocol.gen;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random scalar values that piwheels 0.23 can send: text including non-ASCII and
 * supplementary characters and long build logs, integers over the whole 64-bit
 * range, every kind of double, date-times of years 1 to 9999 to the microsecond,
 * and durations over Python's whole {@code timedelta} range.
 */
public final class ScalarArbitraries {
    /** 0001-01-01T00:00:00Z, Python's {@code datetime.min}. */
    static final long MIN_EPOCH_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    /** 9999-12-31T23:59:59Z, Python's {@code datetime.max} to the second. */
    static final long MAX_EPOCH_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    /** Python's {@code timedelta.max.days}. */
    static final int MAX_DAYS = 999_999_999;
    private static final int MAX_OFFSET_MINUTES = 18 * 60;

    private ScalarArbitraries() {
    }

    /** Text: mostly short ASCII or Unicode (supplementary planes included), sometimes longer than 5000 characters. */
    public static Arbitrary<String> text() {
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(40);
        Arbitrary<String> unicode = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(30)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
        // long texts are built from a seed: generating 5000+ characters one by one is far too slow
        Arbitrary<String> log = Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(5001, 20000),
                Arbitraries.of(true, false)).as(ScalarArbitraries::longText);
        return Arbitraries.frequencyOf(
                Tuple.of(10, ascii), Tuple.of(6, unicode), Tuple.of(1, log));
    }

    /**
     * A text of {@code length} characters from {@code seed}: printable ASCII with line
     * breaks like a build log, or mixed with Latin-1, CJK and supplementary characters.
     */
    static String longText(long seed, int length, boolean asciiOnly) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder(length + 1);
        while (sb.length() < length) {
            int kind = asciiOnly ? 0 : random.nextInt(8);
            if (kind == 0 || kind > 3) {
                sb.append(random.nextInt(40) == 0 ? '\n' : (char) (' ' + random.nextInt(95)));
            } else if (kind == 1) {
                sb.append((char) (0xa0 + random.nextInt(0x60)));
            } else if (kind == 2) {
                sb.append((char) (0x4e00 + random.nextInt(0x5000)));
            } else if (length - sb.length() >= 2) {
                sb.appendCodePoint(0x1f300 + random.nextInt(0x300));
            }
        }
        return sb.toString();
    }

    /** Any 64-bit integer, edge values included. */
    public static Arbitrary<Long> int64() {
        // the head-width boundaries of CBOR integers, explicitly (properties may run without edge cases)
        Arbitrary<Long> edges = Arbitraries.of(0L, -1L, 23L, 24L, -24L, -25L, 255L, 256L, 65_535L, 65_536L,
                0xffff_ffffL, 0x1_0000_0000L, -0x1_0000_0000L, -0x1_0000_0001L, Long.MAX_VALUE, Long.MIN_VALUE);
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs()), Tuple.of(1, edges));
    }

    /** Any 32-bit integer. */
    public static Arbitrary<Integer> int32() {
        return Arbitraries.integers();
    }

    /** Integers of any size, beyond the 64-bit range too. */
    public static Arbitrary<BigInteger> bigInteger() {
        BigInteger limit = BigInteger.ONE.shiftLeft(80);
        return Arbitraries.bigIntegers().between(limit.negate(), limit);
    }

    /** Any double: finite values, NaN, the infinities, both zeros, subnormals. */
    public static Arbitrary<Double> float64() {
        Arbitrary<Double> special = Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.longBitsToDouble(0x7ff8_0000_0000_0001L));
        Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.doubles()), Tuple.of(3, bits), Tuple.of(2, special));
    }

    /** A boolean. */
    public static Arbitrary<Boolean> bool() {
        return Arbitraries.of(true, false);
    }

    /** A UTC instant of years 1 to 9999, to the microsecond (often on a whole second). */
    public static Arbitrary<Instant> instant() {
        Arbitrary<Long> seconds = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(MIN_EPOCH_SECOND, MAX_EPOCH_SECOND)),
                Tuple.of(1, Arbitraries.of(MIN_EPOCH_SECOND, MAX_EPOCH_SECOND, 0L)));
        return Combinators.combine(seconds, micros()).as((s, us) -> Instant.ofEpochSecond(s, us * 1000L));
    }

    /** A date-time with an offset in whole minutes (often UTC), local years 1 to 9999, to the microsecond. */
    public static Arbitrary<OffsetDateTime> offsetDateTime() {
        Arbitrary<ZoneOffset> offsets = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(ZoneOffset.UTC)),
                Tuple.of(2, Arbitraries.integers().between(-MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES)
                        .map(m -> ZoneOffset.ofTotalSeconds(m * 60))));
        return Combinators.combine(Arbitraries.longs().between(MIN_EPOCH_SECOND, MAX_EPOCH_SECOND), micros(), offsets)
                .as((s, us, offset) -> OffsetDateTime.of(
                        LocalDateTime.ofEpochSecond(s, us * 1000, ZoneOffset.UTC), offset));
    }

    /**
     * A duration to the microsecond between Python's {@code timedelta.min} and
     * {@code timedelta.max}, negative ones included; mostly short.
     */
    public static Arbitrary<Duration> duration() {
        Arbitrary<Integer> dayCounts = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-MAX_DAYS, MAX_DAYS)),
                Tuple.of(1, Arbitraries.of(-MAX_DAYS, MAX_DAYS, 0, -1)));
        Arbitrary<Duration> any = Combinators.combine(
                        dayCounts,
                        Arbitraries.integers().between(0, 86_399),
                        micros())
                .as((days, seconds, us) -> Duration.ofSeconds(days * 86_400L + seconds, us * 1000L));
        Arbitrary<Duration> small = Arbitraries.longs().between(-86_400_000_000L * 30, 86_400_000_000L * 30)
                .map(us -> Duration.ofSeconds(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L));
        return Arbitraries.frequencyOf(Tuple.of(1, any), Tuple.of(2, small));
    }

    private static Arbitrary<Integer> micros() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.integers().between(0, 999_999)));
    }
}
