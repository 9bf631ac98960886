package org.piwheels.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.MasterLauncher;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.SdistBuilder;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;

/**
 * A whole piwheels farm on one machine, offline: a local PyPI with a few real
 * sdists, the master on an embedded PostgreSQL (in this JVM, through its launcher),
 * one {@code piw-slave} building with the system's pip (in its own JVM, with pip's
 * settings of this machine removed), and the web root served on loopback.
 */
public final class Farm implements AutoCloseable {
    /** The sample projects the local PyPI offers. */
    public static final List<String> PROJECTS = List.of("hello-piwheels", "tiny-calc");

    private final Path work;
    private final Path www;
    private final Transport transport = new Transport();
    private final List<Process> processes = new ArrayList<>();
    private FakePypi pypi;
    private StaticSite site;
    private Thread master;
    private volatile int masterStatus = -1;
    private String controlQueue;
    private String importQueue;

    /** @param work a directory for the farm's database, web root, builds and logs */
    public Farm(Path work) {
        this.work = work.toAbsolutePath();
        this.www = this.work.resolve("www");
    }

    /** Starts the local PyPI, the master (in this JVM) and a slave (in its own). */
    public Farm start() throws IOException, InterruptedException {
        Files.createDirectories(www);
        // serials like PyPI's (the follower ignores history before serial 628000), dated ten
        // minutes ago: the follower releases an event only once it has seen one at least five
        // minutes newer (0.23's settle window), which the "owner" row below provides
        pypi = FakePypi.start().startSerialAt(30_000_000L);
        pypi.clock(() -> java.time.Instant.now().minus(Duration.ofMinutes(10)));
        pypi.publishBuildTools();
        // each sdist holds one module named after the project (hello_piwheels, tiny_calc)
        pypi.publish(SdistBuilder.sdist("hello-piwheels", "1.0").summary("Says hello from a piwheels farm").build(), null);
        pypi.publish(SdistBuilder.sdist("tiny-calc", "0.2").summary("Adds two numbers").requires("hello-piwheels")
                .pythonRequires(">=3.7").build(), ">=3.7");
        pypi.clock(java.time.Instant::now);
        pypi.logEvent("tiny-calc", null, "add Owner demo");

        int slavePort = freePort();
        int filePort = freePort();
        String ipc = "ipc://" + work.resolve("piw-");
        controlQueue = ipc + "control";
        importQueue = ipc + "import";
        // The master runs in this JVM through its launcher: the demo is not a deployment, and
        // piw-master itself refuses root (CI and fresh machines run everything as root).
        configureLogging();
        MasterConfig config = new MasterConfig("postgres:///unused", www, true, List.of(),
                pypi.xmlrpcUrl(), pypi.simpleUrl(), pypi.jsonUrl(),
                ipc + "status", controlQueue, importQueue, ipc + "logger",
                "tcp://127.0.0.1:" + slavePort, "tcp://127.0.0.1:" + filePort,
                "inproc://web", "inproc://builds", "inproc://db", "inproc://fs", "inproc://stats");
        MasterLauncher launcher = new MasterLauncher(config, work.resolve("postgres"),
                List.of(PythonAbi.of("/usr/bin/python3")), new SystemdNotifier(null));
        master = new Thread(() -> {
            try {
                masterStatus = launcher.runUntilStopped();
            } catch (Exception e) {
                LoggerFactory.getLogger("master").error("the master failed", e);
                masterStatus = 1;
            }
        }, "demo-master");
        master.start();
        Path builds = Files.createDirectories(work.resolve("builds"));
        processes.add(JavaProcess.start("org.piwheels.slave.PiwSlave", List.of(
                "-v", "--master", "127.0.0.1", "--slave-port", Integer.toString(slavePort),
                "--file-port", Integer.toString(filePort), "--dir", builds.toString(), "--label", "demo-slave",
                "--pip", "/usr/bin/python3 -m pip", "--python", "/usr/bin/python3", "--allow-root"),
                work.resolve("slave.log"), Map.of("HOME", builds.toString())));
        site = new StaticSite(www);
        return this;
    }

    /**
     * Development mode registers new packages as skipped; this lifts the skip the way
     * {@code piw-add --unskip} does, once the master knows the package.
     *
     * @return the master's result word
     */
    public String unskip(String pkg, Duration timeout) throws InterruptedException, ProtocolException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try (MessageSocket<AdminProtocol.ToolRequest, AdminProtocol.AdminReply> tool =
                         transport.socket(SocketType.REQ, AdminProtocol.TOOL)) {
                tool.linger(Duration.ZERO).connect(importQueue);
                tool.send(new AdminProtocol.AddPkg(pkg, "", "", true, List.of()));
                AdminProtocol.AdminReply reply = tool.recv(Duration.ofSeconds(60));
                if (reply instanceof AdminProtocol.Done) {
                    return ((AdminProtocol.Done) reply).result();
                }
                last = String.valueOf(reply);
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("could not unskip " + pkg + ": " + last);
    }

    /** Waits until the index lists a wheel of the package; returns the wheels' paths. */
    public List<Path> awaitWheels(String pkg, Duration timeout) throws IOException, InterruptedException {
        Path dir = www.resolve("simple").resolve(pkg);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the master stopped; see " + work.resolve("master.log"));
            }
            if (Files.isDirectory(dir) && Files.exists(dir.resolve("index.html"))) {
                List<Path> wheels;
                try (Stream<Path> s = Files.list(dir)) {
                    wheels = s.filter(p -> p.toString().endsWith(".whl")).sorted().toList();
                }
                String index = Files.readString(dir.resolve("index.html"));
                if (!wheels.isEmpty() && wheels.stream().allMatch(w -> index.contains(w.getFileName().toString()))) {
                    return wheels;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no wheel of " + pkg + " in " + timeout.toSeconds() + " s; see "
                + work.resolve("master.log") + " and " + work.resolve("slave.log"));
    }

    /** @return the index URL to give pip */
    public String indexUrl() {
        return site.url() + "/simple/";
    }

    /** @return the web site's URL */
    public String siteUrl() {
        return site.url() + "/";
    }

    /** @return the web root */
    public Path webRoot() {
        return www;
    }

    /** @return the work directory (logs are there) */
    public Path workDirectory() {
        return work;
    }

    /** @return the local PyPI */
    public FakePypi pypi() {
        return pypi;
    }

    /** @return whether the master is running */
    public boolean masterAlive() {
        return master != null && master.isAlive();
    }

    /** Stops the master with QUIT (as a monitor would) and the slave with SIGTERM. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy(); // SIGTERM: the slave says BYE
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (master != null && master.isAlive()) {
            try (MessageSocket<MasterControlProtocol.ControlRequest, NoMessage> control =
                         transport.socket(SocketType.PUSH, MasterControlProtocol.MONITOR)) {
                control.linger(Duration.ofSeconds(2)).connect(controlQueue);
                control.send(new MasterControlProtocol.Quit());
            } catch (ProtocolException e) {
                LoggerFactory.getLogger("master").error("cannot ask the master to quit: {}", e.getMessage());
            }
            master.join(Duration.ofMinutes(2).toMillis());
        }
        if (site != null) {
            site.close();
        }
        if (pypi != null) {
            pypi.close();
        }
        transport.close();
    }

    /** @return the master's exit status, once it has stopped */
    public int masterExitStatus() throws InterruptedException {
        master.join();
        return masterStatus;
    }

    /** The master logs to master.log in the work directory; the console stays for the demo's own lines. */
    private void configureLogging() {
        LoggingOptions options = new LoggingOptions();
        options.logFile = work.resolve("master.log");
        options.verbosity = -1;
        LogSetup.configure(options, false, true, List.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
