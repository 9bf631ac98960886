package org.piwheels.master;

import java.util.List;
import org.piwheels.cli.CommandRunner;

/**
 * {@code PiwMaster.main} for a child JVM of a test: the same command, but the test
 * answers the root check (CI runs as root) and no default configuration file is read
 * (a machine's /etc/piwheels.conf must not change a test). It exists only on the test
 * classpath, so no deployment can use it to run as root.
 */
public final class PiwMasterAsUser {
    private PiwMasterAsUser() {
    }

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwMaster(() -> false), "master", args, List.of()));
    }
}
