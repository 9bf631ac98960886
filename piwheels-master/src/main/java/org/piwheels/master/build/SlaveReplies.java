package org.piwheels.master.build;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
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
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.records.FileState;
import org.slf4j.Logger;

/**
 * The slave driver's reply table (spec protocol.md §7.1.3, components §5.8), first
 * matching row wins. It reads and updates the slave's state and the build queues
 * but does no I/O: what needs the file receiver, the database or the web writer is
 * returned as an {@link Outcome} for the task to carry out.
 */
final class SlaveReplies {
    /** Counted in the master's rejection statistics: a BUILT, SENT or IDLE out of turn. */
    static final String PROTOCOL_ERRORS = "slave_protocol_errors";
    /** Counted: a build refused for its file names (unsafe, another package's, inconsistent). */
    static final String REJECTED_BUILDS = "slave_rejected_builds";
    /** Counted: a transferred file whose content does not match the hash its slave reported. */
    static final String BAD_HASHES = "slave_bad_hashes";

    private final BuildQueues queues;
    private final String indexUrl;
    private final Logger log;
    private final java.util.function.Consumer<String> rejected;

    /**
     * @param queues the build queues @param indexUrl the {@code --pypi-simple} URL for ACK @param log the task's logger
     * @param rejected counts a rejection under one of this class's names
     */
    SlaveReplies(BuildQueues queues, String indexUrl, Logger log, java.util.function.Consumer<String> rejected) {
        this.queues = queues;
        this.indexUrl = indexUrl;
        this.log = log;
        this.rejected = rejected;
    }

    /**
     * Decides what to do about a request already recorded on the slave's state.
     *
     * @param masterPaused whether the slave driver is paused
     */
    Outcome decide(SlaveState slave, SlaveRequest request, boolean masterPaused, Instant now) {
        if (request instanceof Hello h) {
            int hellos = slave.helloAgain();
            if (hellos > 1) {
                // a slave says HELLO once per connection; a flood is logged at 2, 10, 100, 1000, ... so it is seen
                // without drowning the log
                if (hellos == 2 || isPowerOfTen(hellos)) {
                    log.warn("{}: HELLO again on the same connection ({} so far); same id, nothing else changes",
                            slave.label(), hellos);
                }
                return reply(new Ack(slave.id(), indexUrl));
            }
            log.warn("{}: hello (build_timeout={}, busy_timeout={}, abi={}, platform={}, os_name={}, os_version={},"
                            + " board_revision={}, board_serial={})", slave.label(), h.hello().buildTimeout(),
                    h.hello().busyTimeout(), h.hello().nativeAbi(), h.hello().nativePlatform(), h.hello().osName(),
                    h.hello().osVersion(), h.hello().boardRevision(), h.hello().boardSerial());
            return reply(new Ack(slave.id(), indexUrl));
        } else if (request instanceof Bye) {
            log.warn("{}: shutdown", slave.label());
            return new Outcome.Silence();
        } else if (request instanceof Idle) {
            return idle(slave, masterPaused, now);
        } else if (request instanceof Busy) {
            return reply(slave.skipped() ? new Done() : new Cont());
        } else if (request instanceof Built) {
            return built(slave);
        }
        return sent(slave);
    }

    private Outcome idle(SlaveState slave, boolean masterPaused, Instant now) {
        MasterReply last = slave.lastReply();
        if (!(last instanceof Ack || last instanceof Sleep || last instanceof Done)) {
            return protocolError(slave, "IDLE");
        }
        if (slave.killed()) {
            return reply(new Die());
        }
        if (masterPaused || slave.paused()) {
            return reply(new Sleep(true));
        }
        String abi = slave.hello().nativeAbi();
        BuildRequest next = queues.next(abi, now);
        if (next != null) {
            // reserved for as long as the slave may take, so no other slave gets it meanwhile
            queues.exclude(abi, next.packageName(), next.version(), plus(now, slave.hello().buildTimeout()));
            return reply(new Build(next.packageName(), next.version()));
        }
        return reply(new Sleep(false));
    }

    private Outcome built(SlaveState slave) {
        if (!(slave.lastReply() instanceof Build) || slave.build() == null) {
            return protocolError(slave, "BUILT");
        }
        SlaveBuild build = slave.build();
        if (slave.skipped()) {
            log.info("{}: discarding skipped build of {} {}", slave.label(), build.packageName(), build.version());
            return reply(new Done());
        }
        if (build.rejection() != null) {
            rejected.accept(REJECTED_BUILDS);
        }
        FileState next = build.nextFile();
        if (build.status() && next != null) {
            log.info("{}: build succeeded: {} {}", slave.label(), build.packageName(), build.version());
            return new Outcome.SendFile(next);
        }
        log.info("{}: build failed: {} {}", slave.label(), build.packageName(), build.version());
        return new Outcome.RecordBuild(false);
    }

    private Outcome sent(SlaveState slave) {
        if (!(slave.lastReply() instanceof Send send) || slave.build() == null) {
            return protocolError(slave, "SENT");
        }
        FileState file = slave.build().state().files().stream()
                .filter(f -> f.filename().equals(send.filename())).findFirst().orElse(null);
        if (file == null) {
            return protocolError(slave, "SENT");
        }
        return new Outcome.VerifyFile(file);
    }

    /** The second half of SENT, once the file receiver has said whether the file verified. */
    Outcome afterVerify(SlaveState slave, FileState file, boolean verified) {
        SlaveBuild build = slave.build();
        if (!verified) {
            rejected.accept(BAD_HASHES);
            if (build.verifyFailed(file.filename()) >= SlaveBuild.MAX_VERIFY_FAILURES) {
                // a slave whose file never matches what it reported is broken or lying; its build stays
                // reserved until its timeout and then goes to another slave
                log.error("{}: {} failed verification {} times; telling the slave to die", slave.label(),
                        file.filename(), SlaveBuild.MAX_VERIFY_FAILURES);
                return reply(new Die());
            }
            log.warn("{}: verification failed for {}, asking again", slave.label(), file.filename());
            return new Outcome.SendFile(file);
        }
        build.transferred(file.filename());
        FileState next = build.nextFile();
        return next == null ? new Outcome.RecordBuild(true) : new Outcome.SendFile(next);
    }

    private static boolean isPowerOfTen(int n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    private Outcome protocolError(SlaveState slave, String action) {
        String last = slave.lastReply() == null ? "nothing" : slave.lastReply().getClass().getSimpleName().toUpperCase();
        log.error("{}: protocol error ({} after {})", slave.label(), action, last);
        rejected.accept(PROTOCOL_ERRORS);
        return reply(new Die());
    }

    /** @return {@code now + d}, saturating: the build timeout is the slave's word and may be absurd */
    static Instant plus(Instant now, Duration d) {
        try {
            return now.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    private static Outcome reply(MasterReply reply) {
        return new Outcome.Reply(reply);
    }
}
