package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build process: own session, data limit, timeout and stop for the whole group. */
class ProcessGroupRunnerTest {
    @TempDir
    Path dir;

    private final ProcessGroupRunner runner = new ProcessGroupRunner(Duration.ofSeconds(2), Duration.ofMillis(100));
    private final Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");

    private ProcessGroupRunner.Outcome sh(String script, Duration timeout, java.util.function.BooleanSupplier stop) throws Exception {
        return runner.run(List.of("/bin/sh", "-c", script), env, dir, timeout, stop);
    }

    @Test
    void theBuildRunsInItsOwnSessionWithTheDataLimit() throws Exception {
        assertThat(runner.isolatesGroups()).as("util-linux setsid is expected on the test machine").isTrue();
        ProcessGroupRunner.Outcome o = sh("ulimit -Sd > limits; ulimit -Hd >> limits; cat /proc/$$/stat > stat; "
                + "echo $$ > pid; [ -t 0 ] && echo tty > stdin; exit 3", Duration.ofSeconds(30), () -> false);
        assertThat(o).isEqualTo(new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.EXITED, 3));
        assertThat(Files.readAllLines(dir.resolve("limits"))).containsExactly("1048576", "1048576");
        String[] stat = Files.readString(dir.resolve("stat")).split("\\) ")[1].split(" ");
        String pid = Files.readString(dir.resolve("pid")).strip();
        assertThat(stat[2]).as("process group").isEqualTo(pid);
        assertThat(stat[3]).as("session").isEqualTo(pid);
        assertThat(dir.resolve("stdin")).doesNotExist();
    }

    @Test
    void theTimeoutKillsEveryProcessOfTheGroup() throws Exception {
        long t0 = System.nanoTime();
        ProcessGroupRunner.Outcome o = sh("(trap '' TERM; exec sleep 300) & echo $! > child; sleep 300",
                Duration.ofSeconds(1), () -> false);
        assertThat(o.ending()).isEqualTo(ProcessGroupRunner.Ending.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        long child = Long.parseLong(Files.readString(dir.resolve("child")).strip());
        assertThat(Processes.awaitGone(child, 5000)).as("child ignoring SIGTERM").isTrue();
    }

    @Test
    void aStopRequestTerminatesTheGroup() throws Exception {
        ProcessGroupRunner.Outcome o = sh("sleep 300 & echo $! > child; wait", Duration.ZERO,
                () -> Files.exists(dir.resolve("child")));
        assertThat(o.ending()).isEqualTo(ProcessGroupRunner.Ending.STOPPED);
        assertThat(Processes.awaitGone(Long.parseLong(Files.readString(dir.resolve("child")).strip()), 5000)).isTrue();
    }

    @Test
    void leftoversOfAFinishedBuildAreKilled() throws Exception {
        ProcessGroupRunner.Outcome o = sh("sleep 300 & echo $! > child; exit 0", Duration.ofSeconds(30), () -> false);
        assertThat(o).isEqualTo(new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.EXITED, 0));
        assertThat(Processes.awaitGone(Long.parseLong(Files.readString(dir.resolve("child")).strip()), 5000)).isTrue();
    }
}
