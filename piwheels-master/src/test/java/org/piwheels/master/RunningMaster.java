package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.QueueSocket;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * A whole master, started the way piw-master starts it ({@link Master} with
 * {@link MasterTasks}), on a test database, with its external queues on loopback
 * TCP. Tests talk to it only through those queues, from a ZeroMQ context of their
 * own, as separate slave, tool and monitor processes would. One per test class:
 * starting it takes a second or two.
 */
public final class RunningMaster implements AutoCloseable {
    /** The index URL the master hands to slaves. */
    public static final String INDEX = "http://127.0.0.1:9/simple";
    /** The build ABI of the fixture database. */
    public static final String ABI = "cp311";

    private final TestDatabase db;
    private final MasterConfig config;
    private final Master master;
    private final Thread thread;
    private final Transport clients = new Transport();
    private final List<AutoCloseable> open = new ArrayList<>();
    private volatile CurveClient curve;
    /** The exit status of a master started through its command line, once it has ended. */
    private volatile Integer exitStatus;

    private RunningMaster(TestDatabase db, MasterConfig config, SystemdNotifier systemd) throws Exception {
        this.db = db;
        this.config = config;
        master = new Master(config, systemd);
        try {
            master.start(context -> MasterTasks.create(context, db.config()));
        } catch (Exception e) {
            master.stop("start-up failed");
            master.run();
            master.close();
            throw e;
        }
        thread = new Thread(() -> {
            try {
                master.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-master");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs piw-master's command line as {@code PiwMaster.main} does (but for the root
     * check, which the test supplies, and {@code System.exit}) on its own thread, and
     * waits until it answers a monitor. Nothing in the database is changed.
     *
     * @param expected     what the master should make of its options and files (tests
     *                     reach it at these addresses)
     * @param defaultFiles the files that stand for /etc/piwheels.conf and the others
     * @param args         the command line
     */
    public static RunningMaster command(TestDatabase db, MasterConfig expected, List<Path> defaultFiles,
                                        List<String> args) throws Exception {
        return new RunningMaster(db, expected, defaultFiles, args);
    }

    private RunningMaster(TestDatabase db, MasterConfig expected, List<Path> defaultFiles, List<String> args)
            throws Exception {
        this.db = db;
        this.config = expected;
        this.master = null;
        thread = new Thread(() -> {
            try {
                exitStatus = org.piwheels.cli.CommandRunner.run(new PiwMaster(() -> false), "master",
                        args.toArray(String[]::new), defaultFiles);
            } finally {
                // the command configured logging for a real run; give the tests theirs back
                ch.qos.logback.classic.LoggerContext ctx =
                        (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
                ctx.reset();
                try {
                    new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
                } catch (Exception e) {
                    // the default console configuration stays
                }
            }
        }, "test-piw-master");
        thread.setDaemon(true);
        thread.start();
        try {
            awaitAnswer();
        } catch (Throwable e) {
            close();
            throw e;
        }
    }

    /** Waits (up to 2 min: a loaded machine) until the master's main loop answers a monitor's HELLO. */
    private void awaitAnswer() throws Exception {
        try (MessageSocket<NoMessage, StatusMessage> status = clients.socket(SocketType.SUB, MonitorStatusProtocol.MONITOR);
             MessageSocket<ControlRequest, NoMessage> control =
                     clients.socket(SocketType.PUSH, MasterControlProtocol.MONITOR)) {
            status.linger(Duration.ZERO).connect(config.statusQueue());
            status.subscribe(new byte[0]);
            control.linger(Duration.ZERO).connect(config.controlQueue());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (thread.isAlive() && System.nanoTime() < deadline) {
                control.trySend(new MasterControlProtocol.Hello());
                long turn = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                while (System.nanoTime() < turn) {
                    if (status.recv(Duration.ofMillis(200)) instanceof MonitorStatusProtocol.Hello) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError(thread.isAlive() ? "piw-master did not answer within 2 minutes"
                : "piw-master ended with status " + exitStatus + " before it answered");
    }

    /** @return the exit status of a master run through its command line, or null while it runs */
    public Integer exitStatus() {
        return exitStatus;
    }

    /**
     * Empties the database but for one build ABI ({@link #ABI}) and starts a master on it.
     *
     * @param queueInterval the build-queue planner's timer
     */
    public static RunningMaster start(TestDatabase db, Path output, Duration queueInterval) throws Exception {
        return start(db, output, queueInterval, new SystemdNotifier(null));
    }

    /** As {@link #start(TestDatabase, Path, Duration)}, telling the given notifier about the master's state. */
    public static RunningMaster start(TestDatabase db, Path output, Duration queueInterval, SystemdNotifier systemd)
            throws Exception {
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
            Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('" + ABI + "')");
        }
        return new RunningMaster(db, config(output, queueInterval), systemd);
    }

    /** Empties the database but for one build ABI ({@link #ABI}) and starts a master with this configuration. */
    public static RunningMaster start(TestDatabase db, MasterConfig config) throws Exception {
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
            Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('" + ABI + "')");
        }
        return new RunningMaster(db, config, new SystemdNotifier(null));
    }

    /**
     * Makes the slave, uploader and tool connections opened from now on CURVE clients
     * with these keys ({@code null}: plaintext again).
     */
    public void clientKeys(CurveClient keys) {
        curve = keys;
    }

    private <T extends QueueSocket> T secured(T socket) {
        CurveClient keys = curve;
        return keys == null ? socket : keys.secure(socket);
    }

    /** Starts a master on a database already set up, with a given configuration (e.g. a restart). */
    public static RunningMaster restart(TestDatabase db, MasterConfig config) throws Exception {
        return new RunningMaster(db, config, new SystemdNotifier(null));
    }

    /** A configuration whose external queues are on free loopback ports. */
    public static MasterConfig config(Path output, Duration queueInterval) throws IOException {
        String p = "inproc://m" + System.nanoTime() + "-";
        List<String> outward = tcpAddresses(6);
        return new MasterConfig("postgres:///unused", output, true, List.of(),
                "http://127.0.0.1:9/pypi", INDEX, "http://127.0.0.1:9/pypi",
                outward.get(0), outward.get(1), outward.get(2), outward.get(3), outward.get(4), outward.get(5),
                p + "web", p + "builds", p + "db", p + "fs", p + "stats", queueInterval);
    }

    /**
     * @return {@code n} loopback addresses on distinct ports that were free a moment ago. The ports are
     *         held together until all are chosen: one at a time, the kernel may hand out a port it just
     *         gave (the master's second bind then fails with "Address already in use", seen once)
     */
    public static List<String> tcpAddresses(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                addresses.add("tcp://127.0.0.1:" + s.getLocalPort());
            }
            return addresses;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** @return the configuration the master runs with */
    public MasterConfig config() {
        return config;
    }

    /** @return the master (for what is not observable on its queues, e.g. rejection counters) */
    public Master master() {
        if (master == null) {
            throw new IllegalStateException("a master run through its command line is reached only through its queues");
        }
        return master;
    }

    /** @return the master's web root */
    public Path output() {
        return config.outputPath();
    }

    // ---- slaves -------------------------------------------------------------------

    /** A build slave's connection (REQ), speaking the typed slave protocol. */
    public final class Slave implements AutoCloseable {
        private final MessageSocket<SlaveRequest, MasterReply> socket;
        private long id;

        Slave() {
            socket = keep(clients.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE));
            secured(socket).linger(Duration.ZERO).connect(config.slaveQueue());
        }

        /** @return the reply, or null if none came within 10 s */
        public MasterReply ask(SlaveRequest request) throws ProtocolException {
            return ask(request, Duration.ofSeconds(10));
        }

        /** @return the reply, or null if none came within the wait */
        public MasterReply ask(SlaveRequest request, Duration wait) throws ProtocolException {
            socket.send(request);
            return socket.recv(wait);
        }

        /** Sends without waiting for a reply (BYE). */
        public void tell(SlaveRequest request) throws ProtocolException {
            socket.send(request);
        }

        /** Says HELLO and remembers the id of the ACK. */
        public Slave hello(SlaveHello hello) throws ProtocolException {
            MasterReply reply = ask(new SlaveDriverProtocol.Hello(hello));
            assertThat(reply).isInstanceOf(SlaveDriverProtocol.Ack.class);
            SlaveDriverProtocol.Ack ack = (SlaveDriverProtocol.Ack) reply;
            assertThat(ack.indexUrl()).isEqualTo(INDEX);
            id = ack.slaveId();
            return this;
        }

        /** @return the id the master gave */
        public long id() {
            return id;
        }

        /** Asks IDLE until the reply is not {@code SLEEP false} (the build queue may still be on its way). */
        public MasterReply idleUntilWork(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            MasterReply reply;
            do {
                reply = ask(idle());
                if (!reply.equals(new SlaveDriverProtocol.Sleep(false))) {
                    return reply;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            return reply;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** @return a new slave connection (not yet introduced) */
    public Slave connect() {
        return new Slave();
    }

    /** @return a slave connection that has said HELLO for {@link #ABI} with the given timeouts */
    public Slave slave(String label, Duration buildTimeout, Duration busyTimeout) throws ProtocolException {
        return connect().hello(hello(label, buildTimeout, busyTimeout));
    }

    /** @return a slave's HELLO data for {@link #ABI} */
    public static SlaveHello hello(String label, Duration buildTimeout, Duration busyTimeout) {
        return new SlaveHello(buildTimeout, busyTimeout, "311", ABI, "linux_armv7l", label, "Raspbian GNU/Linux",
                "12 (bookworm)", "c03111", "6f9a3c21");
    }

    /** @return an IDLE with fresh statistics */
    public static SlaveDriverProtocol.Idle idle() {
        return new SlaveDriverProtocol.Idle(stats());
    }

    /** @return a BUSY with fresh statistics */
    public static SlaveDriverProtocol.Busy busy() {
        return new SlaveDriverProtocol.Busy(stats());
    }

    private static SlaveStats stats() {
        return new SlaveStats(Instant.now(), 100L << 30, 50L << 30, 4L << 30, 2L << 30, 1L << 30, 1L << 30, 0.5, 48.0);
    }

    /** @return a raw REQ connection to the slave queue, for frames the typed protocol would not send */
    public RawSocket rawSlave() {
        RawSocket req = keep(clients.raw(SocketType.REQ));
        secured(req).linger(Duration.ZERO).connect(config.slaveQueue());
        return req;
    }

    /** Builds whatever an earlier test left queued (failing it), until nothing is queued. */
    public void drain() throws Exception {
        try (Slave probe = slave("probe", Duration.ofHours(3), Duration.ofMinutes(5))) {
            for (int i = 0; i < 50; i++) {
                MasterReply reply = probe.ask(idle());
                if (reply.equals(new SlaveDriverProtocol.Sleep(false))) {
                    probe.tell(new SlaveDriverProtocol.Bye());
                    return;
                }
                assertThat(reply).isInstanceOf(SlaveDriverProtocol.Build.class);
                assertThat(probe.ask(failed())).isEqualTo(new SlaveDriverProtocol.Done());
            }
            throw new AssertionError("the queue never emptied");
        }
    }

    /** @return BUILT for a failed build */
    public static SlaveDriverProtocol.Built failed() {
        return new SlaveDriverProtocol.Built(new BuildResult(false, Duration.ofSeconds(3), "error: build failed\n",
                List.of()));
    }

    /** @return BUILT for a successful build of these files */
    public static SlaveDriverProtocol.Built built(FileState... files) {
        return new SlaveDriverProtocol.Built(new BuildResult(true, Duration.ofSeconds(42), "built fine\n",
                List.of(files)));
    }

    /** @return reproducible pseudo-random bytes */
    public static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** @return the lower-case hex SHA-256 */
    public static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** @return the file state of a wheel with this name and content */
    public static FileState wheel(String filename, byte[] content) throws Exception {
        String[] p = filename.substring(0, filename.length() - 4).split("-");
        return new FileState(filename, content.length, sha256(content), p[0], p[1], p[2], p[3], p[4], ">=3.7",
                Map.of("apt", List.of("libc6"), "pip", List.of()), "/simple");
    }

    // ---- file queue ---------------------------------------------------------------

    /** @return a new uploader connection (DEALER) to the file queue */
    public FileTransferDealer uploader() {
        FileTransferDealer dealer = keep(clients.fileDealer());
        secured(dealer).linger(Duration.ZERO).connect(config.fileQueue());
        return dealer;
    }

    /** @return a raw DEALER on the file queue */
    public RawSocket rawUploader() {
        RawSocket dealer = keep(clients.raw(SocketType.DEALER));
        secured(dealer).linger(Duration.ZERO).connect(config.fileQueue());
        return dealer;
    }

    /** @return the temporary files of uploads in the web root */
    public List<Path> leftovers() throws IOException {
        Path simple = output().resolve("simple");
        if (!Files.isDirectory(simple)) {
            return List.of();
        }
        try (var s = Files.list(simple)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && p.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** Waits up to 15 s for the temporary files of uploads to go. */
    public void awaitNoLeftovers() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!leftovers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(leftovers()).isEmpty();
    }

    /** Waits up to 15 s for a file to appear. */
    public void awaitFile(Path p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!Files.exists(p) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p).exists();
    }

    /**
     * Uploads like a slave: HELLO, then answers every FETCH from {@code content}; returns the final
     * message, or null if the receiver fell silent for 30 s (a fresh connection's handshake can stall 5 s).
     */
    public ReceiverMessage upload(long slaveId, byte[] content) throws Exception {
        try (FileTransferDealer dealer = uploader()) {
            dealer.send(new Hello(slaveId));
            while (true) {
                ReceiverMessage m = dealer.recv(Duration.ofSeconds(30));
                if (!(m instanceof Fetch f)) {
                    return m;
                }
                int end = (int) Math.min(content.length, f.offset() + f.length());
                dealer.send(new Chunk(f.offset(), Arrays.copyOfRange(content, (int) f.offset(), end)));
            }
        }
    }

    // ---- tools --------------------------------------------------------------------

    /** An admin tool's connection (REQ) to the import queue. */
    public final class Tool implements AutoCloseable {
        private final MessageSocket<ToolRequest, AdminReply> socket;

        Tool() {
            socket = keep(clients.socket(SocketType.REQ, AdminProtocol.TOOL));
            secured(socket).linger(Duration.ZERO).connect(config.importQueue());
        }

        /** @return the reply, or null if none came within 20 s */
        public AdminReply ask(ToolRequest request) throws ProtocolException {
            socket.send(request);
            return socket.recv(Duration.ofSeconds(20));
        }

        /** Sends a request without waiting. */
        public void send(ToolRequest request) throws ProtocolException {
            socket.send(request);
        }

        /** @return the reply, or null if none came within the wait */
        public AdminReply recv(Duration wait) throws ProtocolException {
            return socket.recv(wait);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** @return a new tool connection */
    public Tool tool() {
        return new Tool();
    }

    /** @return the reply to one request on a fresh tool connection, as piw-add and friends do */
    public AdminReply admin(ToolRequest request) throws ProtocolException {
        try (Tool tool = tool()) {
            return tool.ask(request);
        }
    }

    /** @return a raw REQ connection to the import queue */
    public RawSocket rawTool() {
        RawSocket req = keep(clients.raw(SocketType.REQ));
        secured(req).linger(Duration.ZERO).connect(config.importQueue());
        return req;
    }

    // ---- monitors -----------------------------------------------------------------

    /** A monitor: SUB on the status queue, PUSH on the control queue. */
    public final class Monitor implements AutoCloseable {
        private final MessageSocket<NoMessage, StatusMessage> status;
        private final MessageSocket<ControlRequest, NoMessage> control;

        Monitor() throws InterruptedException, ProtocolException {
            status = keep(clients.socket(SocketType.SUB, MonitorStatusProtocol.MONITOR));
            status.linger(Duration.ZERO).connect(config.statusQueue());
            status.subscribe(new byte[0]);
            control = keep(clients.socket(SocketType.PUSH, MasterControlProtocol.MONITOR));
            control.linger(Duration.ofSeconds(1)).connect(config.controlQueue());
            // attach as piw-monitor does (subscribe, then HELLO); repeat until the master's HELLO shows
            // that both connections are up (a fresh JeroMQ connection now and then takes 5 s)
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                Thread.sleep(300);
                control.send(new MasterControlProtocol.Hello());
                if (await(m -> m instanceof MonitorStatusProtocol.Hello, Duration.ofSeconds(2)) != null) {
                    break;
                }
                assertThat(System.nanoTime()).as("monitor attached").isLessThan(deadline);
            }
        }

        /** Sends a control message. */
        public void send(ControlRequest request) throws ProtocolException {
            control.send(request);
        }

        /** Sends a control message and gives the master a moment to pass it to its task. */
        public void command(ControlRequest request) throws Exception {
            send(request);
            Thread.sleep(200); // the control queue is separate from the slave queue
        }

        /** @return the next status message matching the test, skipping others; null if none within 15 s */
        public StatusMessage await(Predicate<StatusMessage> test) throws ProtocolException {
            return await(test, Duration.ofSeconds(15));
        }

        private StatusMessage await(Predicate<StatusMessage> test, Duration wait) throws ProtocolException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                StatusMessage m = status.recv(Duration.ofMillis(200));
                if (m != null && test.test(m)) {
                    return m;
                }
            }
            return null;
        }

        /** @return the next SLAVE message about this slave with this message word, or null */
        public MonitorStatusProtocol.Slave awaitSlave(long slaveId, String message) throws ProtocolException {
            return awaitSlave(slaveId, message, Duration.ofSeconds(15));
        }

        /** @return the next SLAVE message about this slave with this message word, or null if none within the wait */
        public MonitorStatusProtocol.Slave awaitSlave(long slaveId, String message, Duration wait)
                throws ProtocolException {
            return (MonitorStatusProtocol.Slave) await(m -> m instanceof MonitorStatusProtocol.Slave s
                    && s.slaveId() == slaveId && s.message().equals(message), wait);
        }

        @Override
        public void close() {
            status.close();
            control.close();
        }
    }

    /** @return a raw PUSH on the control queue */
    public RawSocket rawControl() {
        RawSocket push = keep(clients.raw(SocketType.PUSH));
        push.linger(Duration.ofSeconds(1)).connect(config.controlQueue());
        return push;
    }

    /** @return a new monitor */
    public Monitor monitor() throws InterruptedException, ProtocolException {
        return new Monitor();
    }

    // ---- database -----------------------------------------------------------------

    /** Runs SQL as the superuser (fixtures the application role may not write). */
    public void exec(String sql) throws Exception {
        try (Connection admin = db.adminConnection()) {
            Fixtures.exec(admin, sql);
        }
    }

    /** @return rows of a query as "col1|col2|..." strings */
    public List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cols));
            }
        }
        return out;
    }

    /** Adds a package with one version released now (so it sorts last in the queue). */
    public void addVersion(String pkg, String version) throws Exception {
        exec("INSERT INTO packages (package) VALUES ('" + pkg + "') ON CONFLICT DO NOTHING");
        exec("INSERT INTO versions (package, version, released) VALUES ('" + pkg + "', '" + version
                + "', now())");
    }

    /** Takes every package out of the build queue, so the next test of the class starts with none queued. */
    public void retireAll() throws Exception {
        exec("UPDATE packages SET skip = 'retired by a test' WHERE skip = ''");
    }

    // ---- lifetime -----------------------------------------------------------------

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /**
     * Sends QUIT as a monitor would and waits for the master to stop. The socket stays
     * open while waiting and QUIT is repeated: JeroMQ now and then needs its 5 s
     * handshake retry before a fresh TCP connection carries anything.
     */
    public void quit() throws Exception {
        if (!thread.isAlive()) {
            return;
        }
        try (MessageSocket<ControlRequest, NoMessage> control =
                     clients.socket(SocketType.PUSH, MasterControlProtocol.MONITOR)) {
            control.linger(Duration.ZERO).connect(config.controlQueue());
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (thread.isAlive() && System.nanoTime() < deadline) {
                control.trySend(new MasterControlProtocol.Quit());
                thread.join(Duration.ofSeconds(10).toMillis());
            }
        }
        assertThat(thread.isAlive()).as("master stopped after QUIT").isFalse();
    }

    /** @return whether the master's main loop still runs */
    public boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() throws Exception {
        try {
            quit();
            if (master != null) {
                assertThat(master.anyTaskFailed()).as("a task of the master failed").isFalse();
            } else {
                assertThat(exitStatus).as("piw-master's exit status").isEqualTo(0);
            }
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing twice is fine
                }
            }
            clients.close();
            if (master != null) {
                master.close();
            }
        }
    }
}
