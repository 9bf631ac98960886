package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * Issue #12, the output disk filling up: the web root is a 64 MiB tmpfs (so the test
 * needs root, as CI has), the master's disk guard is set to 16 MiB. A slave's 24 MiB
 * upload runs into a full disk; the upload must be dropped with nothing half-written
 * published, the farm put to sleep, a monitor's WAKE refused while the disk is full,
 * and everything (that build included) resume once space is freed and a monitor wakes
 * the farm.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class DiskFullTest {
    private static final long MIN_FREE = 16L << 20;
    private static final int BIG_WHEEL = 24 << 20;

    private Path mounted;
    private LiveMaster master;
    private Transport transport;

    @AfterEach
    void stop() throws Exception {
        try {
            if (transport != null) {
                transport.close();
            }
            if (master != null) {
                master.close();
            }
        } finally {
            if (mounted != null) {
                run("umount", mounted.toString());
            }
        }
    }

    @Test
    void aFullDiskSleepsTheFarmPublishesNothingPartialAndAWakeResumesEverything(TestDatabase db,
            @TempDir Path root) throws Exception {
        if (!run("id", "-u").strip().equals("0")) {
            fail("this test mounts a size-limited tmpfs as the web root and must run as root (CI does)");
        }
        Path www = Files.createDirectories(root.resolve("www"));
        run("mount", "-t", "tmpfs", "-o", "size=64m,mode=0755", "tmpfs", www.toString());
        mounted = www;
        master = new LiveMaster(db, root, 3, MIN_FREE);
        transport = new Transport();
        Path ballast = www.resolve(".ballast");

        try (WheelWatcher watcher = new WheelWatcher(www);
             ProtocolSlave slave = new ProtocolSlave(transport, master)) {
            long id = slave.hello();
            String first = buildAndPublish(slave, id);

            // a big wheel starts uploading while there is room, then the disk fills up under it
            Build big = slave.awaitBuild();
            byte[] content = ProtocolSlave.content(BIG_WHEEL, 11);
            FileState wheel = ProtocolSlave.wheel(big.packageName(), content);
            assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
            ReceiverMessage end;
            try (FileTransferDealer dealer = transport.fileDealer()) {
                dealer.connect(master.config.fileQueue());
                dealer.send(new FileTransferProtocol.Hello(id));
                int chunks = 0;
                while (true) {
                    end = dealer.recv(Duration.ofSeconds(30));
                    if (!(end instanceof Fetch f)) {
                        break;
                    }
                    if (++chunks == 4) {
                        fill(ballast);
                    }
                    int stop = (int) Math.min(content.length, f.offset() + f.length());
                    dealer.send(new Chunk(f.offset(), Arrays.copyOfRange(content, (int) f.offset(), stop)));
                }
            }
            assertThat(end).as("the receiver ends the upload it cannot write").isEqualTo(new FileTransferProtocol.Done());
            // SENT: nothing complete was received; asked again, the receiver refuses for lack of space
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
            awaitSleep(slave, Duration.ofSeconds(60));
            assertThat(wheelsOf(big.packageName())).as("nothing of the big wheel published").isEmpty();
            assertThat(uploadsLeft(www)).as("no temporary upload left").isEmpty();

            // a monitor's WAKE while the disk is still full wakes nothing
            wake();
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                assertThat(slave.ask(ProtocolSlave.idle())).as("asleep while the disk is full")
                        .isEqualTo(new Sleep(true));
                Thread.sleep(500);
            }

            // space freed, a monitor wakes the farm: the interrupted build and the rest are built
            Files.delete(ballast);
            wake();
            List<String> rest = List.of(buildAndPublish(slave, id), buildAndPublish(slave, id));
            assertThat(rest).as("the interrupted build first").startsWith(big.packageName());
            assertThat(rest).doesNotContain(first);
            assertThat(watcher.partialsSeen()).as("wheels ever seen partial (%d scans)", watcher.scans()).isEmpty();
        }
        assertThat(master.rows("SELECT package, status FROM builds ORDER BY package"))
                .containsExactly("pkg1|true", "pkg2|true", "pkg3|true");
        assertThat(master.rows("SELECT count(*) FROM files")).containsExactly("3");
        assertThat(uploadsLeft(www)).isEmpty();
        assertThat(master.alive()).as("the master kept running").isTrue();
    }

    /** Builds the next package (waiting out sleeps) and checks its wheel is published whole. @return the package */
    private String buildAndPublish(ProtocolSlave slave, long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            MasterReply r = slave.ask(ProtocolSlave.idle());
            if (r instanceof Build b) {
                byte[] content = ProtocolSlave.content(150_000, b.packageName().hashCode());
                FileState wheel = ProtocolSlave.wheel(b.packageName(), content);
                assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
                assertThat(slave.upload(id, content)).isEqualTo(new FileTransferProtocol.Done());
                assertThat(slave.ask(new Sent())).isEqualTo(new Done());
                assertThat(Files.readAllBytes(master.output.resolve("simple").resolve(b.packageName())
                        .resolve(wheel.filename()))).isEqualTo(content);
                return b.packageName();
            }
            assertThat(r).isInstanceOf(Sleep.class);
            assertThat(System.nanoTime()).as("a build within 90 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Waits until the master answers IDLE with a paused SLEEP: its disk guard fired. */
    private static void awaitSleep(ProtocolSlave slave, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!new Sleep(true).equals(slave.ask(ProtocolSlave.idle()))) {
            assertThat(System.nanoTime()).as("the farm put to sleep within %s", timeout).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private void wake() throws Exception {
        try (MessageSocket<MasterControlProtocol.ControlRequest, NoMessage> control =
                     transport.socket(SocketType.PUSH, MasterControlProtocol.MONITOR)) {
            control.linger(Duration.ofSeconds(5)).connect(master.config.controlQueue());
            control.send(new MasterControlProtocol.Wake(null));
        }
    }

    /** Writes to {@code file} until the file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("space")) {
                throw e;
            }
        }
    }

    private List<Path> wheelsOf(String pkg) throws IOException {
        Path dir = master.output.resolve("simple").resolve(pkg);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".whl")).toList();
        }
    }

    private static List<Path> uploadsLeft(Path www) throws IOException {
        Path simple = www.resolve("simple");
        if (!Files.isDirectory(simple)) {
            return List.of();
        }
        try (var s = Files.list(simple)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
