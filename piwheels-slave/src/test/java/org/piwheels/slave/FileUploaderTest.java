package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/** The upload client against a raw ROUTER on loopback (protocol §7.2, components §19.9 item 106). */
class FileUploaderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void answersFetchesIgnoresNoiseAndSaysHelloAgainAfterSilence(@TempDir Path dir) throws Exception {
        byte[] content = new byte[150_000];
        new java.util.Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("foo-1.0-py3-none-any.whl"), content);
        try (Transport transport = new Transport(); RawSocket router = transport.raw(SocketType.ROUTER)) {
            router.zmq().setHandshakeIvl(2000); // see Handshakes
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            FileUploader uploader = new FileUploader(transport, "tcp://127.0.0.1:" + port, Duration.ofMillis(300), WAIT);
            CompletableFuture<FileUploader.Outcome> done = CompletableFuture.supplyAsync(() -> {
                try {
                    return uploader.upload(42, file, () -> false);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            List<byte[]> hello = router.recv(WAIT);
            assertThat(hello.subList(1, 3)).extracting(FileUploaderTest::text).containsExactly("HELLO", "42");
            byte[] id = hello.get(0);
            // silence: the client says HELLO again
            List<byte[]> again = router.recv(WAIT);
            assertThat(text(again.get(1))).isEqualTo("HELLO");

            router.send(id, ascii("FOO"), ascii("BAR"));
            router.send(id, ascii("FETCH"), ascii("65536"), ascii("65536"));
            router.send(id, ascii("FETCH"), ascii("0"), ascii(Integer.toString(content.length)));
            router.send(id, ascii("FETCH"), ascii("131072"), ascii("65536"));
            List<byte[]> c1 = nextChunk(router);
            assertThat(text(c1.get(2))).isEqualTo("65536");
            assertThat(c1.get(3)).isEqualTo(Arrays.copyOfRange(content, 65536, 131072));
            List<byte[]> c2 = nextChunk(router);
            assertThat(text(c2.get(2))).isEqualTo("0");
            assertThat(c2.get(3)).isEqualTo(content);
            List<byte[]> c3 = nextChunk(router);
            assertThat(c3.get(3)).isEqualTo(Arrays.copyOfRange(content, 131072, content.length));
            router.send(id, ascii("DONE"));
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(FileUploader.Outcome.DONE);
        }
    }

    /** The next CHUNK, skipping repeated HELLOs. */
    private static List<byte[]> nextChunk(RawSocket router) {
        while (true) {
            List<byte[]> m = router.recv(WAIT);
            assertThat(m).isNotNull();
            if (text(m.get(1)).equals("CHUNK")) {
                return m;
            }
        }
    }

    @Test
    void aStopRequestAbandonsTheUpload(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f.whl"), new byte[10]);
        try (Transport transport = new Transport(); RawSocket router = transport.raw(SocketType.ROUTER)) {
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            FileUploader uploader = new FileUploader(transport, "tcp://127.0.0.1:" + port, Duration.ofMillis(300), WAIT);
            assertThat(uploader.upload(1, file, () -> true)).isEqualTo(FileUploader.Outcome.STOPPED);
        }
    }

    @Test
    void aMasterThatNeverAnswersIsGivenUpAfterTheMasterTimeout(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("f.whl"), new byte[10]);
        try (Transport transport = new Transport(); RawSocket router = transport.raw(SocketType.ROUTER)) {
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            // a restarted master: it hears the HELLOs but knows nothing of the transfer
            FileUploader uploader = new FileUploader(transport, "tcp://127.0.0.1:" + port, Duration.ofMillis(200),
                    Duration.ofSeconds(1));
            long start = System.nanoTime();
            assertThat(uploader.upload(7, file, () -> false)).isEqualTo(FileUploader.Outcome.MASTER_SILENT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(router.recv(WAIT)).as("it did say HELLO").isNotNull();
        }
    }
}
