package org.piwheels.protocol.cbor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Conversions between {@link Duration} and the {@code [days, seconds, microseconds]}
 * of a Python timedelta. The whole timedelta range (±999999999 days) is supported;
 * it exceeds a {@code long} of microseconds, so days are kept apart.
 */
final class Durations {
    /** Python's timedelta allows |days| up to 999999999. */
    static final long MAX_DAYS = 999_999_999L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final BigDecimal MICROS_PER_DAY = BigDecimal.valueOf(86_400_000_000L);
    private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000L);
    private static final BigInteger MICROS_PER_DAY_INT = MICROS_PER_DAY.toBigInteger();

    private Durations() {
    }

    /**
     * The normalised components of a duration, truncated to the microsecond towards
     * negative infinity: {@code days} carries the sign, {@code 0 <= seconds < 86400},
     * {@code 0 <= micros < 1000000}.
     *
     * @throws CborException if the days exceed Python's timedelta range
     */
    static long[] components(Duration d) {
        long days = Math.floorDiv(d.getSeconds(), SECONDS_PER_DAY);
        if (days < -MAX_DAYS || days > MAX_DAYS) {
            throw new CborException("timedelta out of range");
        }
        return new long[] {days, Math.floorMod(d.getSeconds(), SECONDS_PER_DAY), d.getNano() / 1000};
    }

    /**
     * Builds a duration from the three components of tag 2001, each an integer or a
     * float, normalising as Python's timedelta does (rounding to the microsecond,
     * half to even, and refusing more than 999999999 days either way).
     */
    static Duration fromComponents(Object days, Object seconds, Object micros) {
        BigInteger total = decimal(days).multiply(MICROS_PER_DAY)
                .add(decimal(seconds).multiply(MICROS_PER_SECOND))
                .add(decimal(micros))
                .setScale(0, RoundingMode.HALF_EVEN)
                .toBigInteger();
        BigInteger[] dayAndRest = total.divideAndRemainder(MICROS_PER_DAY_INT);
        BigInteger wholeDays = dayAndRest[0];
        BigInteger rest = dayAndRest[1];
        if (rest.signum() < 0) { // floor division: the remainder is never negative
            wholeDays = wholeDays.subtract(BigInteger.ONE);
            rest = rest.add(MICROS_PER_DAY_INT);
        }
        if (wholeDays.abs().compareTo(BigInteger.valueOf(MAX_DAYS)) > 0) {
            throw new CborException("timedelta out of range");
        }
        long us = rest.longValueExact();
        return Duration.ofSeconds(wholeDays.longValueExact() * SECONDS_PER_DAY + us / 1_000_000L,
                us % 1_000_000L * 1000L);
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof Long) {
            return BigDecimal.valueOf((Long) v);
        } else if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        } else if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new CborException("timedelta component is not finite");
            }
            return new BigDecimal(d);
        }
        throw new CborException("timedelta component is not a number");
    }
}
