package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.transport.AdminSecret;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * The admin queues (control, status, import, log) of a whole master with admin
 * credentials, over loopback TCP: clients without them, or with a wrong password,
 * cannot QUIT, KILL a slave, import or log, and a subscriber hears nothing; the master
 * counts each refused connection. With credentials everything works; with none asked
 * for (0.23's way) a bare client is served.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class AdminAuthMasterTest {
    /** Far more than a handshake or a request needs on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void withoutTheRightCredentialsNothingIsObeyedAndEveryRefusalIsCounted(TestDatabase db, @TempDir Path root)
            throws Exception {
        AdminSecret secret = AdminSecret.generate();
        AdminSecret wrong = new AdminSecret(secret.user(), secret.password() + "-not");
        try (LiveMaster master = new LiveMaster(db, root, 0, -1, secret);
             Transport transport = new Transport();
             ProtocolSlave slave = new ProtocolSlave(transport, master)) {
            long slaveId = slave.hello();
            master.rows("INSERT INTO packages (package) VALUES ('logged') RETURNING package");
            for (AdminSecret credentials : new AdminSecret[] {null, wrong}) {
                String who = credentials == null ? "none" : "wrong";
                Map<String, Long> before = master.master.context().rejections();
                try (var control = client(transport, SocketType.PUSH, MasterControlProtocol.MONITOR, credentials, master.config.controlQueue());
                     var status = client(transport, SocketType.SUB, MonitorStatusProtocol.MONITOR, credentials, master.config.statusQueue());
                     var tool = client(transport, SocketType.REQ, AdminProtocol.TOOL, credentials, master.config.importQueue());
                     var logger = client(transport, SocketType.PUSH, AccessLogProtocol.LOGGER, credentials, master.config.logQueue())) {
                    status.zmq().subscribe(new byte[0]);
                    control.send(new MasterControlProtocol.Kill(slaveId));
                    control.send(new MasterControlProtocol.Hello());
                    control.send(new MasterControlProtocol.Quit());
                    tool.send(new AdminProtocol.AddPkg("evil-" + who, "", "", false, List.of()));
                    logger.send(new AccessLogProtocol.LogProject(new PageHit("logged", "192.0.2.66", Instant.now(), who)));
                    for (String queue : List.of("control_queue", "status_queue", "import_queue", "log_queue")) {
                        await("a refusal on the " + queue + " (credentials: " + who + ")", () -> {
                            Map<String, Long> now = master.master.context().rejections();
                            return now.getOrDefault(queue + "_refused", 0L) > before.getOrDefault(queue + "_refused", 0L);
                        });
                    }
                    // well-behaved clients are served meanwhile, so the refused requests had their chance
                    servedWithCredentials(master, transport, secret, "good-" + who);
                    assertThat(tool.recv(Duration.ofMillis(200))).as("a reply to the refused tool").isNull();
                    assertThat(status.recv(Duration.ofMillis(200))).as("status heard without credentials").isNull();
                }
                assertThat(master.alive()).as("QUIT without credentials obeyed").isTrue();
                assertThat(master.rows("SELECT package FROM packages WHERE package LIKE 'evil-%'")).isEmpty();
                assertThat(master.rows("SELECT count(*) FROM project_page_hits WHERE host(accessed_by) = '192.0.2.66'"))
                        .containsExactly("0");
                // the KILL never arrived: the slave's next word is answered as usual, not with DIE
                assertThat(slave.ask(ProtocolSlave.idle())).isNotInstanceOf(SlaveDriverProtocol.Die.class)
                        .isInstanceOf(SlaveDriverProtocol.Sleep.class);
            }
        }
    }

    @Test
    void withAdminAuthOffABareClientIsServedAsBy023(TestDatabase db, @TempDir Path root) throws Exception {
        try (LiveMaster master = new LiveMaster(db, root, 0, -1, null); Transport transport = new Transport()) {
            servedWithCredentials(master, transport, null, "bare-tool");
        }
    }

    /** An import, a log record and a status message get through with these credentials. */
    private static void servedWithCredentials(LiveMaster master, Transport transport, AdminSecret credentials, String pkg)
            throws Exception {
        try (var tool = client(transport, SocketType.REQ, AdminProtocol.TOOL, credentials, master.config.importQueue());
             var logger = client(transport, SocketType.PUSH, AccessLogProtocol.LOGGER, credentials, master.config.logQueue());
             var control = client(transport, SocketType.PUSH, MasterControlProtocol.MONITOR, credentials, master.config.controlQueue());
             var status = client(transport, SocketType.SUB, MonitorStatusProtocol.MONITOR, credentials, master.config.statusQueue())) {
            status.zmq().subscribe(new byte[0]);
            tool.send(new AdminProtocol.AddPkg(pkg, "", "", false, List.of()));
            assertThat(tool.recv(WAIT)).isInstanceOf(AdminProtocol.Done.class);
            assertThat(master.rows("SELECT package FROM packages WHERE package = '" + pkg + "'")).containsExactly(pkg);
            logger.send(new AccessLogProtocol.LogProject(new PageHit(pkg, "192.0.2.7", Instant.now(), pkg)));
            await("the log record of " + pkg, () -> rows(master, "SELECT count(*) FROM project_page_hits WHERE user_agent = '"
                    + pkg + "'").equals(List.of("1")));
            // HELLO asks the master to replay its status; repeated until the subscription is in place
            long end = System.nanoTime() + WAIT.toNanos();
            MonitorStatusProtocol.StatusMessage heard = null;
            while (heard == null && System.nanoTime() < end) {
                control.send(new MasterControlProtocol.Hello());
                heard = status.recv(Duration.ofSeconds(1));
            }
            assertThat(heard).as("status heard with credentials").isNotNull();
        }
    }

    private static <S extends org.piwheels.protocol.Message, R extends org.piwheels.protocol.Message> MessageSocket<S, R> client(
            Transport transport, SocketType type, org.piwheels.protocol.Protocol<S, R> protocol, AdminSecret credentials,
            String address) {
        MessageSocket<S, R> socket = transport.socket(type, protocol);
        socket.linger(Duration.ZERO);
        if (credentials != null) {
            credentials.secureClient(socket);
        }
        socket.connect(address);
        return socket;
    }

    private static List<String> rows(LiveMaster master, String sql) {
        try {
            return master.rows(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
