package org.piwheels.tools.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The open-file limit, from {@code /proc/self/limits}. Every JeroMQ socket holds a
 * pipe and a selector besides its connection, so a slave (a REQ socket, a DEALER while
 * it uploads, and their pollers) needs about eleven descriptors: 2,000 slaves went over
 * a limit of 20,000 in one process.
 */
final class OpenFiles {
    static final int PER_SLAVE = 11;

    private OpenFiles() {
    }

    /** @return the soft limit, or -1 if unknown or unlimited */
    static long limit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: no check
        }
        return -1;
    }
}
