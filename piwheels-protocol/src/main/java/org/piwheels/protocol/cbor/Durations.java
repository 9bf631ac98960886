package org.piwheels.protocol.cbor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;

/** Conversions between {@link Duration} and the microseconds of a Python timedelta. */
final class Durations {
    /** Python's timedelta allows |days| up to 999999999. */
    private static final long MAX_DAYS = 999_999_999L;
    private static final BigDecimal MICROS_PER_DAY = BigDecimal.valueOf(86_400_000_000L);
    private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000L);

    private Durations() {
    }

    /** @return whole microseconds, truncating towards negative infinity */
    static long toMicros(Duration d) {
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
    }

    static Duration ofMicros(long micros) {
        return Duration.ofSeconds(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /**
     * Builds a duration from the three components of tag 2001, each an integer or a
     * float, normalising as Python's timedelta does (rounding to the microsecond,
     * half to even).
     */
    static Duration fromComponents(Object days, Object seconds, Object micros) {
        BigDecimal total = decimal(days).multiply(MICROS_PER_DAY)
                .add(decimal(seconds).multiply(MICROS_PER_SECOND))
                .add(decimal(micros))
                .setScale(0, RoundingMode.HALF_EVEN);
        BigInteger limit = BigInteger.valueOf(MAX_DAYS + 1).multiply(MICROS_PER_DAY.toBigInteger());
        if (total.toBigInteger().abs().compareTo(limit) >= 0) {
            throw new CborException("timedelta out of range");
        }
        return ofMicros(total.longValueExact());
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
