package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * A slave that outlives its master: its connection reconnects to the restarted master,
 * which does not know it. 0.23 stayed silent and the slave waited out its five-minute
 * timeout; ours tells it to start over at once (issue #4).
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterRestartTest {

    @Test
    void aSlaveTheRestartedMasterDoesNotKnowIsToldToStartOverAtOnce(TestDatabase db, @TempDir Path output)
            throws Exception {
        MasterConfig config;
        try (Transport slaveSide = new Transport();
             MessageSocket<SlaveRequest, MasterReply> slave = slaveSide.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE)) {
            var hello = new SlaveDriverProtocol.Hello(RunningMaster.hello("survivor", Duration.ofHours(3),
                    Duration.ofMinutes(5)));
            try (RunningMaster first = RunningMaster.start(db, output, Duration.ofSeconds(30))) {
                config = first.config();
                slave.linger(Duration.ZERO).connect(config.slaveQueue());
                slave.send(hello);
                assertThat(slave.recv(Duration.ofSeconds(10))).isEqualTo(new SlaveDriverProtocol.Ack(1, RunningMaster.INDEX));
                slave.send(RunningMaster.idle());
                assertThat(slave.recv(Duration.ofSeconds(10))).isEqualTo(new SlaveDriverProtocol.Sleep(false));
            }
            try (RunningMaster second = RunningMaster.restart(db, config)) {
                long asked = System.nanoTime();
                slave.send(RunningMaster.idle()); // the same REQ socket: ZeroMQ reconnects it
                assertThat(slave.recv(Duration.ofSeconds(20))).isEqualTo(new SlaveDriverProtocol.Die());
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(15));
                slave.send(hello);
                assertThat(slave.recv(Duration.ofSeconds(10))).as("ids start again with each run")
                        .isEqualTo(new SlaveDriverProtocol.Ack(1, RunningMaster.INDEX));
            }
        }
    }
}
