package org.piwheels.slave;

import java.time.Duration;
import org.piwheels.protocol.transport.CurveClient;

/**
 * Everything the connection loop needs. The timings default to the spec's values
 * ({@link #withSpecTimings}); tests shorten them.
 *
 * @param masterHost     host name or IP (an IPv6 literal is bracketed in addresses)
 * @param slavePort      the master's slave-driver port (5555)
 * @param filePort       the master's file-queue port (5556)
 * @param label          the slave's label
 * @param masterTimeout  how long to wait for a reply before reconnecting (5 min); also sent in HELLO
 * @param sleepMin       shortest wait after SLEEP (5 s)
 * @param sleepMax       longest wait after SLEEP (10 s)
 * @param contMin        shortest wait for the build after CONT (5 s)
 * @param contMax        longest wait for the build after CONT (10 s)
 * @param terminateWait  how long a stopped build may take to end (1 min)
 * @param helloAgain     uploader's re-HELLO interval (5 s)
 * @param build          how builds run
 * @param curve          CURVE keys for the slave and file queues, or {@code null} for plaintext (0.23)
 */
public record SlaveSettings(String masterHost, int slavePort, int filePort, String label, Duration masterTimeout,
                            Duration sleepMin, Duration sleepMax, Duration contMin, Duration contMax,
                            Duration terminateWait, Duration helloAgain, BuildSettings build, CurveClient curve) {
    /** As the canonical constructor, without CURVE. */
    public SlaveSettings(String masterHost, int slavePort, int filePort, String label, Duration masterTimeout,
                         Duration sleepMin, Duration sleepMax, Duration contMin, Duration contMax,
                         Duration terminateWait, Duration helloAgain, BuildSettings build) {
        this(masterHost, slavePort, filePort, label, masterTimeout, sleepMin, sleepMax, contMin, contMax,
                terminateWait, helloAgain, build, null);
    }

    /** @return these settings with CURVE keys ({@code null}: plaintext) */
    public SlaveSettings withCurve(CurveClient keys) {
        return new SlaveSettings(masterHost, slavePort, filePort, label, masterTimeout, sleepMin, sleepMax, contMin,
                contMax, terminateWait, helloAgain, build, keys);
    }

    /** Settings with the spec's timings. */
    public static SlaveSettings withSpecTimings(String masterHost, int slavePort, int filePort, String label,
                                                BuildSettings build) {
        return new SlaveSettings(masterHost, slavePort, filePort, label, Duration.ofMinutes(5),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofMinutes(1), FileUploader.HELLO_AGAIN, build);
    }
}
