package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.Database;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.task.Task;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.BuildQueueProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.RawSocket;
import org.zeromq.SocketType;

/**
 * A running slave driver with a real file receiver and database (ABI cp311; packages
 * foo 0.1, bar 2.0 and baz 3.0), a fake web writer, and helpers that act like a
 * slave, the planner, a monitor and the status queue's reader.
 */
final class SlaveSessionRig implements AutoCloseable {
    final BuildRig rig;
    final FakeWebWriter web;
    final SlaveDriver driver;
    private final TestDatabase db;
    private final MessageSocket<BuildQueueProtocol.QueueUpdate, NoMessage> planner;

    SlaveSessionRig(TestDatabase db, Path output) throws Exception {
        this.db = db;
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
            Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('cp311')");
            Fixtures.exec(admin, "INSERT INTO packages (package) VALUES ('foo'), ('bar'), ('baz')");
            Fixtures.exec(admin, "INSERT INTO versions (package, version) VALUES ('foo', '0.1'), ('bar', '2.0'),"
                    + " ('baz', '3.0')");
        }
        rig = new BuildRig(output);
        rig.startDatabase(db);
        web = rig.keep(new FakeWebWriter(rig.transport, rig.context.config().webQueue()));
        rig.start(new FileReceiver(rig.context));
        assertThat(rig.nextStats()).isNotNull(); // the receiver's STATFS at start
        driver = rig.start(new SlaveDriver(rig.context, Database.open(db.config())));
        planner = rig.transport.socket(SocketType.PUSH, BuildQueueProtocol.PLANNER);
        planner.connect(rig.context.config().buildsQueue());
    }

    /** A new slave connection. */
    RawSocket connect() {
        RawSocket req = rig.transport.raw(SocketType.REQ);
        req.connect(rig.context.config().slaveQueue());
        return req;
    }

    /** Sends a typed request as raw bytes. */
    static byte[] encode(SlaveRequest r) throws ProtocolException {
        return SlaveDriverProtocol.SLAVE.encode(r);
    }

    /** @return the reply's payload as hex, or null if none came within the wait */
    static String exchange(RawSocket req, byte[] request, Duration wait) {
        req.send(request);
        List<byte[]> reply = req.recv(wait);
        return reply == null ? null : HexFormat.of().formatHex(reply.get(reply.size() - 1));
    }

    /** @return the next {@code n} status messages as hex (fewer if they do not come within 10 s each) */
    List<String> status(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<byte[]> m = rig.status.recv(Duration.ofSeconds(10));
            if (m == null) {
                break;
            }
            out.add(HexFormat.of().formatHex(m.get(0)));
        }
        return out;
    }

    /** @return whether a status message is waiting (after a short grace period) */
    boolean statusPending() {
        return rig.status.poll(Duration.ofMillis(200));
    }

    void queue(Map<String, List<BuildRequest>> queues) throws ProtocolException {
        planner.send(new BuildQueueProtocol.Queue(queues));
    }

    void control(TaskControlProtocols.SlaveDriverCommand command) throws Exception {
        Task.sendControl(rig.context, SlaveDriver.NAME, TaskControlProtocols.SLAVE_DRIVER.reverse(), command);
        Thread.sleep(100); // the control queue is separate from the slave queue; let the task see it first
    }

    /** Uploads like a slave: answers every FETCH from {@code content}; returns the final message. */
    ReceiverMessage upload(long slaveId, byte[] content) throws Exception {
        try (FileTransferDealer dealer = rig.transport.fileDealer()) {
            dealer.connect(rig.context.config().fileQueue());
            dealer.send(new Hello(slaveId));
            while (true) {
                ReceiverMessage m = dealer.recv(Duration.ofSeconds(5));
                if (!(m instanceof Fetch f)) {
                    return m;
                }
                int end = (int) Math.min(content.length, f.offset() + f.length());
                dealer.send(new Chunk(f.offset(), Arrays.copyOfRange(content, (int) f.offset(), end)));
            }
        }
    }

    /** @return rows of a query as "col1|col2|..." strings */
    List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cols));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        planner.close();
        rig.close();
    }
}
