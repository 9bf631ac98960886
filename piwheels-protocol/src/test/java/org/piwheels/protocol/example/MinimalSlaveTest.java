package org.piwheels.protocol.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.testing.DocSnippets;
import org.piwheels.testing.JavaExcerpt;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.Transport;

/**
 * Runs the documented minimal slave against a scripted master on loopback, and checks
 * that docs/protocol-library.md shows exactly this source.
 */
class MinimalSlaveTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void buildsUploadsAndStopsOnDie(@TempDir Path dir) throws Exception {
        byte[] wheel = "not really a zip, but bytes are bytes".repeat(5000).getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wheel));
        String name = "foo-1.0-cp311-cp311-linux_x86_64.whl";

        try (Transport transport = new Transport();
             var master = transport.router(SlaveDriverProtocol.MASTER);
             var files = transport.fileRouter()) {
            int slavePort = master.bindToRandomPort("tcp://127.0.0.1");
            int filePort = files.bindToRandomPort("tcp://127.0.0.1");
            MinimalSlave slave = new MinimalSlave("127.0.0.1", slavePort, filePort, (pkg, ver, out) -> {
                Files.write(out.resolve(name), wheel);
                return new BuildResult(true, Duration.ofSeconds(3), "built " + pkg + " " + ver,
                        List.of(MinimalSlave.describe(out.resolve(name), sha)));
            }, dir);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    slave.run();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });

            List<String> seen = new ArrayList<>();
            Addressed<SlaveRequest> req = master.recv(WAIT);
            seen.add(req.message().getClass().getSimpleName());
            master.send(req.identity(), new SlaveDriverProtocol.Ack(1, "https://pypi.org/simple"));
            req = master.recv(WAIT);
            seen.add(req.message().getClass().getSimpleName());
            master.send(req.identity(), new SlaveDriverProtocol.Build("foo", "1.0"));
            req = master.recv(WAIT);
            seen.add(req.message().getClass().getSimpleName());
            master.send(req.identity(), new SlaveDriverProtocol.Cont());
            req = master.recv(WAIT);
            SlaveDriverProtocol.Built built = (SlaveDriverProtocol.Built) req.message();
            assertThat(built.result().files()).extracting(f -> f.filename()).containsExactly(name);
            master.send(req.identity(), new SlaveDriverProtocol.Send(name));

            // receive the file the way the master's file queue does
            var hello = files.recv(WAIT);
            assertThat(hello.message()).isEqualTo(new FileTransferProtocol.Hello(1));
            byte[] received = new byte[wheel.length];
            for (long off = 0; off < wheel.length; off += FileTransferProtocol.CHUNK_SIZE) {
                files.send(hello.identity(), new FileTransferProtocol.Fetch(off,
                        Math.min(FileTransferProtocol.CHUNK_SIZE, wheel.length - off)));
                // the slave repeats HELLO after 5 s without a FETCH (a loaded machine can be that slow)
                FileTransferProtocol.SenderMessage m;
                do {
                    m = files.recv(WAIT).message();
                } while (m instanceof FileTransferProtocol.Hello);
                var chunk = (FileTransferProtocol.Chunk) m;
                System.arraycopy(chunk.data(), 0, received, (int) chunk.offset(), chunk.data().length);
            }
            files.send(hello.identity(), new FileTransferProtocol.Done());
            assertThat(received).isEqualTo(wheel);

            req = master.recv(WAIT);
            seen.add(req.message().getClass().getSimpleName());
            master.send(req.identity(), new SlaveDriverProtocol.Done());
            req = master.recv(WAIT);
            seen.add(req.message().getClass().getSimpleName());
            master.send(req.identity(), new SlaveDriverProtocol.Die());
            req = master.recv(WAIT);
            seen.add(req.message().getClass().getSimpleName());

            running.get(10, TimeUnit.SECONDS);
            assertThat(seen).containsExactly("Hello", "Idle", "Busy", "Sent", "Idle", "Bye");
        }
    }

    @Test
    void documentationShowsThisExample() throws Exception {
        Path source = Path.of("").toAbsolutePath().resolve("src/test/java/org/piwheels/protocol/example/MinimalSlave.java");
        assertThat(DocSnippets.text("protocol-library/minimal-slave")).isEqualTo(Files.readString(source));
    }

    @Test
    void documentationsHelloExcerptCompiles() {
        String excerpt = DocSnippets.text("protocol-library/hello-excerpt");
        String wrapper = """
                import java.time.Duration;
                import org.piwheels.protocol.messages.SlaveDriverProtocol;
                import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
                import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
                import org.piwheels.protocol.records.SlaveHello;
                import org.piwheels.protocol.transport.MessageSocket;
                import org.piwheels.protocol.transport.Transport;
                import org.zeromq.SocketType;

                class HelloExcerpt {
                    static void excerpt(SlaveHello hello) throws Exception {
                """ + excerpt + """
                    }
                }
                """;
        assertThat(JavaExcerpt.compile("HelloExcerpt", wrapper)).isEmpty();
    }
}
