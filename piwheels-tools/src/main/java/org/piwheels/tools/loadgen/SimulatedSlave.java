package org.piwheels.tools.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
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
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * One simulated build slave: HELLO, then IDLE until it is given a BUILD, BUSY until the
 * simulated build time is over, BUILT with a generated wheel, serves the master's
 * FETCHes on the file queue, SENT, and round again until the run stops (then BYE).
 * Every reply is timed; any reply the protocol does not allow at that point, an
 * undecodable one, or silence beyond the reply timeout fails the whole run.
 */
final class SimulatedSlave implements Runnable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FILE_HELLO_AGAIN = Duration.ofSeconds(5);

    private final int number;
    private final Transport transport;
    private final SlaveSettings settings;
    private final WheelMaker wheels;
    private final LoadStats stats;
    private final RunControl control;
    private final Consumer<String> published;
    private long slaveId;

    /**
     * @param published told the file name of every wheel the master accepted (for access-log traffic)
     */
    SimulatedSlave(int number, Transport transport, SlaveSettings settings, WheelMaker wheels, LoadStats stats,
                   RunControl control, Consumer<String> published) {
        this.number = number;
        this.transport = transport;
        this.settings = settings;
        this.wheels = wheels;
        this.stats = stats;
        this.control = control;
        this.published = published;
    }

    @Override
    public void run() {
        try (MessageSocket<SlaveRequest, MasterReply> master = transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE)) {
            master.connect("tcp://" + settings.host() + ":" + settings.slavePort());
            MasterReply reply = ask(master, new Hello(hello()));
            if (!(reply instanceof Ack ack)) {
                throw unexpected("HELLO", reply);
            }
            slaveId = ack.slaveId();
            while (!control.stopping()) {
                reply = ask(master, new Idle(stats()));
                if (reply instanceof Sleep) {
                    stats.sleeps.increment();
                    pause(settings.sleepTime());
                } else if (reply instanceof Build b) {
                    build(master, b);
                } else {
                    throw unexpected("IDLE", reply);
                }
            }
            if (control.failure() == null) {
                master.send(new Bye());
            }
        } catch (ProtocolViolation e) {
            control.fail("slave " + number + ": " + e.getMessage());
        } catch (ProtocolException e) {
            control.fail("slave " + number + ": the master sent an invalid message: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            control.fail("slave " + number + ": " + e);
        }
    }

    private void build(MessageSocket<SlaveRequest, MasterReply> master, Build build)
            throws ProtocolViolation, ProtocolException, InterruptedException {
        long started = System.nanoTime();
        GeneratedWheel wheel = wheels.make(build.packageName(), build.version());
        MasterReply reply = ask(master, new Busy(stats()));
        while (true) {
            if (reply instanceof Done) {
                stats.error("build discarded while busy (DONE to BUSY)");
                return;
            }
            if (!(reply instanceof Cont)) {
                throw unexpected("BUSY", reply);
            }
            long remaining = settings.buildTime().toNanos() - (System.nanoTime() - started);
            if (remaining <= 0) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(remaining, settings.busyInterval().toNanos()) / 1_000_000));
            reply = ask(master, new Busy(stats()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        BuildResult result = new BuildResult(true, took, "piw-loadgen: simulated build of " + build.packageName()
                + " " + build.version() + "\n", List.of(wheel.state()));
        reply = ask(master, new Built(result));
        String last = "BUILT";
        int sends = 0;
        long uploadStarted = 0;
        while (!(reply instanceof Done)) {
            if (!(reply instanceof Send send)) {
                throw unexpected(last, reply);
            }
            if (!send.filename().equals(wheel.filename())) {
                throw new ProtocolViolation("the master asked for " + send.filename()
                        + ", which is not a file of the build (" + wheel.filename() + ")");
            }
            if (sends++ > 0) {
                stats.error("file asked for again (it did not verify)");
            }
            uploadStarted = System.nanoTime();
            upload(wheel);
            reply = ask(master, new Sent());
            last = "SENT";
        }
        if (last.equals("BUILT")) {
            stats.error("build discarded (DONE to BUILT)");
        } else {
            stats.published(wheel.content().length, System.nanoTime() - uploadStarted);
            stats.builds.increment();
            published.accept(wheel.filename());
        }
    }

    /** Serves the master's FETCHes until it says DONE, on a fresh DEALER (spec §7.2). */
    private void upload(GeneratedWheel wheel) throws ProtocolViolation, ProtocolException {
        byte[] content = wheel.content();
        // as a slave sends slices of its mapped wheel file: never copied again on the way out
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(content.length).put(content).flip();
        long started = System.nanoTime();
        try (FileTransferDealer dealer = transport.fileDealer()) {
            dealer.connect("tcp://" + settings.host() + ":" + settings.filePort());
            dealer.send(new FileTransferProtocol.Hello(slaveId));
            long silentSince = System.nanoTime();
            long helloSent = silentSince;
            while (true) {
                FileTransferProtocol.ReceiverMessage m = dealer.recv(POLL);
                if (m == null) {
                    if (control.failure() != null) {
                        throw new ProtocolViolation("abandoning a transfer: the run failed");
                    }
                    if (System.nanoTime() - silentSince > settings.replyTimeout().toNanos()) {
                        throw new ProtocolViolation("the master's file queue was silent for "
                                + settings.replyTimeout().toSeconds() + " s during the transfer of " + wheel.filename());
                    }
                    if (System.nanoTime() - Math.max(silentSince, helloSent) > FILE_HELLO_AGAIN.toNanos()) {
                        dealer.send(new FileTransferProtocol.Hello(slaveId)); // the master may have missed it
                        helloSent = System.nanoTime();
                    }
                    continue;
                }
                silentSince = System.nanoTime();
                if (m instanceof FileTransferProtocol.Fetch f) {
                    if (f.offset() < 0 || f.length() <= 0 || f.offset() >= content.length) {
                        throw new ProtocolViolation("the master fetched bytes " + f.offset() + "+" + f.length()
                                + " of " + wheel.filename() + ", which has " + content.length);
                    }
                    int end = (int) Math.min(content.length, f.offset() + f.length());
                    dealer.sendChunk(f.offset(), direct.slice((int) f.offset(), end - (int) f.offset()));
                } else {
                    break; // DONE
                }
            }
        }
        stats.transfer(content.length, System.nanoTime() - started);
    }

    private MasterReply ask(MessageSocket<SlaveRequest, MasterReply> master, SlaveRequest request)
            throws ProtocolViolation, ProtocolException {
        String action = SlaveDriverProtocol.SLAVE.actionOf(request);
        long sent = System.nanoTime();
        master.send(request);
        long deadline = sent + settings.replyTimeout().toNanos();
        while (true) {
            MasterReply reply = master.recv(POLL);
            if (reply != null) {
                stats.reply(action, System.nanoTime() - sent);
                if (reply instanceof Die) {
                    throw new ProtocolViolation("the master answered " + action + " with DIE");
                }
                return reply;
            }
            if (control.failure() != null) {
                throw new ProtocolViolation("abandoned waiting for the reply to " + action + ": the run failed");
            }
            if (System.nanoTime() > deadline) {
                throw new ProtocolViolation("no reply to " + action + " within " + settings.replyTimeout().toSeconds() + " s");
            }
        }
    }

    private ProtocolViolation unexpected(String request, MasterReply reply) {
        return new ProtocolViolation("the master answered " + request + " with "
                + SlaveDriverProtocol.MASTER.actionOf(reply) + ", which the protocol does not allow there");
    }

    private void pause(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!control.stopping()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
    }

    private SlaveHello hello() {
        return new SlaveHello(Duration.ofHours(3), Duration.ofMinutes(5),
                settings.abi().replaceAll("\\D", ""), settings.abi(), settings.platform(),
                "loadgen-" + number, "Linux", "", "unknown", "unknown");
    }

    private static SlaveStats stats() {
        return new SlaveStats(Instant.now(), 0, 0, 0, 0, 0, 0, 0.0, 0.0);
    }
}
