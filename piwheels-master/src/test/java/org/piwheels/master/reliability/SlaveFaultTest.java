package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.Transport;

/**
 * Issue #12, faults of slaves against a real master: slaves in processes of their own
 * SIGKILLed while building and while uploading, and a slave that never answers the
 * file receiver's FETCH. The master must notice within the slave's busy timeout,
 * drop the transfer (no temporary file left, no partial wheel ever visible), give the
 * build back to the queue and let a replacement slave build and publish it.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class SlaveFaultTest {
    /** The faulty slaves' busy timeout; the master sweeps for silent slaves every 10 s. */
    private static final Duration BUSY = Duration.ofSeconds(15);
    /** How long after the fault the build must be handed out again: busy timeout + sweep + a loaded machine. */
    private static final Duration NOTICED_WITHIN = BUSY.plusSeconds(10).plusSeconds(60);

    private LiveMaster master;
    private Transport transport;
    private LogCapture logs;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path root) throws Exception {
        logs = new LogCapture();
        master = new LiveMaster(db, root, 2);
        transport = new Transport();
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        master.close();
        logs.close();
    }

    @Test
    void slavesKilledMidBuildAndMidTransferGiveTheirBuildsToAReplacement() throws Exception {
        String slaveQueue = master.config.slaveQueue();
        String fileQueue = master.config.fileQueue();
        String busy = Long.toString(BUSY.toSeconds());
        try (WheelWatcher watcher = new WheelWatcher(master.output);
             ChildJvm building = new ChildJvm(KillableSlave.class, List.of("-Xmx64m"), slaveQueue, fileQueue,
                     "build", busy);
             ChildJvm uploading = new ChildJvm(KillableSlave.class, List.of("-Xmx96m"), slaveQueue, fileQueue,
                     "transfer", busy)) {
            String builtPkg = building.awaitLine("BUILDING ", Duration.ofSeconds(90)).substring(9);
            String sentPkg = uploading.awaitLine("TRANSFERRING ", Duration.ofSeconds(90)).substring(13);
            assertThat(List.of(builtPkg, sentPkg)).containsExactlyInAnyOrder("pkg1", "pkg2");
            assertThat(temporaryUploads()).as("the upload is under way").hasSize(1);
            assertThat(building.kill()).as("exit status after SIGKILL").isEqualTo(137);
            assertThat(uploading.kill()).isEqualTo(137);
            long killed = System.nanoTime();

            Map<String, byte[]> published = replacementBuilds(2, killed);
            assertThat(published).containsOnlyKeys("pkg1", "pkg2");
            awaitNoTemporaryUploads();
            for (var e : published.entrySet()) {
                Path wheel = master.output.resolve("simple").resolve(e.getKey())
                        .resolve(e.getKey() + "-1.0-py3-none-any.whl");
                assertThat(Files.readAllBytes(wheel)).as("the replacement's wheel, whole").isEqualTo(e.getValue());
            }
            assertThat(watcher.partialsSeen()).as("wheels ever seen partial (%d scans)", watcher.scans()).isEmpty();
        }
        assertThat(master.rows("SELECT package, status FROM builds ORDER BY package"))
                .as("only the replacement's builds are logged").containsExactly("pkg1|true", "pkg2|true");
        assertThat(master.rows("SELECT filename, filesize FROM files ORDER BY filename"))
                .containsExactly("pkg1-1.0-py3-none-any.whl|150000", "pkg2-1.0-py3-none-any.whl|150000");
        assertThat(master.outsideWebRoot()).isEmpty();
        assertThat(master.alive()).isTrue();
    }

    @Test
    void aSlaveIgnoringFetchIsDroppedItsUploadAbandonedAndItsBuildRequeued() throws Exception {
        try (WheelWatcher watcher = new WheelWatcher(master.output);
             ProtocolSlave mute = new ProtocolSlave(transport, master)) {
            long id = mute.hello(ProtocolSlave.helloWithBusyTimeout(BUSY));
            Build build = mute.awaitBuild();
            byte[] content = ProtocolSlave.content(1 << 20, 3);
            FileState wheel = ProtocolSlave.wheel(build.packageName(), content);
            assertThat(mute.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
            try (FileTransferDealer dealer = transport.fileDealer()) {
                dealer.connect(master.config.fileQueue());
                dealer.send(new FileTransferProtocol.Hello(id));
                assertThat(dealer.recv(Duration.ofSeconds(30))).as("the receiver asks").isInstanceOf(Fetch.class);
                long silent = System.nanoTime();
                assertThat(temporaryUploads()).hasSize(1);
                // the slave answers nothing from now on; the other package goes to a good slave first
                Map<String, byte[]> published = replacementBuilds(2, silent);
                assertThat(published).containsOnlyKeys("pkg1", "pkg2");
                awaitNoTemporaryUploads();
                // late chunks of the abandoned upload are ignored, and the dropped slave is told to start over
                while (dealer.recv(Duration.ofMillis(500)) != null) {
                    // the FETCHes sent before the upload was abandoned (the receiver pipelines them)
                }
                dealer.send(new FileTransferProtocol.Chunk(0, java.util.Arrays.copyOf(content, 65536)));
                ReceiverMessage late = dealer.recv(Duration.ofSeconds(2));
                assertThat(late).as("an answer to a chunk of an abandoned upload").isNull();
            }
            assertThat(mute.ask(new Sent())).as("the dropped slave's SENT").isInstanceOf(Die.class);
            // the event logged: the slave named with what it did (went silent mid-upload), and its SENT afterwards
            logs.awaitLine("WARN .*: slave " + id + " \\(hostile\\): timed out during SEND: its upload of "
                    + java.util.regex.Pattern.quote(wheel.filename()) + " stopped answering");
            logs.awaitLine("ERROR .*: invalid first message from slave connection [0-9a-f]+: SENT");
            Path published = master.output.resolve("simple").resolve(build.packageName()).resolve(wheel.filename());
            assertThat(Files.size(published)).as("the replacement's wheel, not the mute one's").isEqualTo(150_000);
            assertThat(watcher.partialsSeen()).isEmpty();
        }
        assertThat(master.rows("SELECT package, status FROM builds ORDER BY package"))
                .containsExactly("pkg1|true", "pkg2|true");
        assertThat(master.outsideWebRoot()).isEmpty();
        assertThat(master.alive()).isTrue();
    }

    /**
     * A good slave asks for work until it has built and published {@code count}
     * packages, each of which must be handed out within {@link #NOTICED_WITHIN} of
     * {@code faultAt}. @return the published contents by package
     */
    private Map<String, byte[]> replacementBuilds(int count, long faultAt) throws Exception {
        Map<String, byte[]> done = new LinkedHashMap<>();
        try (ProtocolSlave good = new ProtocolSlave(transport, master)) {
            long id = good.hello();
            while (done.size() < count) {
                MasterReply r = good.ask(ProtocolSlave.idle());
                if (r instanceof Sleep) {
                    assertThat(System.nanoTime() - faultAt).as("the vanished slave's build back in the queue within %s",
                            NOTICED_WITHIN).isLessThan(NOTICED_WITHIN.toNanos());
                    Thread.sleep(250);
                    continue;
                }
                assertThat(r).isInstanceOf(Build.class);
                String pkg = ((Build) r).packageName();
                byte[] content = ProtocolSlave.content(150_000, pkg.hashCode());
                FileState wheel = ProtocolSlave.wheel(pkg, content);
                assertThat(good.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
                assertThat(good.upload(id, content)).isEqualTo(new FileTransferProtocol.Done());
                assertThat(good.ask(new Sent())).isEqualTo(new Done());
                assertThat(done.put(pkg, content)).as("%s built twice", pkg).isNull();
            }
        }
        return done;
    }

    private List<Path> temporaryUploads() throws Exception {
        Path simple = master.output.resolve("simple");
        if (!Files.isDirectory(simple)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(simple)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".upload-")).toList();
        }
    }

    private void awaitNoTemporaryUploads() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Path> left = new ArrayList<>(temporaryUploads());
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = new ArrayList<>(temporaryUploads());
        }
        assertThat(left).as("temporary uploads left behind").isEmpty();
    }
}
