package org.piwheels.master.reliability;

import java.nio.file.Path;
import java.util.List;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.master.Master;
import org.piwheels.master.MasterConfig;

/**
 * The master of {@link LiveMaster} (every task but the PyPI follower) in a process of
 * its own, so that a test can SIGKILL it and start another on the same database, web
 * root and ports. Prints {@code READY} once every task is ready.
 *
 * <p>Arguments: JDBC URL, database role, web root, dev mode (true/false), then the
 * status, control, import, log, slave and file queues.
 */
public final class MasterMain {
    private MasterMain() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseConfig db = DatabaseConfig.of(args[0], args[1], null);
        MasterConfig config = LiveMaster.config(Path.of(args[2]), Boolean.parseBoolean(args[3]),
                List.of(args).subList(4, 10));
        Master master = new Master(config, new SystemdNotifier(null));
        master.start(context -> LiveMaster.tasks(context, db));
        System.out.println("READY");
        System.out.flush();
        master.run();
        master.close();
    }
}
