package org.piwheels.tools.loadgen;

import java.time.Duration;

/**
 * What every simulated slave is told.
 *
 * @param host         the master's host
 * @param slavePort    its slave queue port
 * @param filePort     its file queue port
 * @param abi          the ABI the slaves build for
 * @param platform     the platform tag of their wheels
 * @param buildTime    how long a simulated build takes (zero: instant)
 * @param busyInterval how often a slave with a build running says BUSY
 * @param sleepTime    how long a slave waits after SLEEP before asking again
 * @param replyTimeout how long a reply may take before the run fails
 */
record SlaveSettings(String host, int slavePort, int filePort, String abi, String platform,
                     Duration buildTime, Duration busyInterval, Duration sleepTime, Duration replyTimeout) {
}
