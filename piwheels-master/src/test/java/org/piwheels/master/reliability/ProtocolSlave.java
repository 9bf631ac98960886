package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/** A slave that speaks the protocol message by message, so a test can make it misbehave at any step. */
final class ProtocolSlave implements AutoCloseable {
    static final SlaveHello HELLO = new SlaveHello(Duration.ofHours(3), Duration.ofMinutes(5), "311", "cp311",
            "linux_armv7l", "hostile", "Raspbian GNU/Linux", "11 (bullseye)", "c03111", "6f9a3c21");

    private final Transport transport;
    private final String fileQueue;
    private final MessageSocket<SlaveRequest, MasterReply> socket;

    ProtocolSlave(Transport transport, LiveMaster master) {
        this(transport, master.config.slaveQueue(), master.config.fileQueue());
    }

    /** A slave of the master at these queues (also used in a process of its own, {@link KillableSlave}). */
    ProtocolSlave(Transport transport, String slaveQueue, String fileQueue) {
        this.transport = transport;
        this.fileQueue = fileQueue;
        socket = transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE);
        socket.connect(slaveQueue);
    }

    /** @return {@link #HELLO} with another busy timeout: how long the master waits for word from the slave */
    static SlaveHello helloWithBusyTimeout(Duration busyTimeout) {
        return new SlaveHello(HELLO.buildTimeout(), busyTimeout, HELLO.nativePyVersion(), HELLO.nativeAbi(),
                HELLO.nativePlatform(), HELLO.label(), HELLO.osName(), HELLO.osVersion(), HELLO.boardRevision(),
                HELLO.boardSerial());
    }

    MasterReply ask(SlaveRequest request) throws Exception {
        socket.send(request);
        MasterReply reply = socket.recv(Duration.ofSeconds(20));
        assertThat(reply).as("reply to %s", request).isNotNull();
        return reply;
    }

    /** @return the id the master gave */
    long hello() throws Exception {
        return hello(HELLO);
    }

    /** @return the id the master gave */
    long hello(SlaveHello hello) throws Exception {
        MasterReply r = ask(new Hello(hello));
        assertThat(r).isInstanceOf(Ack.class);
        return ((Ack) r).slaveId();
    }

    static Idle idle() {
        return new Idle(new SlaveStats(Instant.now(), 100, 50, 10, 5, 2, 1, 0.5, 48.0));
    }

    /** Asks for work until the planner's queue gives some (it runs at start, not at once). */
    Build awaitBuild() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            MasterReply r = ask(idle());
            if (r instanceof Build b) {
                return b;
            }
            assertThat(r).isInstanceOf(Sleep.class);
            assertThat(System.nanoTime()).as("a build within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static Built built(FileState... files) {
        return new Built(new BuildResult(true, Duration.ofSeconds(3), "built by a test", List.of(files)));
    }

    /** @return a well-formed pure-Python wheel record of the given package 1.0 with this content */
    static FileState wheel(String pkg, byte[] content) {
        return file(pkg + "-1.0-py3-none-any.whl", pkg, content.length, sha256(content));
    }

    static FileState file(String name, String pkg, long size, String hash) {
        return new FileState(name, size, hash, pkg, "1.0", "py3", "none", "any", ">=3", Map.of("pip", List.of()),
                "/simple");
    }

    /** Uploads like a good slave: answers every FETCH from {@code content}; returns the final message. */
    ReceiverMessage upload(long slaveId, byte[] content) throws Exception {
        try (FileTransferDealer dealer = transport.fileDealer()) {
            dealer.connect(fileQueue);
            dealer.send(new FileTransferProtocol.Hello(slaveId));
            while (true) {
                ReceiverMessage m = dealer.recv(Duration.ofSeconds(20));
                if (!(m instanceof Fetch f)) {
                    return m;
                }
                int end = (int) Math.min(content.length, f.offset() + f.length());
                dealer.send(new Chunk(f.offset(), Arrays.copyOfRange(content, (int) f.offset(), end)));
            }
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        socket.close();
    }
}
