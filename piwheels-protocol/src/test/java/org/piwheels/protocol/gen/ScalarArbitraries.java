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
        Arbitrary<String> log = Combinators.combine(unicode.filter(s -> !s.isEmpty()), Arbitraries.integers().between(5001, 20000))
                .as((unit, length) -> unit.repeat(length / unit.length() + 1).substring(0, length))
                .filter(s -> !Character.isHighSurrogate(s.charAt(s.length() - 1)));
        Arbitrary<String> asciiLog = Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t')
                .ofMinLength(5001).ofMaxLength(12000);
        return Arbitraries.frequencyOf(
                Tuple.of(10, ascii), Tuple.of(6, unicode), Tuple.of(1, log), Tuple.of(1, asciiLog));
    }

    /** Any 64-bit integer, edge values included. */
    public static Arbitrary<Long> int64() {
        return Arbitraries.longs();
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
        return Combinators.combine(Arbitraries.longs().between(MIN_EPOCH_SECOND, MAX_EPOCH_SECOND), micros())
                .as((s, us) -> Instant.ofEpochSecond(s, us * 1000L));
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
        Arbitrary<Duration> any = Combinators.combine(
                        Arbitraries.integers().between(-MAX_DAYS, MAX_DAYS),
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
