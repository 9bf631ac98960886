package org.piwheels.tools.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.piwheels.testing.FakePypi;

/**
 * A fake PyPI on loopback that publishes new versions at a steady rate while the
 * run lasts, for a master whose follower points at it: the work a farm gets from
 * PyPI, without PyPI. Version {@code i} is {@code feed-<i/10> 1.<i%10>} with a small
 * source file; every tenth is a new project. The changelog is PyPI's XML-RPC one,
 * so the master's follower reads it as it reads PyPI.
 */
final class PypiFeed implements Runnable, AutoCloseable {
    /** Versions per project before the feed moves to a new one. */
    static final int VERSIONS_PER_PROJECT = 10;

    private final FakePypi pypi;
    private final double perSecond;
    private final RunControl control;
    private final AtomicLong published = new AtomicLong();

    /**
     * @param port      the port on 127.0.0.1 (0: any free one)
     * @param perSecond new versions per second
     */
    PypiFeed(int port, double perSecond, RunControl control) throws IOException {
        this.pypi = FakePypi.start(port);
        this.perSecond = perSecond;
        this.control = control;
    }

    /** @return the XML-RPC and JSON root, for the master's {@code --pypi-xmlrpc} and {@code --pypi-json} */
    String xmlrpcUrl() {
        return pypi.xmlrpcUrl();
    }

    /** @return the simple index, for the master's {@code --pypi-simple} */
    String simpleUrl() {
        return pypi.simpleUrl();
    }

    /** @return how many versions the feed has published */
    long published() {
        return published.get();
    }

    /** Publishes versions on schedule until the run stops. */
    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            while (!control.stopping()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
                while (published.get() < due) {
                    publish(published.get());
                    published.incrementAndGet();
                }
                long next = start + (long) ((published.get() + 1) / perSecond * 1e9);
                Thread.sleep(Math.max(1, Math.min(100, (next - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            control.fail("the fake PyPI feed failed: " + e);
        }
    }

    private void publish(long i) {
        String project = "feed-" + (i / VERSIONS_PER_PROJECT);
        String version = "1." + (i % VERSIONS_PER_PROJECT);
        if (i % VERSIONS_PER_PROJECT == 0) {
            pypi.addProject(project, "published by piw-loadgen's fake PyPI");
        }
        pypi.addRelease(project, version);
        String sdist = project + "-" + version + ".tar.gz";
        pypi.addFile(project, version, sdist, sdist.getBytes(StandardCharsets.US_ASCII), null);
    }

    @Override
    public void close() {
        pypi.close();
    }
}
