package org.piwheels.master.build;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.clients.WebClient;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.Logger;
import org.zeromq.SocketType;

/**
 * Records finished builds (LOGBUILD, then the build log and the pages) on a few
 * threads of its own, so the slave driver keeps answering other slaves while the
 * database commits and the web side takes the requests. The slave whose build it is
 * still gets its DONE only once its build is recorded: a finished job's slave key is
 * queued and the driver is woken through an inproc PUSH/PULL pair, whose PULL end it
 * polls with its other sockets and drains with {@link #finished()}.
 */
final class BuildRecorder implements AutoCloseable {
    /** A build to record; everything in it is immutable and taken on the driver's thread. */
    record Job(String slaveKey, String label, BuildState state, String output, String packageName, String version,
               boolean filesAdded) {
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Job STOP = new Job(null, null, null, null, null, null, false);

    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
    private final RawSocket wake;
    private final List<Thread> threads = new ArrayList<>();
    private final Logger log;

    /**
     * @param count how many builds may be recorded at once (the master has three database workers)
     */
    BuildRecorder(Transport transport, MasterConfig config, int count, Logger log) {
        this.log = log;
        String address = "inproc://slave-driver-recorded-" + INSTANCES.incrementAndGet();
        wake = transport.raw(SocketType.PULL);
        wake.bind(address);
        for (int i = 0; i < count; i++) {
            // sockets made here, on the thread that makes the task, as the task's own are; each thread then owns its set
            DbClient db = new DbClient(transport, config.dbQueue());
            WebClient web = new WebClient(transport, config.webQueue());
            RawSocket done = transport.raw(SocketType.PUSH);
            done.connect(address);
            Thread t = new Thread(() -> work(db, web, done), "slave_driver-recorder-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
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
        while (wake.poll(java.time.Duration.ZERO)) {
            wake.recv();
        }
        List<String> keys = new ArrayList<>();
        String k;
        while ((k = finished.poll()) != null) {
            keys.add(k);
        }
        return keys;
    }

    private void work(DbClient db, WebClient web, RawSocket done) {
        try (db; web; done) {
            while (true) {
                Job job = jobs.take();
                if (job == STOP) {
                    return;
                }
                record(db, web, job);
                finished.add(job.slaveKey());
                done.send(new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("build recorder failed: {}", e.toString());
        }
    }

    private void record(DbClient db, WebClient web, Job job) {
        try {
            long buildId = db.logBuild(job.state());
            web.log(buildId, job.output());
            if (job.filesAdded()) {
                web.both(job.packageName());
            } else {
                web.project(job.packageName());
            }
        } catch (RpcException e) {
            log.error("{}: cannot record the build of {} {}: {}", job.label(), job.packageName(), job.version(),
                    e.getMessage());
        }
    }

    /** Lets the jobs already queued finish (they are short), then stops the threads. */
    @Override
    public void close() {
        threads.forEach(t -> jobs.add(STOP));
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
