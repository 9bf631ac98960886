package org.piwheels.master.build;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseException;
import org.piwheels.db.DatabaseUnavailableException;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.db.BrokenConnections;
import org.piwheels.master.clients.WebClient;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.Logger;
import org.zeromq.SocketType;

/**
 * Records finished builds (LOGBUILD, then the build logs and the pages) on a thread
 * of its own, so the slave driver never waits on the database. Builds that finish
 * while a batch is being stored are stored together next: one transaction, one
 * statement and one commit for up to {@link Database#MAX_BUILDS_PER_BATCH} builds
 * (group commit), on the recorder's own connection.
 *
 * <p>The guarantee: a slave gets its DONE only once its build is committed and its
 * build log written. Its pages are requested after that, by a second thread that
 * merges the requests waiting for it (one per package), so page writing neither holds
 * up the DONEs nor is done twice for a package whose builds finished together; a
 * master stopped in that moment leaves those pages to the restored rewrite buffer or
 * the package's next rewrite. While the database is unreachable or restarting the
 * batch is retried, with a growing pause, until it is stored; the slaves concerned
 * wait for their DONE meanwhile and nothing is lost. A batch the database refuses
 * for its content is stored build by build, so only the offending build is dropped
 * (logged, and its slave still gets DONE, as 0.23 carries on after a failed LOGBUILD).
 *
 * <p>Finished builds' slave keys are queued and the driver is woken through an inproc
 * PUSH/PULL pair, whose PULL end it polls with its other sockets and drains with
 * {@link #finished()}.
 */
final class BuildRecorder implements AutoCloseable {
    /**
     * A build to record; everything in it is immutable and taken on the driver's thread.
     * {@code coreMetadata} holds the PEP 658 hashes of its published files, stored with it.
     */
    record Job(String slaveKey, String label, BuildState state, String output, String packageName, String version,
               boolean filesAdded, Map<String, String> coreMetadata) {
    }

    /** The first pause after a failed attempt to reach the database; it doubles up to {@link #MAX_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Job STOP = new Job(null, null, null, null, null, null, false, Map.of());
    private static final Map.Entry<String, Boolean> NO_MORE_PAGES = Map.entry("", false);

    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
    private final RawSocket wake;
    private final Database db;
    private final BlockingQueue<Map.Entry<String, Boolean>> pages = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Thread pageThread;
    private final Logger log;
    private volatile boolean stopping;

    /** @param db the recorder's own connection to the database, closed with it */
    BuildRecorder(Transport transport, MasterConfig config, Database db, Logger log) {
        this.log = log;
        this.db = db;
        String address = "inproc://slave-driver-recorded-" + INSTANCES.incrementAndGet();
        wake = transport.raw(SocketType.PULL);
        wake.bind(address);
        // sockets made here, on the thread that makes the task, as the task's own are; the recorder thread then owns them
        WebClient web = new WebClient(transport, config.webQueue());
        RawSocket done = transport.raw(SocketType.PUSH);
        done.connect(address);
        WebClient pageWeb = new WebClient(transport, config.webQueue());
        thread = new Thread(() -> work(web, done), "slave_driver-recorder");
        thread.setDaemon(true);
        pageThread = new Thread(() -> requestPages(pageWeb), "slave_driver-pages");
        pageThread.setDaemon(true);
        thread.start();
        pageThread.start();
    }

    /** The socket that becomes readable when builds have been recorded (the driver's thread reads it). */
    RawSocket wakeSocket() {
        return wake;
    }

    void submit(Job job) {
        jobs.add(job);
    }

    /** @return the slave keys whose builds were recorded since the last call (call on the driver's thread) */
    List<String> finished() {
        while (wake.poll(Duration.ZERO)) {
            wake.recv();
        }
        List<String> keys = new ArrayList<>();
        String k;
        while ((k = finished.poll()) != null) {
            keys.add(k);
        }
        return keys;
    }

    private void work(WebClient web, RawSocket done) {
        try (web; done) {
            List<Job> batch = new ArrayList<>();
            boolean stop = false;
            while (!stop) {
                batch.clear();
                batch.add(jobs.take());
                jobs.drainTo(batch, Database.MAX_BUILDS_PER_BATCH - 1);
                int s = batch.indexOf(STOP);
                if (s >= 0) {
                    stop = true;
                    batch.subList(s, batch.size()).clear();
                }
                if (batch.isEmpty()) {
                    continue;
                }
                long[] ids = store(batch);
                if (ids == null) {
                    return; // stopped while the database was away; these slaves never got DONE
                }
                writeLogs(web, batch, ids);
                batch.forEach(j -> finished.add(j.slaveKey()));
                done.send(new byte[0]);
                batch.forEach(j -> pages.add(Map.entry(j.packageName(), j.filesAdded())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("build recorder failed: {}", e.toString());
        }
    }

    /**
     * Stores the batch in one transaction, or build by build if the database refuses it.
     *
     * @return the build ids (0 for a build the database refused), or null if the recorder
     * was stopped before the database came back
     */
    private long[] store(List<Job> batch) throws InterruptedException {
        List<BuildState> states = batch.stream().map(Job::state).toList();
        Map<String, String> hashes = new LinkedHashMap<>();
        batch.forEach(j -> hashes.putAll(j.coreMetadata()));
        try {
            int[] ids = withRetries(() -> db.logBuilds(states, hashes));
            if (ids == null) {
                return null;
            }
            long[] result = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                result[i] = ids[i];
            }
            return result;
        } catch (DatabaseException e) {
            if (batch.size() > 1) {
                log.warn("a batch of {} builds was refused ({}); recording them one by one", batch.size(),
                        e.getMessage());
            }
        }
        long[] result = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Job job = batch.get(i);
            try {
                Integer id = withRetries(() -> db.logBuild(job.state(), job.coreMetadata()));
                if (id == null) {
                    return null;
                }
                result[i] = id;
            } catch (DatabaseException e) {
                log.error("{}: cannot record the build of {} {}: {}", job.label(), job.packageName(), job.version(),
                        e.getMessage());
            }
        }
        return result;
    }

    /** Runs a database operation until it is not refused for the server being away; null if stopped meanwhile. */
    private <T> T withRetries(Supplier<T> operation) throws InterruptedException {
        Duration pause = FIRST_RETRY;
        boolean reported = false;
        while (true) {
            try {
                T result = BrokenConnections.run(db, operation);
                if (reported) {
                    log.warn("the database is back; builds are recorded again");
                }
                return result;
            } catch (DatabaseUnavailableException e) {
                if (stopping) {
                    log.error("stopping while the database is unavailable; the finished builds still waiting are"
                            + " not recorded (their slaves got no DONE, so the builds will be done again)");
                    return null;
                }
                if (!reported) {
                    log.error("the database is unavailable, retrying until it is back: {}", e.getMessage());
                    reported = true;
                }
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
            }
        }
    }

    private void writeLogs(WebClient web, List<Job> batch, long[] ids) {
        for (int i = 0; i < batch.size(); i++) {
            Job job = batch.get(i);
            try {
                if (ids[i] != 0) {
                    web.log(ids[i], job.output());
                }
            } catch (RpcException e) {
                log.error("{}: cannot write the log of {} {}: {}", job.label(), job.packageName(), job.version(),
                        e.getMessage());
            }
        }
    }

    /** Asks for the pages of recorded builds: everything waiting at once, each package once (BOTH wins). */
    private void requestPages(WebClient web) {
        try (web) {
            List<Map.Entry<String, Boolean>> waiting = new ArrayList<>();
            boolean stop = false;
            while (!stop) {
                waiting.clear();
                waiting.add(pages.take());
                pages.drainTo(waiting);
                Map<String, Boolean> merged = new LinkedHashMap<>();
                for (Map.Entry<String, Boolean> e : waiting) {
                    if (e == NO_MORE_PAGES) {
                        stop = true;
                    } else {
                        merged.merge(e.getKey(), e.getValue(), Boolean::logicalOr);
                    }
                }
                merged.forEach((pkg, filesAdded) -> {
                    try {
                        if (filesAdded) {
                            web.both(pkg);
                        } else {
                            web.project(pkg);
                        }
                    } catch (RpcException e) {
                        log.error("cannot request the pages of {}: {}", pkg, e.getMessage());
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("page requester failed: {}", e.toString());
        }
    }

    /** Lets the jobs and page requests already queued finish (they are short), then stops the threads. */
    @Override
    public void close() {
        stopping = true; // builds still queued are stored if the database is there, given up if it is not
        jobs.add(STOP);
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
            pages.add(NO_MORE_PAGES);
            pageThread.join(10_000);
            if (pageThread.isAlive()) {
                pageThread.interrupt();
                pageThread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            db.close();
        }
    }
}
