package org.piwheels.master;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.piwheels.cli.SystemdNotifier;

/**
 * Passes the master's state to systemd on a thread of its own, in order. Each
 * notification runs {@code systemd-notify}, which waits until systemd has read the
 * message and may take seconds on a loaded machine; the main loop must not wait
 * for it (it relays status and obeys monitors meanwhile). A watchdog ping that is
 * still queued makes a new one redundant, so pings never pile up.
 */
final class SystemdReporter implements AutoCloseable {
    private final SystemdNotifier systemd;
    private final ExecutorService sender;
    private final AtomicBoolean watchdogQueued = new AtomicBoolean();

    SystemdReporter(SystemdNotifier systemd) {
        this.systemd = systemd;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "systemd-notify");
            t.setDaemon(true);
            return t;
        });
    }

    void ready() {
        submit(systemd::ready);
    }

    void watchdog() {
        if (systemd.enabled() && watchdogQueued.compareAndSet(false, true)) {
            sender.execute(() -> {
                watchdogQueued.set(false);
                systemd.watchdog();
            });
        }
    }

    void stopping() {
        submit(systemd::stopping);
    }

    void extendTimeout(long micros) {
        submit(() -> systemd.extendTimeout(micros));
    }

    private void submit(Runnable r) {
        if (systemd.enabled()) {
            sender.execute(r);
        }
    }

    /** Sends what is queued, waiting at most {@code timeout}, and stops the thread. */
    void close(Duration timeout) throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(30));
    }
}
