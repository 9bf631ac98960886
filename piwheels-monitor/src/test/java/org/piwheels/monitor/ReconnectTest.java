package org.piwheels.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The master falls silent, the monitor says so, re-attaches and gets a fresh picture. */
class ReconnectTest {
    private static final Duration SILENCE_LIMIT = Duration.ofSeconds(30);

    private MonitorFixture f;

    @AfterEach
    void close() throws IOException {
        f.close();
    }

    @Test
    void silentMasterIsReportedThenTheMonitorAsksAgainAndRecovers() {
        f = new MonitorFixture(new TerminalSize(100, 30), SILENCE_LIMIT);
        f.connect(MonitorFixture.recordedPicture(10));
        assertThat(f.master.hellos()).isEqualTo(1);

        f.clock.advance(SILENCE_LIMIT.minusSeconds(1));
        f.pumpFor(Duration.ofMillis(100));
        assertThat(f.text.row(29)).startsWith("Connected to master");

        // the restarted master knows a different picture: slave 1 gone, and a newcomer
        f.master.replay(MonitorFixture.recordedPicture(0).subList(0, 2));
        f.clock.advance(Duration.ofSeconds(2));
        f.pumpUntil(() -> f.text.row(29).startsWith("Master not responding"));
        assertThat(f.text.rowOf("slave1")).isEqualTo(-1); // the old picture is dropped

        f.letHelloGo();
        f.pumpUntilPictured(() -> f.text.row(29).startsWith("Connected to master"));
        assertThat(f.master.hellos()).isEqualTo(2);
        assertThat(f.text.row(1)).contains("piwheels-master");
        assertThat(f.text.rowOf("slave1")).isEqualTo(-1);
    }

    @Test
    void restartedMasterOnTheSameAddressesIsAskedAfreshAndItsPictureReplacesTheOld() {
        f = new MonitorFixture(new TerminalSize(100, 30), SILENCE_LIMIT);
        f.connect(MonitorFixture.recordedPicture(10));
        assertThat(f.text.rowOf("slave1")).isEqualTo(2);

        // a new master process: new sockets on the old addresses, slave numbering from 1 again
        List<StatusMessage> picture = new ArrayList<>(MonitorFixture.recordedPicture(0));
        picture.add(new Slave(1, MonitorFixture.START, "HELLO", List.of(Duration.ofHours(3), Duration.ofMinutes(5),
                "311", "cp311", "linux_armv7l", "newcomer", "Raspbian GNU/Linux", "12 (bookworm)", "unknown",
                "unknown")));
        f.restartMaster(picture);
        f.clock.advance(SILENCE_LIMIT.plusSeconds(1));
        f.pumpUntil(() -> f.text.row(29).startsWith("Master not responding"));
        assertThat(f.text.rowOf("slave1")).isEqualTo(-1);

        f.letHelloGo();
        f.pumpUntilPictured(() -> f.text.row(29).startsWith("Connected to master") && f.text.rowOf("newcomer") == 2);
        assertThat(f.master.hellos()).isEqualTo(1);
        assertThat(f.text.all()).doesNotContain("slave1").doesNotContain("Building baz");
    }

    @Test
    void quicklyRestartedMasterIsSeenAtOnceAndAskedForItsPicture() {
        f = new MonitorFixture(new TerminalSize(100, 30), SILENCE_LIMIT);
        f.connect(MonitorFixture.recordedPicture(10));
        assertThat(f.text.rowOf("slave1")).isEqualTo(2);

        // a restart well inside the silence limit (systemd restarts the master in seconds): ZeroMQ
        // reconnects by itself and the new master's statistics would keep the old picture alive
        List<StatusMessage> picture = new ArrayList<>(MonitorFixture.recordedPicture(0));
        picture.add(new Slave(1, MonitorFixture.START, "HELLO", List.of(Duration.ofHours(3), Duration.ofMinutes(5),
                "311", "cp311", "linux_armv7l", "newcomer", "Raspbian GNU/Linux", "12 (bookworm)", "unknown",
                "unknown")));
        f.restartMaster(picture);
        f.pumpUntil(() -> f.text.row(29).startsWith("Master not responding"));
        assertThat(f.text.rowOf("slave1")).isEqualTo(-1);

        f.pumpUntil(f.app::helloPending); // the new connection's handshake began
        f.letHelloGo();
        f.pumpUntilPictured(() -> f.text.row(29).startsWith("Connected to master") && f.text.rowOf("newcomer") == 2);
        assertThat(f.master.hellos()).isEqualTo(1);
        assertThat(f.text.all()).doesNotContain("slave1").doesNotContain("Building baz");
    }

    @Test
    void keepsAskingWhileNoMasterAnswers() {
        f = new MonitorFixture(new TerminalSize(100, 30), SILENCE_LIMIT);
        f.start(List.of()); // a master that hears HELLO but says nothing
        f.letHelloGo();
        f.pumpUntil(() -> f.master.hellos() == 1);
        assertThat(f.text.row(29)).startsWith("Waiting for connection");
        f.clock.advance(SILENCE_LIMIT);
        f.pumpFor(Duration.ofMillis(50));
        f.letHelloGo();
        f.pumpUntil(() -> f.master.hellos() == 2);
        assertThat(f.text.row(29)).startsWith("Waiting for connection");
    }
}
