package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.master.clients.FsClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Done;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.FsProtocol;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.RawSocket;
import org.zeromq.SocketType;

/** The running file receiver on inproc sockets: uploads, verification, publication, bad input. */
class FileReceiverTaskTest {
    private static final String V7 = "foo-0.1-cp34-cp34m-linux_armv7l.whl";

    @TempDir
    Path output;
    private BuildRig rig;
    private FileReceiver receiver;
    private FsClient fs;

    @BeforeEach
    void start() throws Exception {
        rig = new BuildRig(output);
        receiver = rig.start(new FileReceiver(rig.context));
        fs = rig.keep(new FsClient(rig.transport, rig.context.config().fsQueue()));
        assertThat(rig.nextStats()).isInstanceOf(StatsProtocol.StatFs.class);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    /** Uploads like a slave: answers every FETCH from {@code content} until DONE. */
    private ReceiverMessage upload(long slaveId, byte[] content) throws Exception {
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

    private List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aVerifiedWheelIsPublishedWithItsArmv6LinkAndTheDiskSpaceReported() throws Exception {
        byte[] content = TestVectors.content(123456, 7);
        FileState file = TestVectors.wheel(V7, content);
        fs.expect(1, file);
        assertThat(output.resolve("simple")).isDirectory();
        assertThat(upload(1, content)).isEqualTo(new Done());
        assertThat(names(output.resolve("simple"))).noneMatch(n -> !n.startsWith("."));
        assertThat(fs.verify(1, "foo")).isTrue();
        assertThat(rig.nextStats()).isInstanceOf(StatsProtocol.StatFs.class);
        Path wheel = output.resolve("simple/foo").resolve(V7);
        assertThat(Files.readAllBytes(wheel)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wheel))).isEqualTo("rw-r--r--");
        assertThat(Files.readSymbolicLink(output.resolve("simple/foo/foo-0.1-cp34-cp34m-linux_armv6l.whl")))
                .isEqualTo(Path.of(V7));
        assertThat(names(output.resolve("simple"))).containsExactly("foo");
    }

    @Test
    void aCorruptedUploadFailsVerificationAndLeavesNothingBehind() throws Exception {
        byte[] content = TestVectors.content(70000, 8);
        fs.expect(1, TestVectors.wheel("foo-0.1-py3-none-any.whl", content));
        byte[] corrupt = content.clone();
        corrupt[69999] ^= 0x55;
        assertThat(upload(1, corrupt)).isEqualTo(new Done());
        assertThat(fs.verify(1, "foo")).isFalse();
        assertThat(names(output.resolve("simple"))).isEmpty();
        // VERIFY without a completed transfer fails too
        assertThat(fs.verify(1, "foo")).isFalse();
    }

    @Test
    void malformedFramesAreCountedRejectionsAndTheReceiverCarriesOn() throws Exception {
        byte[] content = TestVectors.content(1000, 9);
        fs.expect(2, TestVectors.wheel("foo-0.1-py3-none-any.whl", content));
        try (RawSocket bad = rig.transport.raw(SocketType.DEALER)) {
            bad.connect(rig.context.config().fileQueue());
            bad.send(ascii("HELLO"));
            bad.send(ascii("HELO"), ascii("2"));
            bad.send(ascii("HELLO"), ascii("FOO"));
            bad.send(ascii("HELLO"), ascii("7"));
            bad.send(ascii("CHUNK"), ascii("0"), new byte[10]);
            bad.send(ascii("HELLO"), ascii("2"));
            assertThat(bad.recv(Duration.ofSeconds(5))).extracting(f -> new String(f, StandardCharsets.US_ASCII))
                    .containsExactly("FETCH", "0", "1000");
            bad.send(ascii("CHUNK"), ascii("zero"), ascii("xx"));
            assertThat(bad.recv(Duration.ofSeconds(5))).extracting(f -> new String(f, StandardCharsets.US_ASCII))
                    .containsExactly("FETCH", "0", "1000");
            bad.send(ascii("CHUNK"), ascii("0"));
            assertThat(bad.recv(Duration.ofSeconds(5))).isNotNull();
            bad.send(ascii("CHUNK"), ascii("0"), content);
            assertThat(bad.recv(Duration.ofSeconds(5))).extracting(f -> new String(f, StandardCharsets.US_ASCII))
                    .containsExactly("DONE");
        }
        // five malformed frames and one HELLO nobody expected; the stray CHUNK is normal and not counted
        assertThat(rig.context.rejections()).containsEntry("file_juggler_files", 6L);
        assertThat(fs.verify(2, "foo")).isTrue();
        assertThat(receiver.isAlive()).isTrue();
    }

    @Test
    void badRequestsOnTheFsQueueAreAnsweredWithErrors() throws Exception {
        FileState unsafe = TestVectors.wheel("foo-0.1-py3-none-any.whl", new byte[1]);
        FileState renamed = new FileState("../evil.whl", 1, unsafe.filehash(), "foo", "0.1", "py3", "none", "any",
                null, unsafe.dependencies(), "/simple");
        assertThatThrownBy(() -> fs.expect(1, renamed)).isInstanceOf(RpcException.class);
        FileState huge = new FileState("foo-0.1-py3-none-any.whl", Long.MAX_VALUE / 2, unsafe.filehash(), "foo",
                "0.1", "py3", "none", "any", null, unsafe.dependencies(), "/simple");
        assertThatThrownBy(() -> fs.expect(1, huge)).isInstanceOf(RpcException.class)
                .hasMessageContaining("not enough space");
        assertThat(output.resolve("simple")).doesNotExist();
        try (RawSocket req = rig.transport.raw(SocketType.REQ)) {
            req.connect(rig.context.config().fsQueue());
            req.send(new byte[] {(byte) 0x82, 0x01});
            List<byte[]> reply = req.recv(Duration.ofSeconds(5));
            assertThat(FsProtocol.CLIENT.decode(reply.get(0))).isInstanceOf(FsProtocol.Error.class);
        }
        assertThat(rig.context.rejections()).containsEntry("file_juggler_fs", 1L);
    }

    @Test
    void aSecondConcurrentImportIsRefusedClearly() throws Exception {
        byte[] content = TestVectors.content(1000, 10);
        fs.expect(0, TestVectors.wheel("foo-0.1-py3-none-any.whl", content));
        assertThatThrownBy(() -> fs.expect(0, TestVectors.wheel("bar-0.1-py3-none-any.whl", content)))
                .isInstanceOf(RpcException.class).hasMessageContaining("another import");
        assertThat(upload(0, content)).isEqualTo(new Done());
        assertThat(fs.verify(0, "foo")).isTrue();
    }

    @Test
    void unfinishedUploadsAreRemovedOnShutdown() throws Exception {
        fs.expect(3, TestVectors.wheel("foo-0.1-py3-none-any.whl", new byte[5000]));
        assertThat(names(output.resolve("simple"))).hasSize(1);
        rig.stop(receiver);
        assertThat(names(output.resolve("simple"))).isEmpty();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
