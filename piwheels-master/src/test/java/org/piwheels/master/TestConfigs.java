package org.piwheels.master;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Master configurations for tests: every queue on a fresh inproc:// address, so tests never collide. */
public final class TestConfigs {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestConfigs() {
    }

    /** A configuration with inproc:// queues, a given web root and a DSN that tests do not use. */
    public static MasterConfig inproc(Path output) {
        String p = "inproc://t" + COUNTER.incrementAndGet() + "-";
        return new MasterConfig("postgres:///unused", output, true, List.of(),
                "http://127.0.0.1:9/pypi", "http://127.0.0.1:9/simple", "http://127.0.0.1:9/pypi",
                p + "status", p + "control", p + "import", p + "log", p + "slave", p + "file",
                p + "web", p + "builds", p + "db", p + "fs", p + "stats");
    }
}
