package org.piwheels.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code piw-master} in its own JVM, started through its real main class with the
 * options an operator would give it (piw-master refuses root, so under root it runs as
 * {@code nobody}). Its console, which gets everything it logs, goes to {@code log}.
 */
final class MasterProcess {
    private final Process process;

    private MasterProcess(Process process) {
        this.process = process;
    }

    /**
     * @param classpath a classpath the user it runs as can read
     * @param runAs     the switch to an unprivileged user, or null
     * @param options   piw-master's options
     */
    static MasterProcess start(String classpath, Unprivileged runAs, List<String> options, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(JavaCommand.of(runAs, classpath, "512m", "org.piwheels.master.PiwMaster",
                options));
        pb.environment().keySet().removeIf(k -> k.startsWith("PIW_"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new MasterProcess(pb.start());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the process, for its descendants and signals */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Waits for the master to end after QUIT; SIGTERM (an orderly stop too) if it has not
     * within {@code quitWait}, SIGKILL a minute later. @return its exit status
     */
    int awaitExit(long quitWait, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(quitWait, unit)) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
        return process.exitValue();
    }
}
