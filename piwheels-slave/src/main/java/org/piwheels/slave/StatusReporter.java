package org.piwheels.slave;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.piwheels.cli.HostInfo;
import org.piwheels.protocol.records.SlaveStats;

/** Makes the {@code IDLE}/{@code BUSY} statistics (components spec §6.5) from the host's real state. */
final class StatusReporter {
    private final HostInfo host;
    private final Path buildRoot;

    StatusReporter(HostInfo host, Path buildRoot) {
        this.host = host;
        this.buildRoot = buildRoot;
    }

    SlaveStats stats() throws IOException {
        long[] disk = HostInfo.disk(buildRoot);
        long[] mem = host.memory();
        return new SlaveStats(Instant.now(), disk[0], disk[1], mem[0], mem[1], mem[2], mem[3],
                host.loadAverage(), host.cpuTemperature());
    }
}
