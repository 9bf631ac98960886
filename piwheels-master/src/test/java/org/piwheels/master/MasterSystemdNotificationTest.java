package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;

/**
 * What the running master tells systemd (components spec §2.8, §3.2–§3.4), received
 * on a real Unix datagram socket by a small listener that stands in for systemd
 * (python3, which CI installs; it also closes the barrier descriptors
 * systemd-notify sends, as systemd does).
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterSystemdNotificationTest {
    private static final String LISTENER = String.join("\n",
            "import array, os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "print('listening', flush=True)",
            "with open(sys.argv[2], 'a') as out:",
            "    while True:",
            "        msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(64 * 4))",
            "        for level, kind, data in anc:",
            "            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:",
            "                fds = array.array('i')",
            "                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])",
            "                for fd in fds:",
            "                    os.close(fd)",
            "        out.write(msg.decode('ascii').replace('\\n', ' ') + '\\n')",
            "        out.flush()",
            "");

    @Test
    void readyThenWatchdogsThenStoppingArriveInOrder(TestDatabase db, @TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("listener.py"), LISTENER);
        Path socket = dir.resolve("notify");
        Path received = dir.resolve("received.txt");
        Process listener = new ProcessBuilder("python3", script.toString(), socket.toString(), received.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("listening");
            SystemdNotifier systemd = new SystemdNotifier(socket.toString());
            assertThat(systemd.enabled()).isTrue();
            try (RunningMaster m = RunningMaster.start(db, dir.resolve("www"), Duration.ofHours(1), systemd)) {
                // the main loop turns at least every 5 s and says WATCHDOG=1 on its turns
                awaitStates(received, List.of("READY=1", "WATCHDOG=1", "WATCHDOG=1"), Duration.ofSeconds(20));
            }
            List<String> states = awaitStates(received, List.of("STOPPING=1"), Duration.ofSeconds(20));
            long pid = ProcessHandle.current().pid();
            assertThat(Files.readAllLines(received)).allMatch(l -> l.contains("MAINPID=" + pid) || l.contains("BARRIER=1"));
            int stopping = states.indexOf("STOPPING=1");
            assertThat(states.get(0)).isEqualTo("READY=1");
            assertThat(states.subList(1, stopping)).isNotEmpty().containsOnly("WATCHDOG=1");
            // then one extension of the stop timeout per task, and nothing else
            awaitStates(received, List.of("EXTEND_TIMEOUT_USEC=10000000"), Duration.ofSeconds(20));
            states = states(received);
            assertThat(states.subList(states.indexOf("STOPPING=1") + 1, states.size()))
                    .containsOnly("EXTEND_TIMEOUT_USEC=10000000");
        } finally {
            listener.destroy();
            listener.waitFor();
        }
    }

    /** @return the state assignments received so far, without MAINPID and BARRIER */
    private static List<String> states(Path received) throws Exception {
        List<String> states = new ArrayList<>();
        if (!Files.exists(received)) {
            return states;
        }
        for (String line : Files.readAllLines(received)) {
            for (String a : line.trim().split(" ")) {
                if (!a.isEmpty() && !a.startsWith("MAINPID=") && !a.startsWith("BARRIER=")) {
                    states.add(a);
                }
            }
        }
        return states;
    }

    /** Waits until the states received contain {@code expected} as a subsequence; returns them all. */
    private static List<String> awaitStates(Path received, List<String> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> states;
        do {
            states = states(received);
            int i = 0;
            for (String s : states) {
                if (i < expected.size() && s.equals(expected.get(i))) {
                    i++;
                }
            }
            if (i == expected.size()) {
                return states;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + expected + " in order, received " + states);
    }
}
