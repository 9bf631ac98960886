package org.piwheels.web;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the independent parts of one page request side by side: one part on the
 * calling thread, the other on a small pool of helper threads (one fewer than
 * the machine has cores, so a 2-core machine renders on both cores and a
 * 1-core machine runs everything on the caller). The helpers are daemon
 * threads that end after a short idle spell, so a writer needs no closing.
 * The caller always waits for both parts, so a request is complete, or has
 * failed, when it returns.
 */
final class ParallelParts {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ThreadPoolExecutor pool;

    /** @param helpers how many helper threads at most; 0 runs every part on the caller */
    ParallelParts(int helpers) {
        if (helpers <= 0) {
            pool = null;
            return;
        }
        pool = new ThreadPoolExecutor(helpers, helpers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "site-writer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** @return one helper per core beyond the first */
    static ParallelParts forThisMachine() {
        return new ParallelParts(Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * Runs {@code helperPart} on a helper and {@code callerPart} here, and waits for both.
     * If either fails, the other still finishes first (no half-written state is left
     * running behind the caller's back); the caller's failure wins, else the helper's
     * is rethrown.
     */
    void run(Runnable helperPart, Runnable callerPart) {
        if (pool == null) {
            helperPart.run();
            callerPart.run();
            return;
        }
        Future<?> helper = pool.submit(helperPart);
        RuntimeException callerFailure = null;
        try {
            callerPart.run();
        } catch (RuntimeException e) {
            callerFailure = e;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    helper.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the part writes files and must not outlive the request
                } catch (ExecutionException e) {
                    if (callerFailure == null) {
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException re) {
                            callerFailure = re;
                        } else if (cause instanceof Error err) {
                            throw err;
                        } else {
                            callerFailure = new IllegalStateException(cause);
                        }
                    }
                    break;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (callerFailure != null) {
            throw callerFailure;
        }
    }
}
