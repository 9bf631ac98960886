package org.piwheels.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.ExitCodes;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.tools.testing.Stderr;
import org.zeromq.SocketType;

/** piw-loadgen fails loudly (exit 1, the reason printed and in the JSON) when the master breaks the protocol. */
class PiwLoadgenBadMasterTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    private final Transport transport = new Transport();

    @AfterEach
    void close() {
        transport.close();
        LoggingReset.reset();
    }

    /** A ROUTER that answers each request (its payload) with what {@code answer} makes of it. */
    private int scriptedMaster(Function<byte[], byte[]> answer) {
        RawSocket router = transport.raw(SocketType.ROUTER);
        int port = router.bindToRandomPort("tcp://127.0.0.1");
        Thread t = new Thread(() -> {
            try {
                while (!router.isClosed()) {
                    List<byte[]> frames = router.recv(Duration.ofMillis(200));
                    if (frames != null && frames.size() == 3) {
                        router.send(frames.get(0), frames.get(1), answer.apply(frames.get(2)));
                    }
                }
            } catch (RuntimeException closed) {
                // the transport was closed under the loop at the end of the test
            }
        }, "bad-master");
        t.setDaemon(true);
        t.start();
        return port;
    }

    private int loadgen(int port, ByteArrayOutputStream out, Path json) {
        return PiwLoadgen.run(new PiwLoadgen(new PrintStream(out, true, StandardCharsets.UTF_8)), List.of(),
                "--slave-port", Integer.toString(port), "--file-port", "9", "--slaves", "2",
                "--warmup", "0s", "--duration", "20s", "--reply-timeout", "10s", "-o", json.toString());
    }

    @Test
    void malformedReplyFailsTheRun() throws Exception {
        int port = scriptedMaster(request -> new byte[] {(byte) 0x82, 0x63, 'A', 'C', 'K'}); // an array missing its data
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path json = dir.resolve("r.json");
        long start = System.nanoTime();
        int status = loadgen(port, out, json);
        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(stderr.text()).contains("the master sent an invalid message").contains("slave_driver");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAILED");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("failure").asText()).contains("invalid message");
    }

    @Test
    void replyTheProtocolDoesNotAllowFailsTheRun() throws Exception {
        // ACK to HELLO, then SEND to IDLE (a master may only answer IDLE with SLEEP, BUILD or DIE)
        int port = scriptedMaster(request -> {
            try {
                return SlaveDriverProtocol.MASTER.decode(request) instanceof SlaveDriverProtocol.Hello
                        ? SlaveDriverProtocol.MASTER.encode(new SlaveDriverProtocol.Ack(1, "https://pypi.org/simple"))
                        : SlaveDriverProtocol.MASTER.encode(new SlaveDriverProtocol.Send("x-1.0-py3-none-any.whl"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path json = dir.resolve("r.json");
        int status = loadgen(port, out, json);
        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr.text()).contains("answered IDLE with SEND");
    }

    @Test
    void silentMasterFailsTheRun() throws Exception {
        RawSocket router = transport.raw(SocketType.ROUTER);
        int port = router.bindToRandomPort("tcp://127.0.0.1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path json = dir.resolve("r.json");
        int status = PiwLoadgen.run(new PiwLoadgen(new PrintStream(out, true, StandardCharsets.UTF_8)), List.of(),
                "--slave-port", Integer.toString(port), "--slaves", "1", "--warmup", "0s", "--duration", "20s",
                "--reply-timeout", "2s", "-o", json.toString());
        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr.text()).contains("no reply to HELLO within 2 s");
    }
}
