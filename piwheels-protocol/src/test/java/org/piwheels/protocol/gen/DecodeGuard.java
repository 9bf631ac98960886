package org.piwheels.protocol.gen;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one decode on a helper thread and reports how it ended, so that a property
 * fails (rather than the build hanging) if a hostile frame makes a decoder loop.
 */
public final class DecodeGuard {
    /** Far more than any decode of a small frame needs, even on a loaded CI machine. */
    private static final long TIMEOUT_SECONDS = 20;
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "decode-guard");
        t.setDaemon(true);
        return t;
    });

    private DecodeGuard() {
    }

    /**
     * @return {@code null} if the call returned normally, else what it threw
     * @throws AssertionError if it did not end within the timeout
     */
    public static Throwable thrownBy(Callable<?> decode) {
        Future<?> f = EXECUTOR.submit(decode);
        try {
            f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("decoding did not finish within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
