package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.master.MasterSlaveQueueTest.LONG;
import static org.piwheels.master.MasterSlaveQueueTest.BUSY;
import static org.piwheels.master.MasterSlaveQueueTest.WAIT;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.RunningMaster.Monitor;
import org.piwheels.master.RunningMaster.Slave;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol.Hello;
import org.piwheels.protocol.messages.MasterControlProtocol.Kill;
import org.piwheels.protocol.messages.MasterControlProtocol.Skip;
import org.piwheels.protocol.messages.MasterControlProtocol.Sleep;
import org.piwheels.protocol.messages.MasterControlProtocol.Wake;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;

/**
 * A monitor's control messages (protocol spec §7.5) sent to the running master's
 * control queue, and their effect on slaves talking to its slave queue; and the
 * status a monitor receives.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterMonitorControlTest {
    private static final SlaveDriverProtocol.Sleep NOTHING = new SlaveDriverProtocol.Sleep(false);
    private static final SlaveDriverProtocol.Sleep PAUSED = new SlaveDriverProtocol.Sleep(true);

    static RunningMaster m;

    @BeforeAll
    static void start(TestDatabase db, @TempDir Path output) throws Exception {
        m = RunningMaster.start(db, output, Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() throws Exception {
        m.close();
    }

    @AfterEach
    void retire() throws Exception {
        m.retireAll();
    }

    @Test
    void killOneSlaveThenAllAtTheirNextIdleLettingARunningBuildFinish() throws Exception {
        m.drain();
        m.addVersion("killme", "1.0");
        try (Monitor monitor = m.monitor(); Slave one = m.slave("one", LONG, BUSY); Slave two = m.slave("two", LONG, BUSY);
             Slave three = m.slave("three", LONG, BUSY)) {
            assertThat(one.idleUntilWork(WAIT)).isEqualTo(new Build("killme", "1.0"));
            monitor.command(new Kill(one.id()));
            assertThat(one.ask(RunningMaster.busy())).as("the build finishes first").isEqualTo(new Cont());
            assertThat(two.ask(RunningMaster.idle())).as("only slave one").isEqualTo(NOTHING);
            assertThat(one.ask(RunningMaster.failed())).isEqualTo(new Done());
            assertThat(one.ask(RunningMaster.idle())).isEqualTo(new Die());
            assertThat(monitor.awaitSlave(one.id(), "DIE")).isNotNull();
            monitor.command(new Kill(9999L)); // an unknown id is ignored
            assertThat(two.ask(RunningMaster.idle())).isEqualTo(NOTHING);
            monitor.command(new Kill(null));
            assertThat(two.ask(RunningMaster.idle())).isEqualTo(new Die());
            assertThat(three.ask(RunningMaster.idle())).isEqualTo(new Die());
        }
        assertThat(m.rows("SELECT status FROM builds WHERE package = 'killme'")).containsExactly("false");
    }

    @Test
    void wakeCancelsAPendingKill() throws Exception {
        try (Monitor monitor = m.monitor(); Slave one = m.slave("one", LONG, BUSY)) {
            monitor.command(new Kill(one.id()));
            monitor.command(new Wake(one.id()));
            assertThat(one.ask(RunningMaster.idle())).isEqualTo(NOTHING);
        }
    }

    @Test
    void skipAbandonsTheCurrentBuildAtBusyAndDiscardsABuiltResult() throws Exception {
        m.drain();
        m.addVersion("skipa", "1.0");
        m.addVersion("skipb", "1.0");
        try (Monitor monitor = m.monitor(); Slave one = m.slave("one", LONG, BUSY); Slave two = m.slave("two", LONG, BUSY)) {
            assertThat(one.idleUntilWork(WAIT)).isInstanceOf(Build.class);
            assertThat(two.idleUntilWork(WAIT)).isInstanceOf(Build.class);
            // the control queue and the slave queue are separate sockets: a command is seen by the
            // slave driver some time after it is sent, so each check waits for its effect
            monitor.command(new Skip(one.id()));
            assertThat(askUntil(one, RunningMaster.busy(), new Done())).isEqualTo(new Done());
            assertThat(two.ask(RunningMaster.busy())).as("only slave one").isEqualTo(new Cont());
            monitor.command(new Skip(null));
            // the slave driver takes control commands in order: once slave one is paused, the SKIP
            // of every slave has been applied too
            monitor.command(new Sleep(one.id()));
            assertThat(askUntil(one, RunningMaster.idle(), PAUSED)).isEqualTo(PAUSED);
            assertThat(two.ask(RunningMaster.failed())).as("a result after SKIP is thrown away")
                    .isEqualTo(new Done());
            monitor.command(new Wake(one.id()));
            assertThat(askUntil(one, RunningMaster.idle(), NOTHING)).isEqualTo(NOTHING);
        }
        assertThat(m.rows("SELECT count(*) FROM builds WHERE package IN ('skipa', 'skipb')")).containsExactly("0");
    }

    /** Asks again (as a real slave would) until the answer is {@code expected} or WAIT has passed. */
    private static SlaveDriverProtocol.MasterReply askUntil(Slave slave, SlaveDriverProtocol.SlaveRequest request,
            SlaveDriverProtocol.MasterReply expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        SlaveDriverProtocol.MasterReply reply;
        do {
            reply = slave.ask(request);
        } while (!expected.equals(reply) && System.nanoTime() < deadline);
        return reply;
    }

    @Test
    void sleepOneSlaveThenTheWholeMasterAndWakeThem() throws Exception {
        m.drain();
        try (Monitor monitor = m.monitor(); Slave one = m.slave("one", LONG, BUSY); Slave two = m.slave("two", LONG, BUSY)) {
            monitor.command(new Sleep(one.id()));
            assertThat(askUntil(one, RunningMaster.idle(), PAUSED)).as("beyond 0.23: a paused slave sleeps").isEqualTo(PAUSED);
            assertThat(two.ask(RunningMaster.idle())).isEqualTo(NOTHING);
            monitor.command(new Wake(one.id()));
            assertThat(askUntil(one, RunningMaster.idle(), NOTHING)).isEqualTo(NOTHING);

            monitor.command(new Sleep(null));
            assertThat(askUntil(one, RunningMaster.idle(), PAUSED)).isEqualTo(PAUSED);
            assertThat(two.ask(RunningMaster.idle())).isEqualTo(PAUSED);
            // the admin handler stops serving while the master sleeps: a tool's request waits
            try (RunningMaster.Tool tool = m.tool()) {
                m.addVersion("woken", "1.0");
                tool.send(new AdminProtocol.Rebuild("HOME", null));
                assertThat(tool.recv(Duration.ofSeconds(2))).as("no answer while asleep").isNull();
                monitor.command(new Wake(null));
                assertThat(tool.recv(WAIT)).isEqualTo(new AdminProtocol.Done("REBUILD"));
            }
            assertThat(one.idleUntilWork(WAIT)).isEqualTo(new Build("woken", "1.0"));
            assertThat(two.ask(RunningMaster.idle())).isEqualTo(NOTHING);
            assertThat(one.ask(RunningMaster.failed())).isEqualTo(new Done());
        }
    }

    @Test
    void aNewMonitorGetsTheMastersHelloAndEverySlavesState() throws Exception {
        try (Slave one = m.slave("replayed", LONG, BUSY); Monitor monitor = m.monitor()) {
            assertThat(one.ask(RunningMaster.idle())).isEqualTo(NOTHING);
            monitor.send(new Hello());
            assertThat(monitor.await(s -> s instanceof MonitorStatusProtocol.Hello)).isNotNull();
            var hello = monitor.awaitSlave(one.id(), "HELLO");
            assertThat(hello).isNotNull();
            assertThat(monitor.awaitSlave(one.id(), "STATS")).isNotNull();
            assertThat(monitor.awaitSlave(one.id(), "SLEEP")).as("its last reply").isNotNull();
        }
    }

    @Test
    void aMalformedControlMessageIsIgnored() throws Exception {
        try (var raw = m.rawControl()) {
            raw.send(new byte[] {(byte) 0xff});
            raw.send(java.util.HexFormat.of().parseHex("644b494c4c")); // a bare KILL: its id is missing
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (m.master().context().rejections().getOrDefault("master_control", 0L) < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // keep the socket open until both are delivered
            }
        }
        try (Monitor monitor = m.monitor(); Slave one = m.slave("after", LONG, BUSY)) {
            monitor.command(new Kill(one.id()));
            assertThat(one.ask(RunningMaster.idle())).isEqualTo(new Die());
        }
        assertThat(m.master().context().rejections().getOrDefault("master_control", 0L)).isEqualTo(2L);
        assertThat(m.running()).isTrue();
    }
}
