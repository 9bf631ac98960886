package org.piwheels.tools.importer;

import java.time.Duration;

/**
 * Counts files and bytes against the totals, and the rate since the start. The master
 * may ask for a chunk again (one it did not get in time) or for a whole file again
 * (one it could not verify); those bytes go out twice but count once, so the bytes
 * done never exceed the total. The bytes sent again are counted apart.
 */
final class ProgressCounter {
    private final long startNanos = System.nanoTime();
    int files;
    int filesDone;
    long bytes;
    private long bytesOfDoneFiles;
    private long currentSize;
    private long currentSent;
    private long wire;

    void start(int files, long bytes) {
        this.files = files;
        this.bytes = bytes;
    }

    /** The master asked for a file; {@code retry}: the same one again, which undoes its completion. */
    void fileStarted(long size, boolean retry) {
        if (retry) {
            filesDone--;
            bytesOfDoneFiles -= size;
        }
        currentSize = size;
        currentSent = 0;
    }

    void sent(long n) {
        currentSent += n;
        wire += n;
    }

    void fileSent() {
        filesDone++;
        bytesOfDoneFiles += currentSize;
        currentSize = 0;
        currentSent = 0;
    }

    /** @return bytes of the files that the master has, each byte once */
    long bytesDone() {
        return bytesOfDoneFiles + Math.min(currentSent, currentSize);
    }

    /** @return bytes that went out more than once */
    long bytesResent() {
        return Math.max(0, wire - bytesDone());
    }

    /** @return bytes done a second since the start */
    long rate() {
        long ns = Math.max(1, System.nanoTime() - startNanos);
        return (long) (bytesDone() * 1e9 / ns);
    }

    /** @return time since the start */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** @return 0–100 */
    int percent() {
        return bytes == 0 ? 100 : (int) Math.min(100, bytesDone() * 100 / bytes);
    }
}
