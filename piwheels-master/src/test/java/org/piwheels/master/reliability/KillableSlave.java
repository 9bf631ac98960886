package org.piwheels.master.reliability;

import java.time.Duration;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.Transport;

/**
 * A {@link ProtocolSlave} in a process of its own, for tests that SIGKILL it: it says
 * HELLO with a short busy timeout, takes a build and then freezes, either while
 * "building" ({@code build}, saying BUSY every 2 s as piw-slave does) or after answering two FETCHes of a 4 MiB wheel
 * ({@code transfer}), printing {@code BUILDING <pkg>} or {@code TRANSFERRING <pkg>}
 * when it gets there.
 *
 * <p>Arguments: slave queue, file queue, mode, busy timeout in seconds.
 */
public final class KillableSlave {
    static final int WHEEL_SIZE = 4 << 20;

    private KillableSlave() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[2];
        Transport transport = new Transport();
        ProtocolSlave slave = new ProtocolSlave(transport, args[0], args[1]);
        long id = slave.hello(ProtocolSlave.helloWithBusyTimeout(Duration.ofSeconds(Long.parseLong(args[3]))));
        Build build = slave.awaitBuild();
        if (mode.equals("build")) {
            say("BUILDING " + build.packageName());
            // a building slave says BUSY now and then, as piw-slave does, until it is killed
            while (true) {
                slave.ask(new SlaveDriverProtocol.Busy(ProtocolSlave.idle().stats()));
                Thread.sleep(2000);
            }
        }
        byte[] content = ProtocolSlave.content(WHEEL_SIZE, 7);
        FileState wheel = ProtocolSlave.wheel(build.packageName(), content);
        MasterReply send = slave.ask(ProtocolSlave.built(wheel));
        if (!(send instanceof Send)) {
            throw new IllegalStateException("expected SEND, got " + send);
        }
        FileTransferDealer dealer = transport.fileDealer();
        dealer.connect(args[1]);
        dealer.send(new FileTransferProtocol.Hello(id));
        int answered = 0;
        while (answered < 2) {
            if (dealer.recv(Duration.ofSeconds(60)) instanceof Fetch f) {
                int end = (int) Math.min(content.length, f.offset() + f.length());
                dealer.send(new Chunk(f.offset(), java.util.Arrays.copyOfRange(content, (int) f.offset(), end)));
                answered++;
            }
        }
        say("TRANSFERRING " + build.packageName());
        freeze();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void freeze() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
