package org.piwheels.tools.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The master's CPU time and resident memory, read from {@code /proc/<pid>}: user +
 * system time of all its threads (fields 14 and 15 of {@code stat}, in clock ticks of
 * 1/100 s, Linux's USER_HZ) and {@code VmRSS} of {@code status}.
 */
final class MasterProcess {
    private static final double TICKS_PER_SECOND = 100.0;
    private final Path proc;

    MasterProcess(long pid) {
        this.proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            throw new IllegalArgumentException("no process " + pid + " (no " + proc + ")");
        }
    }

    /** @return CPU seconds used so far, or -1 if the process is gone */
    double cpuSeconds() {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // the command name (field 2) may hold spaces; fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return resident memory in kB, or -1 if the process is gone */
    long rssKb() {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
