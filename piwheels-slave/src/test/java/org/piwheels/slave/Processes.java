package org.piwheels.slave;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process checks for tests. */
final class Processes {
    private Processes() {
    }

    /** @return whether the pid names a process that is neither gone nor a zombie */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits up to {@code millis} for a process to end (a SIGKILL takes effect asynchronously). */
    static boolean awaitGone(long pid, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (isRunning(pid) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return !isRunning(pid);
    }

    /** Waits up to {@code millis} for a file to appear. */
    static boolean awaitFile(Path file, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file)) {
                return true;
            }
            Thread.sleep(100);
        }
        return Files.exists(file);
    }
}
