package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * Issue #12, the master SIGKILLed mid-transfer and restarted: the master runs in a
 * process of its own ({@link MasterMain}, outside development mode so that page
 * rewrites wait out their 60 s window) on the embedded PostgreSQL. A build is logged,
 * a second rewrite of its project page is pending (saved in rewrites_pending), another
 * slave's upload is half done; then the
 * master is killed and a new one started on the same database, web root and ports. No
 * partial or temporary file may remain, the pending project page must still be
 * written, the logged build must still be there, and the slave, answered DIE on its
 * next word to the new master as piw-slave is, starts over and builds everything left.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterKillTest {
    /** The new description of the built package, which only the pending rewrite puts on its page. */
    private static final String MARKER = "described-after-the-first-page-write";

    @Test
    void aMasterKilledMidTransferRestartsWithNothingPartialNothingLostAndItsSlavesCarryOn(TestDatabase db,
            @TempDir Path root) throws Exception {
        LiveMaster.seed(db, 3);
        Path www = root.resolve("www");
        List<String> queues = org.piwheels.master.RunningMaster.tcpAddresses(6);
        List<String> args = new ArrayList<>(List.of(db.jdbcUrl(), db.appRole(), www.toString(), "false"));
        args.addAll(queues);
        String slaveQueue = queues.get(4);
        String fileQueue = queues.get(5);
        Transport transport = new Transport();
        ChildJvm first = new ChildJvm(MasterMain.class, List.of("-Xmx256m"), args.toArray(new String[0]));
        ChildJvm second = null;
        try (WheelWatcher watcher = new WheelWatcher(www)) {
            first.awaitLine("READY", Duration.ofSeconds(120));
            ProtocolSlave slave = new ProtocolSlave(transport, slaveQueue, fileQueue);
            long id = slave.hello();

            // a build logged before the kill (its project page written at once, the first request of its window)
            String logged = build(slave, id);
            Path projectPage = www.resolve("project").resolve(logged).resolve("index.html");
            await("the project page of " + logged, Duration.ofSeconds(60), () -> pageSays(projectPage,
                    logged + "-1.0-py3-none-any.whl"));
            // the package changes and a tool asks for its page again within the 60 s window: the debouncer
            // holds the rewrite back, and saves it as pending
            try (var c = db.adminConnection(); var st = c.createStatement()) {
                st.executeUpdate("UPDATE packages SET description = '" + MARKER + "' WHERE package = '" + logged + "'");
            }
            try (MessageSocket<AdminProtocol.ToolRequest, AdminProtocol.AdminReply> tool =
                         transport.socket(SocketType.REQ, AdminProtocol.TOOL)) {
                tool.linger(Duration.ZERO).connect(queues.get(2));
                tool.send(new AdminProtocol.Rebuild("PROJECT", logged));
                assertThat(tool.recv(Duration.ofSeconds(30))).isEqualTo(new AdminProtocol.Done("REBUILD"));
            }
            await("the pending rewrite of " + logged + " saved", Duration.ofSeconds(60), () -> rows(db,
                    "SELECT package FROM rewrites_pending").contains(logged));
            assertThat(pageSays(projectPage, MARKER)).as("the pending rewrite not yet done").isFalse();

            // another upload half done
            Build big = slave.awaitBuild();
            byte[] content = ProtocolSlave.content(8 << 20, 5);
            FileState wheel = ProtocolSlave.wheel(big.packageName(), content);
            assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
            try (FileTransferDealer dealer = transport.fileDealer()) {
                dealer.connect(fileQueue);
                dealer.send(new FileTransferProtocol.Hello(id));
                for (int answered = 0; answered < 3; ) {
                    if (dealer.recv(Duration.ofSeconds(30)) instanceof Fetch f) {
                        int end = (int) Math.min(content.length, f.offset() + f.length());
                        dealer.send(new Chunk(f.offset(), Arrays.copyOfRange(content, (int) f.offset(), end)));
                        answered++;
                    }
                }
                assertThat(temporaryUploads(www)).as("the upload under way").hasSize(1);
                assertThat(first.kill()).as("the master's exit status after SIGKILL").isEqualTo(137);
            }

            second = new ChildJvm(MasterMain.class, List.of("-Xmx256m"), args.toArray(new String[0]));
            second.awaitLine("READY", Duration.ofSeconds(120));
            assertThat(temporaryUploads(www)).as("the killed master's temporary upload removed").isEmpty();
            assertThat(rows(db, "SELECT package FROM builds")).as("the build logged before the kill")
                    .containsExactly(logged);

            // the slave's next word reaches a master that does not know it: DIE; it starts over (as piw-slave
            // does, restarted by systemd) and builds what is left, the interrupted build included
            assertThat(slave.ask(new Sent())).isInstanceOf(Die.class);
            slave.close();
            List<String> rebuilt = new ArrayList<>();
            try (ProtocolSlave again = new ProtocolSlave(transport, slaveQueue, fileQueue)) {
                long newId = again.hello();
                rebuilt.add(build(again, newId));
                rebuilt.add(build(again, newId));
            }
            assertThat(rebuilt).as("everything left, the interrupted build included").contains(big.packageName())
                    .doesNotContain(logged);

            await("the pending project page of " + logged + " written by the new master", Duration.ofSeconds(150),
                    () -> pageSays(projectPage, MARKER));
            assertThat(watcher.partialsSeen()).as("wheels ever seen partial (%d scans)", watcher.scans()).isEmpty();
            assertThat(temporaryUploads(www)).isEmpty();
            assertThat(rows(db, "SELECT package || ' ' || status FROM builds ORDER BY package"))
                    .containsExactly("pkg1 true", "pkg2 true", "pkg3 true");
            assertThat(second.isAlive()).isTrue();
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            transport.close();
        }
    }

    /** Builds the next package with a 150,000-byte wheel and checks it is published whole. @return the package */
    private static String build(ProtocolSlave slave, long id) throws Exception {
        Build b = slave.awaitBuild();
        byte[] content = ProtocolSlave.content(150_000, b.packageName().hashCode());
        FileState wheel = ProtocolSlave.wheel(b.packageName(), content);
        assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
        assertThat(slave.upload(id, content)).isEqualTo(new FileTransferProtocol.Done());
        assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        return b.packageName();
    }

    private static boolean pageSays(Path page, String text) {
        try {
            return Files.exists(page) && Files.readString(page).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> rows(TestDatabase db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = db.adminConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(String.valueOf(rs.getObject(1)));
            }
        }
        return out;
    }

    private static List<Path> temporaryUploads(Path www) throws Exception {
        Path simple = www.resolve("simple");
        if (!Files.isDirectory(simple)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(simple)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList();
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            assertThat(System.nanoTime()).as("%s within %s", what, timeout).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
