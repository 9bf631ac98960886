package org.piwheels.testing;

import java.time.Duration;

/** A way the fake PyPI can answer one request badly (queued with {@link FakePypi#misbehave}). */
public sealed interface Misbehaviour {
    /** An XML-RPC fault, e.g. code -32500 ("too many requests" on PyPI). */
    record Fault(int code, String message) implements Misbehaviour {
    }

    /** An HTTP error status with a short text body, e.g. 503 or 404. */
    record HttpError(int status) implements Misbehaviour {
    }

    /** Waits before answering normally (for client timeouts). */
    record Slow(Duration delay) implements Misbehaviour {
    }

    /** Sends only the first half of a valid answer (the document is cut short). */
    record Truncated() implements Misbehaviour {
    }

    /**
     * Answers the next {@code changelog_since_serial} with no rows although there are
     * some (a replica that has not caught up); other XML-RPC calls are unaffected.
     */
    record EmptyChangelog() implements Misbehaviour {
    }

    /**
     * Answers the next {@code changelog_since_serial(n)} as if it had asked for
     * {@code n - serials}: rows the client already has, so the serials go backwards
     * (a lagging replica behind a load balancer); other XML-RPC calls are unaffected.
     */
    record RewoundChangelog(long serials) implements Misbehaviour {
    }

    /** Which endpoint a misbehaviour applies to. */
    enum Endpoint { XMLRPC, JSON, SIMPLE }
}
