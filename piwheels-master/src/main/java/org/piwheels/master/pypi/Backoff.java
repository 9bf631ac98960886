package org.piwheels.master.pypi;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter: after the n-th consecutive failure wait a
 * random time between half and all of {@code min(cap, base × 2^(n-1))}. The
 * jitter keeps several farms (or restarts) from hitting PyPI in step.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param random values in [0, 1); injected so tests are deterministic
     */
    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** Records a failure. @return how long to wait before trying again */
    public Duration next() {
        failures++;
        Duration ceiling = ceiling(failures);
        long half = ceiling.toMillis() / 2;
        double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        return Duration.ofMillis(half + (long) (r * (ceiling.toMillis() - half)));
    }

    /** Records a success: the next failure starts from {@code base} again. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }

    private Duration ceiling(int n) {
        int doublings = Math.min(n - 1, 30);
        Duration grown = base.multipliedBy(1L << doublings);
        return grown.compareTo(cap) > 0 ? cap : grown;
    }
}
