package org.piwheels.slave;

import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The slave's refusals at startup (components spec §6.2): never as root, never with a clock far in the past. */
final class StartupChecks {
    static final Instant EARLIEST_PLAUSIBLE_CLOCK = Instant.parse("2020-06-01T00:00:00Z");

    private final LongSupplier effectiveUid;
    private final Supplier<Instant> clock;

    StartupChecks(LongSupplier effectiveUid, Supplier<Instant> clock) {
        this.effectiveUid = effectiveUid;
        this.clock = clock;
    }

    /** Checks the real process: uid from {@code /proc/self/status}. */
    static StartupChecks system() {
        return new StartupChecks(StartupChecks::procEffectiveUid, Instant::now);
    }

    /** @return the reason to refuse to start, or null */
    String refusal() {
        return refusal(false);
    }

    /**
     * @param allowRoot whether the operator accepted building as root ({@code --allow-root})
     * @return the reason to refuse to start, or null
     */
    String refusal(boolean allowRoot) {
        if (effectiveUid.getAsLong() == 0) {
            if (!allowRoot) {
                return "Slave must not be run as root";
            }
            org.slf4j.LoggerFactory.getLogger("slave").warn("Running as root because of --allow-root: "
                    + "setup scripts run with full privileges");
        }
        if (clock.get().isBefore(EARLIEST_PLAUSIBLE_CLOCK)) {
            return "System clock is far in the past";
        }
        return null;
    }

    /** The effective uid: second field of {@code Uid:} in {@code /proc/self/status}; -1 if unknown. */
    static long procEffectiveUid() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: fall back to the user name
        }
        return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
}
