package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.cbor.NoData;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class SlaveStateTest {
    static final Instant NOW = Instant.parse("2024-05-17T12:00:00Z");
    static final SlaveHello HELLO = new SlaveHello(Duration.ofHours(3), Duration.ofMinutes(5), "311", "cp311",
            "linux_armv7l", "slave1", "Raspbian GNU/Linux", "11 (bullseye)", "c03111", "6f9a3c21");
    static final Logger LOG = LoggerFactory.getLogger("test.slaves");

    static SlaveStats stats(Instant at) {
        return new SlaveStats(at, 100, 50, 10, 5, 2, 1, 0.5, 48.0);
    }

    @Test
    void statisticsArePublishedKeptUpTo100AndReplayedAfterTheHello() {
        SlaveState s = new SlaveState(1, new byte[] {1}, HELLO, NOW);
        s.recordReply(new SlaveDriverProtocol.Ack(1, "url"));
        for (int i = 0; i < 105; i++) {
            List<Slave> published = s.recordRequest(new SlaveDriverProtocol.Idle(stats(NOW.plusSeconds(i))),
                    NOW.plusSeconds(i + 2), LOG);
            assertThat(published).singleElement().extracting(Slave::message).isEqualTo("STATS");
            s.recordReply(new SlaveDriverProtocol.Sleep(false));
        }
        assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(2));
        List<Slave> replay = s.replay();
        assertThat(replay).hasSize(102);
        assertThat(replay.get(0)).isEqualTo(new Slave(1, NOW, "HELLO", HELLO));
        assertThat(replay.get(1).data()).isEqualTo(stats(NOW.plusSeconds(5)));
        assertThat(replay.get(101)).isEqualTo(new Slave(1, NOW.plusSeconds(106), "SLEEP", false));
    }

    @Test
    void contIsNeitherKeptNorPublishedAndDoneEndsTheBuildAndTheSkip() {
        SlaveState s = new SlaveState(3, new byte[] {1}, HELLO, NOW);
        assertThat(s.recordReply(new SlaveDriverProtocol.Ack(3, "url"))).extracting(Slave::message)
                .containsExactly("HELLO", "ACK");
        s.recordReply(new SlaveDriverProtocol.Build("foo", "0.1"));
        s.recordRequest(new SlaveDriverProtocol.Built(new BuildResult(false, Duration.ofSeconds(1), "log", List.of())),
                NOW, LOG);
        assertThat(s.build()).isNotNull();
        s.skip();
        assertThat(s.recordReply(new SlaveDriverProtocol.Cont())).isEmpty();
        assertThat(s.lastReply()).isInstanceOf(SlaveDriverProtocol.Build.class);
        assertThat(s.recordReply(new SlaveDriverProtocol.Done())).containsExactly(new Slave(3, NOW, "DONE", NoData.INSTANCE));
        assertThat(s.build()).isNull();
        assertThat(s.skipped()).isFalse();
    }

    @Test
    void aBuiltAfterAnythingButBuildMakesNoBuild() {
        SlaveState s = new SlaveState(1, new byte[] {1}, HELLO, NOW);
        s.recordReply(new SlaveDriverProtocol.Ack(1, "url"));
        s.recordRequest(new SlaveDriverProtocol.Built(new BuildResult(false, Duration.ofSeconds(1), "", List.of())),
                NOW, LOG);
        assertThat(s.build()).isNull();
    }

    @Test
    void expiryIsStrictlyAfterTheBusyTimeout() {
        SlaveState s = new SlaveState(1, new byte[] {1}, HELLO, NOW);
        assertThat(s.expired(NOW.plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(s.expired(NOW.plus(Duration.ofMinutes(5)).plusMillis(1))).isTrue();
        assertThat(s.expiredStatus()).isEqualTo(new Slave(1, NOW, "DIE", null));
    }

    @Test
    void wakeClearsEveryFlag() {
        SlaveState s = new SlaveState(1, new byte[] {1}, HELLO, NOW);
        s.kill();
        s.skip();
        s.sleep();
        assertThat(List.of(s.killed(), s.skipped(), s.paused())).containsOnly(true);
        s.wake();
        assertThat(List.of(s.killed(), s.skipped(), s.paused())).containsOnly(false);
    }
}
