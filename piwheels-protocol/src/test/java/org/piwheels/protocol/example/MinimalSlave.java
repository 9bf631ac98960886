package org.piwheels.protocol.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Busy;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Bye;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

import static org.piwheels.protocol.messages.SlaveDriverProtocol.SLAVE;
import static org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;

/** A complete, minimal build slave: it asks for work, "builds" with a Builder, and uploads the wheels. */
public final class MinimalSlave {
    /** Turns a package version into a build result whose files lie in {@code dir}. */
    public interface Builder {
        BuildResult build(String packageName, String version, Path dir) throws Exception;
    }

    private final String host;
    private final int slavePort;
    private final int filePort;
    private final Builder builder;
    private final Path dir;

    public MinimalSlave(String host, int slavePort, int filePort, Builder builder, Path dir) {
        this.host = host;
        this.slavePort = slavePort;
        this.filePort = filePort;
        this.builder = builder;
        this.dir = dir;
    }

    /** Talks to the master until it says DIE. */
    public void run() throws Exception {
        try (Transport transport = new Transport();
             MessageSocket<SlaveRequest, MasterReply> master = transport.socket(SocketType.REQ, SLAVE)) {
            master.connect("tcp://" + host + ":" + slavePort);
            SlaveHello hello = new SlaveHello(Duration.ofHours(3), Duration.ofMinutes(5), "311", "cp311",
                    "linux_x86_64", "minimal-slave", "Linux", "", "unknown", "unknown");
            MasterReply reply = ask(master, new Hello(hello));
            long slaveId = ((Ack) reply).slaveId();
            BuildResult result = null;
            reply = ask(master, new Idle(stats()));
            while (!(reply instanceof Die)) {
                if (reply instanceof Sleep) {
                    Thread.sleep(100); // a real slave waits 5-10 s
                    reply = ask(master, new Idle(stats()));
                } else if (reply instanceof Build) {
                    Build b = (Build) reply;
                    result = builder.build(b.packageName(), b.version(), dir); // a real slave builds in the background
                    reply = ask(master, new Busy(stats()));
                } else if (reply instanceof Cont) {
                    reply = ask(master, new Built(result));
                } else if (reply instanceof Send) {
                    upload(transport, slaveId, dir.resolve(((Send) reply).filename()));
                    reply = ask(master, new Sent());
                } else if (reply instanceof Done) {
                    result = null;
                    reply = ask(master, new Idle(stats()));
                } else {
                    throw new IllegalStateException("unexpected reply " + reply);
                }
            }
            master.send(new Bye());
        }
    }

    private static MasterReply ask(MessageSocket<SlaveRequest, MasterReply> master, SlaveRequest request)
            throws ProtocolException {
        master.send(request);
        MasterReply reply = master.recv(Duration.ofMinutes(5));
        if (reply == null) {
            throw new IllegalStateException("the master did not answer");
        }
        return reply;
    }

    /** Serves the master's FETCHes from the file until it says DONE. */
    private void upload(Transport transport, long slaveId, Path file) throws Exception {
        byte[] content = Files.readAllBytes(file);
        try (FileTransferDealer dealer = transport.fileDealer()) {
            dealer.connect("tcp://" + host + ":" + filePort);
            dealer.send(new FileTransferProtocol.Hello(slaveId));
            while (true) {
                FileTransferProtocol.ReceiverMessage m = dealer.recv(Duration.ofSeconds(5));
                if (m == null) {
                    dealer.send(new FileTransferProtocol.Hello(slaveId)); // the master may have missed it
                } else if (m instanceof FileTransferProtocol.Fetch) {
                    FileTransferProtocol.Fetch f = (FileTransferProtocol.Fetch) m;
                    byte[] chunk = java.util.Arrays.copyOfRange(content, (int) f.offset(), (int) (f.offset() + f.length()));
                    dealer.send(new FileTransferProtocol.Chunk(f.offset(), chunk));
                } else {
                    return; // DONE
                }
            }
        }
    }

    private static SlaveStats stats() {
        return new SlaveStats(Instant.now(), 0, 0, 0, 0, 0, 0, 0.0, 0.0);
    }

    /** Describes a wheel file for BUILT. */
    public static FileState describe(Path wheel, String sha256) throws Exception {
        String name = wheel.getFileName().toString();
        String[] tags = name.substring(0, name.length() - 4).split("-");
        return new FileState(name, Files.size(wheel), sha256, tags[0], tags[1], tags[tags.length - 3],
                tags[tags.length - 2], tags[tags.length - 1], null,
                Map.of("apt", java.util.List.of(), "pip", java.util.List.of()), "/simple");
    }
}
