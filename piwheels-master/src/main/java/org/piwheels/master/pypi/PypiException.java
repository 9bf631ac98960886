package org.piwheels.master.pypi;

import java.time.Duration;
import java.util.Optional;

/**
 * A call to PyPI that produced no usable answer.
 *
 * <p>{@link #isTransient()} separates the failures 0.23 silently treated as "no
 * events" (timeouts, connection trouble, 5xx, fault -32500, a cut-off body) from
 * those it died on (other faults, other 4xx). We retry both after a back-off;
 * the distinction only decides how loudly it is logged.
 */
public class PypiException extends Exception {

    private final boolean transientFailure;
    private final Duration retryAfter;

    public PypiException(String message, boolean transientFailure, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    public static PypiException transientFailure(String message, Throwable cause) {
        return new PypiException(message, true, null, cause);
    }

    public static PypiException rejected(String message) {
        return new PypiException(message, false, null, null);
    }

    /** @return true if the failure is expected to go away by itself */
    public boolean isTransient() {
        return transientFailure;
    }

    /** @return the server's {@code Retry-After}, if it sent one */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
