package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.master.build.SlaveStateTest.HELLO;
import static org.piwheels.master.build.SlaveStateTest.LOG;
import static org.piwheels.master.build.SlaveStateTest.NOW;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Busy;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Bye;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;

/** Every row of the reply table, without sockets. */
class SlaveRepliesTest {
    private static final String V7 = "foo-0.1-cp311-cp311-linux_armv7l.whl";
    private static final String V6 = "foo-0.1-cp311-cp311-linux_armv6l.whl";

    private BuildQueues queues;
    private SlaveReplies replies;
    private final List<String> rejections = new java.util.ArrayList<>();
    private SlaveState slave;

    @BeforeEach
    void setUp() {
        queues = new BuildQueues();
        replies = new SlaveReplies(queues, "https://pypi.org/simple", LOG, rejections::add);
        slave = new SlaveState(1, new byte[] {1}, HELLO, NOW);
        assertThat(step(new Hello(HELLO))).isEqualTo(reply(new Ack(1, "https://pypi.org/simple")));
    }

    /** Records the request, decides, and records a plain reply, as the task does. */
    private Outcome step(SlaveRequest request) {
        return step(request, false);
    }

    private Outcome step(SlaveRequest request, boolean paused) {
        slave.recordRequest(request, NOW, LOG);
        Outcome o = replies.decide(slave, request, paused, NOW);
        if (o instanceof Outcome.Reply r) {
            slave.recordReply(r.reply());
        } else if (o instanceof Outcome.SendFile s) {
            slave.recordReply(new Send(s.file().filename()));
        } else if (o instanceof Outcome.RecordBuild) {
            slave.recordReply(new Done());
        }
        return o;
    }

    private static Outcome reply(MasterReply r) {
        return new Outcome.Reply(r);
    }

    private static Idle idle() {
        return new Idle(SlaveStateTest.stats(NOW));
    }

    private void queue(String pkg, String ver) {
        queues.refresh(Map.of("cp311", List.of(new BuildRequest(pkg, ver))), Set.of("cp311"), NOW);
    }

    private static FileState wheel(String name) {
        return TestVectors.wheel(name, name.getBytes());
    }

    @Test
    void idleWithNothingQueuedSleepsAndWithAQueueBuilds() {
        assertThat(step(idle())).isEqualTo(reply(new Sleep(false)));
        queue("foo", "0.1");
        assertThat(step(idle(), true)).isEqualTo(reply(new Sleep(true)));
        assertThat(step(idle())).isEqualTo(reply(new Build("foo", "0.1")));
        assertThat(queues.isExcluded("cp311", new BuildRequest("foo", "0.1"), NOW.plus(Duration.ofHours(3)).minusSeconds(1)))
                .isTrue();
    }

    @Test
    void idleOutOfSequenceIsAProtocolError() {
        queue("foo", "0.1");
        step(idle());
        assertThat(step(idle())).isEqualTo(reply(new Die()));
    }

    @Test
    void aKilledOrPausedSlaveGetsNoWork() {
        queue("foo", "0.1");
        slave.sleep();
        assertThat(step(idle())).isEqualTo(reply(new Sleep(true)));
        slave.kill();
        assertThat(step(idle())).isEqualTo(reply(new Die()));
    }

    @Test
    void busyContinuesUnlessSkipped() {
        queue("foo", "0.1");
        step(idle());
        assertThat(step(new Busy(SlaveStateTest.stats(NOW)))).isEqualTo(reply(new Cont()));
        slave.skip();
        assertThat(step(new Busy(SlaveStateTest.stats(NOW)))).isEqualTo(reply(new Done()));
        assertThat(slave.skipped()).isFalse();
    }

    @Test
    void aSkippedBuildIsDiscarded() {
        queue("foo", "0.1");
        step(idle());
        slave.skip();
        assertThat(step(new Built(new BuildResult(true, Duration.ofSeconds(5), "log", List.of(wheel(V7))))))
                .isEqualTo(reply(new Done()));
    }

    @Test
    void aFailedBuildIsRecorded() {
        queue("foo", "0.1");
        step(idle());
        assertThat(step(new Built(new BuildResult(false, Duration.ofSeconds(5), "log", List.of()))))
                .isEqualTo(new Outcome.RecordBuild(false));
    }

    @Test
    void aSuccessfulArmv7BuildSendsTheWheelAndRecordsItsArmv6Twin() {
        queue("foo", "0.1");
        step(idle());
        FileState v7 = wheel(V7);
        assertThat(step(new Built(new BuildResult(true, Duration.ofSeconds(5), "log", List.of(v7)))))
                .isEqualTo(new Outcome.SendFile(v7));
        assertThat(slave.build().state().files()).extracting(FileState::filename).containsExactly(V6, V7);
        assertThat(slave.build().state().files().get(0).platformTag()).isEqualTo("linux_armv6l");
        assertThat(step(new Sent())).isEqualTo(new Outcome.VerifyFile(v7));
        assertThat(replies.afterVerify(slave, v7, false)).isEqualTo(new Outcome.SendFile(v7));
        assertThat(replies.afterVerify(slave, v7, true)).isEqualTo(new Outcome.RecordBuild(true));
    }

    @Test
    void filesAreSentInNameOrder() {
        queue("foo", "0.1");
        step(idle());
        FileState a = wheel("foo-0.1-py2-none-any.whl");
        FileState b = wheel("foo-0.1-py3-none-any.whl");
        assertThat(step(new Built(new BuildResult(true, Duration.ofSeconds(5), "log", List.of(b, a)))))
                .isEqualTo(new Outcome.SendFile(a));
        step(new Sent());
        assertThat(replies.afterVerify(slave, a, true)).isEqualTo(new Outcome.SendFile(b));
    }

    @Test
    void anInconsistentBuildIsRecordedAsAFailureSayingWhy() {
        queue("foo", "0.1");
        step(idle());
        FileState wrong = wheel("bar-0.1-py3-none-any.whl");
        Built built = new Built(new BuildResult(true, Duration.ofSeconds(5), "log", List.of(wrong)));
        slave.recordRequest(built, NOW, LOG);
        assertThat(replies.decide(slave, built, false, NOW)).isEqualTo(new Outcome.RecordBuild(false));
        assertThat(slave.build().state().status()).isFalse();
        assertThat(slave.build().state().files()).isEmpty();
        assertThat(slave.build().output()).startsWith("log").contains("not of package foo");
    }

    @Test
    void builtOrSentOutOfSequenceIsAProtocolError() {
        assertThat(step(new Built(new BuildResult(false, Duration.ofSeconds(1), "", List.of()))))
                .isEqualTo(reply(new Die()));
        assertThat(step(new Sent())).isEqualTo(reply(new Die()));
    }

    @Test
    void anAbsurdBuildTimeoutReservesForeverInsteadOfFailing() {
        assertThat(SlaveReplies.plus(NOW, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(java.time.Instant.MAX);
        assertThat(SlaveReplies.plus(NOW, Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(java.time.Instant.MIN);
        assertThat(SlaveReplies.plus(NOW, Duration.ofHours(3))).isEqualTo(NOW.plus(Duration.ofHours(3)));
    }

    @Test
    void byeGetsNoReply() {
        assertThat(step(new Bye())).isEqualTo(new Outcome.Silence());
    }
}
