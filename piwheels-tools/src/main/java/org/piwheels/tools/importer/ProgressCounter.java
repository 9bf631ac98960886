package org.piwheels.tools.importer;

import java.time.Duration;

/** Counts files and bytes against the totals, and the rate since the start. */
final class ProgressCounter {
    private final long startNanos = System.nanoTime();
    int files;
    int filesDone;
    long bytes;
    long bytesSent;

    void start(int files, long bytes) {
        this.files = files;
        this.bytes = bytes;
    }

    /** @return bytes a second since the start */
    long rate() {
        long ns = Math.max(1, System.nanoTime() - startNanos);
        return (long) (bytesSent * 1e9 / ns);
    }

    /** @return time since the start */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** @return 0–100; bytes re-sent after a failed verification can exceed the total, so it is capped */
    int percent() {
        return bytes == 0 ? 100 : (int) Math.min(100, bytesSent * 100 / bytes);
    }
}
