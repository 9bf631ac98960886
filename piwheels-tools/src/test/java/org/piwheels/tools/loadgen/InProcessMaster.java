package org.piwheels.tools.loadgen;

import java.nio.file.Path;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.Master;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.MasterTasks;

/** Every task of a real master, in this JVM on the test database, until closed. */
final class InProcessMaster implements AutoCloseable {
    private final Master master;
    private final Thread loop;

    InProcessMaster(MasterConfig config, TestDatabase db) throws Exception {
        master = new Master(config, new SystemdNotifier(null));
        try {
            master.start(context -> MasterTasks.create(context, db.config()));
            loop = new Thread(() -> {
                try {
                    master.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-master");
            loop.start();
        } catch (Exception e) {
            master.stop("start failed");
            master.run();
            throw e;
        }
    }

    /** @return the configuration of a master on these ports, PyPI at {@code pypiRoot} (e.g. http://127.0.0.1:9) */
    static MasterConfig config(Path www, Path ipcDir, int slavePort, int filePort, String pypiRoot) {
        String ipc = "ipc://" + ipcDir.resolve("q-");
        return new MasterConfig("postgres:///unused", www, false, java.util.List.of(),
                pypiRoot + "/pypi", pypiRoot + "/simple", pypiRoot + "/pypi",
                ipc + "status", ipc + "control", ipc + "import", ipc + "log",
                "tcp://127.0.0.1:" + slavePort, "tcp://127.0.0.1:" + filePort,
                "inproc://web", "inproc://builds", "inproc://db", "inproc://fs", "inproc://stats");
    }

    @Override
    public void close() throws InterruptedException {
        master.stop("test over");
        master.awaitStopped();
        loop.join(30_000);
    }
}
