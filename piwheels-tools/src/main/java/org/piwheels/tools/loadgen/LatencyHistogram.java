package org.piwheels.tools.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in microseconds: 64 linear sub-buckets per
 * power of two, so a percentile is exact to within about 1.6 %. Many slave threads
 * record into one histogram; reading while they record gives a consistent enough view
 * for a report.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void record(long micros) {
        long v = Math.max(0, micros);
        counts.incrementAndGet(index(v));
        total.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
    }

    long count() {
        return total.get();
    }

    long maxMicros() {
        return max.get();
    }

    /** @return the smallest recorded value at or above which lies {@code 1 - q} of the values (upper bucket bound) */
    long percentileMicros(double q) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }

    void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
        total.set(0);
        max.set(0);
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int shift = 64 - Long.numberOfLeadingZeros(v) - (SUB_BITS + 1);
        return (shift + 1) * SUB + (int) ((v >>> shift) & (SUB - 1));
    }

    static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long lower = ((long) (SUB + index % SUB)) << shift;
        return lower + (1L << shift) - 1;
    }
}
