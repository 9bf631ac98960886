package org.piwheels.tools.loadgen;

import java.util.concurrent.atomic.AtomicReference;

/** Tells the slaves when to stop, and keeps the first fatal error any of them met. */
final class RunControl {
    private volatile boolean stopping;
    private final AtomicReference<String> failure = new AtomicReference<>();

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    /** Records a fatal error (the first one wins) and stops the run. */
    void fail(String message) {
        failure.compareAndSet(null, message);
        stopping = true;
    }

    String failure() {
        return failure.get();
    }
}
