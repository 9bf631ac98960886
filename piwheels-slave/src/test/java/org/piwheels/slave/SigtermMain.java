package org.piwheels.slave;

import java.time.Instant;

/** {@code piw-slave}'s main with the root check passed, for the SIGTERM test (tests run as any user). */
public final class SigtermMain {
    private SigtermMain() {
    }

    public static void main(String[] args) {
        System.exit(PiwSlave.launch(new PiwSlave(new StartupChecks(() -> 1000, Instant::now), System.getenv(), s -> s), args));
    }
}
