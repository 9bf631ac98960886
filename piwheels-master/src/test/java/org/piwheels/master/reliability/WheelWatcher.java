package org.piwheels.master.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Looks at the web root every few milliseconds while a fault is injected and notes
 * every size each visible wheel ({@code *.whl}, not a dot-file) had. A partial file
 * that was ever visible shows up as a size other than the one the file ends with.
 */
final class WheelWatcher implements AutoCloseable {
    private final Path webRoot;
    private final Map<String, Set<Long>> seen = new TreeMap<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile long scans;

    WheelWatcher(Path webRoot) {
        this.webRoot = webRoot;
        thread = new Thread(this::watch, "wheel-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (!stop) {
            scan();
            scans++;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scan() {
        if (!Files.isDirectory(webRoot)) {
            return;
        }
        List<Path> wheels = new ArrayList<>();
        try (Stream<Path> s = Files.walk(webRoot)) {
            s.filter(p -> p.getFileName().toString().endsWith(".whl") && !p.getFileName().toString().startsWith("."))
                    .forEach(wheels::add);
        } catch (IOException | UncheckedIOException e) {
            return; // a directory changed under the walk; the next scan sees it
        }
        for (Path p : wheels) {
            try {
                long size = Files.size(p);
                synchronized (seen) {
                    seen.computeIfAbsent(webRoot.relativize(p).toString(), k -> new TreeSet<>()).add(size);
                }
            } catch (NoSuchFileException e) {
                // replaced or removed meanwhile
            } catch (IOException e) {
                // ditto
            }
        }
    }

    /** @return the wheels seen with more than one size, or with a size other than their present one */
    List<String> partialsSeen() throws IOException {
        scan();
        List<String> bad = new ArrayList<>();
        synchronized (seen) {
            for (var e : seen.entrySet()) {
                Path p = webRoot.resolve(e.getKey());
                long now = Files.exists(p) ? Files.size(p) : -1;
                if (e.getValue().size() != 1 || !e.getValue().contains(now)) {
                    bad.add(e.getKey() + " seen with sizes " + e.getValue() + ", now " + now);
                }
            }
        }
        return bad;
    }

    /** @return how many times the web root was looked at */
    long scans() {
        return scans;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
