package org.piwheels.tools.loadgen;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.DurationValue;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.tools.importqueue.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code piw-loadgen}: N simulated build slaves (1 to 2,000) speaking the real wire
 * protocol to a master's slave and file queues, building instantly (or for a set
 * time) wheels of a chosen size; optionally piw-logger traffic. Reports builds per
 * second, reply latency per request type, file-transfer rates, the master's CPU and
 * memory, and errors; fails (exit 1) at the first protocol error.
 */
@Command(name = "piw-loadgen", mixinStandardHelpOptions = true, version = ExitStatus.VERSION, sortOptions = false,
        description = {"Load a piwheels master with simulated build slaves and measure it.",
                "The master should have versions pending for the slaves' ABI; every build is a generated wheel."},
        exitCodeListHeading = ExitStatus.HEADING,
        exitCodeList = {"  0:the run completed without protocol errors",
                "  1:a protocol error, a silent master, or another failure (the reason is printed)",
                ExitStatus.USAGE, ExitStatus.INTERRUPTED})
public final class PiwLoadgen implements Callable<Integer> {
    static final String SECTION = "loadgen";
    private static final Logger LOG = LoggerFactory.getLogger("loadgen");
    private static final int SLAVES_PER_TRANSPORT = 250;

    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;
    @Mixin org.piwheels.cli.AdminAuthOptions admin;

    @Option(names = {"-m", "--master"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The master's host (default: ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--slave-port", paramLabel = "PORT", defaultValue = "5555",
            description = "The master's slave queue port (default: ${DEFAULT-VALUE})")
    int slavePort;

    @Option(names = "--file-port", paramLabel = "PORT", defaultValue = "5556",
            description = "The master's file queue port (default: ${DEFAULT-VALUE})")
    int filePort;

    @Option(names = {"-n", "--slaves"}, paramLabel = "N", defaultValue = "10",
            description = "Simulated slaves, 1 to 2000 (default: ${DEFAULT-VALUE})")
    int slaves;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "30s", converter = DurationValue.class,
            description = "How long to measure, after the warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s", converter = DurationValue.class,
            description = "Load before measuring starts (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--builds", paramLabel = "N", defaultValue = "0",
            description = "Stop once this many builds completed in the measured part (0: no limit)")
    long maxBuilds;

    @Option(names = {"-s", "--wheel-size"}, paramLabel = "SIZE", defaultValue = "10k", converter = ByteSize.class,
            description = "Size of every wheel, e.g. 10k, 5M, 200M (default: ${DEFAULT-VALUE})")
    long wheelSize;

    @Option(names = "--abi", paramLabel = "TAG", defaultValue = "cp311",
            description = "The ABI the slaves build for (default: ${DEFAULT-VALUE})")
    String abi;

    @Option(names = "--platform", paramLabel = "TAG", defaultValue = "linux_x86_64",
            description = "The platform tag of the wheels (default: ${DEFAULT-VALUE})")
    String platform;

    @Option(names = "--build-time", paramLabel = "MS", defaultValue = "0",
            description = "Milliseconds a simulated build takes (default: ${DEFAULT-VALUE}, instant)")
    long buildMillis;

    @Option(names = "--busy-interval", paramLabel = "MS", defaultValue = "5000",
            description = "Milliseconds between BUSYs during a build (default: ${DEFAULT-VALUE})")
    long busyMillis;

    @Option(names = "--sleep-time", paramLabel = "MS", defaultValue = "1000",
            description = "Milliseconds a slave waits after SLEEP (default: ${DEFAULT-VALUE}; real slaves wait 5-10 s)")
    long sleepMillis;

    @Option(names = "--reply-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationValue.class,
            description = "Fail when the master takes longer to reply (default: ${DEFAULT-VALUE})")
    Duration replyTimeout;

    @Option(names = "--ramp-up", paramLabel = "DURATION", defaultValue = "0s", converter = DurationValue.class,
            description = "Spread the slaves' start over this time (default: all at once)")
    Duration rampUp;

    @Option(names = "--log-queue", paramLabel = "ADDR",
            description = "Also push access-log records (as piw-logger) to this log queue")
    String logQueue;

    @Option(names = "--log-rate", paramLabel = "N", defaultValue = "100",
            description = "Access-log records per second with --log-queue (default: ${DEFAULT-VALUE})")
    double logRate;

    @Option(names = "--pypi-rate", paramLabel = "N",
            description = "Run a fake PyPI publishing N new versions per second (point the master's follower at it)")
    Double pypiRate;

    @Option(names = "--pypi-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the fake PyPI on 127.0.0.1 with --pypi-rate (default: any free one)")
    int pypiPort;

    @Option(names = "--master-pid", paramLabel = "PID",
            description = "Report this process's CPU and resident memory from /proc")
    Long masterPid;

    @Option(names = "--tcp-baseline", description = "Also time copying one wheel's bytes through a plain loopback TCP socket")
    boolean tcpBaseline;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the result as JSON to FILE")
    Path output;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "5s", converter = DurationValue.class,
            description = "Interval of the progress lines (default: ${DEFAULT-VALUE})")
    Duration progress;

    private final PrintStream out;

    public PiwLoadgen() {
        this(System.out);
    }

    PiwLoadgen(PrintStream out) {
        this.out = out;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwLoadgen(), SECTION, args));
    }

    /** Runs with the given configuration files (tests). */
    static int run(PiwLoadgen command, List<Path> configFiles, String... args) {
        return CommandRunner.run(command, SECTION, args, configFiles);
    }

    @Override
    public Integer call() throws Exception {
        LogSetup.configure(logging, false, false, List.of());
        validate();
        org.piwheels.protocol.transport.AdminSecret credentials = logQueue == null ? null
                : org.piwheels.tools.importqueue.ImportQueueClient.credentials(admin);
        MasterProcess proc = masterPid == null ? null : new MasterProcess(masterPid);
        WheelMaker wheels = new WheelMaker(wheelSize, abi, platform);
        Double baseline = null;
        if (tcpBaseline) {
            baseline = LoopbackBaseline.measure(wheels.make("baseline", "1.0").content(), 3);
            out.printf("plain TCP loopback copy of %d bytes: %.0f MB/s%n", wheelSize, baseline / 1e6);
        }
        SlaveSettings settings = new SlaveSettings(master, slavePort, filePort, abi, platform,
                Duration.ofMillis(buildMillis), Duration.ofMillis(busyMillis), Duration.ofMillis(sleepMillis), replyTimeout);
        LoadStats stats = new LoadStats();
        RunControl control = new RunControl();
        List<Transport> transports = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long rssBefore = proc == null ? -1 : proc.rssKb();
        LoadReport.MasterSample sample = null;
        double measured = 0;
        PypiFeed pypi = null;
        try {
            if (pypiRate != null) {
                try {
                    pypi = new PypiFeed(pypiPort, pypiRate, control);
                } catch (NoClassDefFoundError e) {
                    throw new ParameterException(spec.commandLine(), "--pypi-rate needs the JDK module jdk.httpserver, "
                            + "which this Java runtime lacks; run piw-loadgen from the tools jar with a full JDK");
                }
                out.printf("fake PyPI: %.1f new versions/s; run the master with --pypi-xmlrpc %s --pypi-simple %s "
                        + "--pypi-json %s%n", pypiRate, pypi.xmlrpcUrl(), pypi.simpleUrl(), pypi.xmlrpcUrl());
                threads.add(start(pypi, "loadgen-pypi"));
            }
            for (int i = 0; i < (slaves + SLAVES_PER_TRANSPORT - 1) / SLAVES_PER_TRANSPORT; i++) {
                transports.add(new Transport());
            }
            AccessLogFeeder feeder = null;
            if (logQueue != null) {
                feeder = new AccessLogFeeder(transports.get(0), logQueue, logRate, stats, control, credentials);
                threads.add(start(feeder, "loadgen-logger"));
            }
            AccessLogFeeder publishedTo = feeder;
            LOG.info("starting {} simulated slaves against {}:{}/{}", slaves, master, slavePort, filePort);
            long startedAt = System.nanoTime();
            for (int i = 0; i < slaves; i++) {
                SimulatedSlave slave = new SimulatedSlave(i + 1, transports.get(i % transports.size()), settings, wheels,
                        stats, control, name -> {
                            if (publishedTo != null) {
                                publishedTo.published(name);
                            }
                        });
                threads.add(start(slave, "loadgen-slave-" + (i + 1)));
                if (!rampUp.isZero()) {
                    sleepUntil(startedAt + rampUp.toNanos() * (i + 1) / slaves, control);
                }
            }
            sleepUntil(startedAt + rampUp.toNanos() + warmup.toNanos(), control);
            stats.reset();
            long measureStart = System.nanoTime();
            double cpuStart = proc == null ? 0 : proc.cpuSeconds();
            long peak = rssBefore;
            long lastBuilds = 0;
            long lastTick = measureStart;
            long end = measureStart + duration.toNanos();
            while (!control.stopping() && System.nanoTime() < end
                    && (maxBuilds <= 0 || stats.builds.sum() < maxBuilds)) {
                long tick = Math.min(end, lastTick + progress.toNanos());
                while (!control.stopping() && System.nanoTime() < tick && (maxBuilds <= 0 || stats.builds.sum() < maxBuilds)) {
                    Thread.sleep(50);
                }
                long now = System.nanoTime();
                long builds = stats.builds.sum();
                long rss = proc == null ? -1 : proc.rssKb();
                peak = Math.max(peak, rss);
                out.printf("%6.1f s  builds %8d  %8.1f/s  IDLE p99 %7.2f ms  transfers %.1f MB/s%s  errors %d%n",
                        (now - measureStart) / 1e9, builds, (builds - lastBuilds) / ((now - lastTick) / 1e9),
                        stats.latency().get("IDLE").percentileMicros(0.99) / 1000.0,
                        stats.transferBytes.sum() / 1e6 / Math.max(1e-9, (now - measureStart) / 1e9),
                        proc == null ? "" : String.format("  master %.0f%% CPU, %d MB", 100 * (proc.cpuSeconds() - cpuStart)
                                / Math.max(1e-9, (now - measureStart) / 1e9), rss / 1024),
                        stats.errorCount());
                lastBuilds = builds;
                lastTick = now;
            }
            measured = (System.nanoTime() - measureStart) / 1e9;
            if (proc != null) {
                double cpu = proc.cpuSeconds() - cpuStart;
                long rssEnd = proc.rssKb();
                sample = new LoadReport.MasterSample(masterPid, cpu, measured, rssBefore, Math.max(peak, rssEnd), rssEnd);
            }
        } finally {
            control.stop();
            long joinUntil = System.nanoTime() + replyTimeout.toNanos() + Duration.ofSeconds(5).toNanos();
            for (Thread t : threads) {
                t.join(Math.max(1, (joinUntil - System.nanoTime()) / 1_000_000));
            }
            transports.forEach(Transport::close);
            if (pypi != null) {
                pypi.close();
            }
        }
        Map<String, Object> settingsMap = new LinkedHashMap<>();
        settingsMap.put("master", master + ":" + slavePort + "/" + filePort);
        settingsMap.put("slaves", slaves);
        settingsMap.put("wheelSize", wheelSize);
        settingsMap.put("abi", abi);
        settingsMap.put("buildTimeMs", buildMillis);
        settingsMap.put("warmupSeconds", warmup.toSeconds());
        settingsMap.put("durationSeconds", duration.toSeconds());
        settingsMap.put("logRate", logQueue == null ? 0 : logRate);
        settingsMap.put("pypiRate", pypiRate == null ? 0 : pypiRate);
        LoadReport report = new LoadReport(settingsMap, measured, stats, sample, baseline, control.failure());
        if (pypi != null) {
            report.pypi(pypi.xmlrpcUrl(), pypi.published());
        }
        report.printTable(out);
        if (output != null) {
            report.writeJson(output);
            LOG.info("result written to {}", output);
        }
        if (control.failure() != null) {
            LOG.error("{}", control.failure());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private void validate() {
        if (slaves < 1 || slaves > 2000) {
            throw new ParameterException(spec.commandLine(), "--slaves must be from 1 to 2000, not " + slaves);
        }
        if (wheelSize > Integer.MAX_VALUE - (1 << 20)) {
            throw new ParameterException(spec.commandLine(), "--wheel-size: wheels are made in memory; at most 2 GB");
        }
        if (pypiRate != null && !(pypiRate > 0 && pypiRate <= 100_000)) {
            throw new ParameterException(spec.commandLine(), "--pypi-rate must be more than 0 and at most 100000");
        }
        if (pypiPort < 0 || pypiPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--pypi-port must be a port number, not " + pypiPort);
        }
        if (buildMillis < 0 || busyMillis < 1 || sleepMillis < 0 || logRate <= 0 || duration.isZero()
                || progress.isZero() || replyTimeout.isZero()) {
            throw new ParameterException(spec.commandLine(),
                    "--build-time and --sleep-time must not be negative; --busy-interval, --log-rate, "
                            + "--duration, --progress and --reply-timeout must be positive");
        }
        long limit = OpenFiles.limit();
        if (limit > 0 && (long) slaves * OpenFiles.PER_SLAVE > limit) {
            throw new ParameterException(spec.commandLine(), String.format(
                    "%d slaves need about %d open files, and this process may open %d (ulimit -n); "
                            + "raise the limit or split the slaves over several piw-loadgen processes",
                    slaves, (long) slaves * OpenFiles.PER_SLAVE, limit));
        }
        if (masterPid != null && !java.nio.file.Files.isDirectory(Path.of("/proc", masterPid.toString()))) {
            throw new ParameterException(spec.commandLine(), "--master-pid: no process " + masterPid);
        }
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleepUntil(long deadline, RunControl control) throws InterruptedException {
        while (!control.stopping()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 50)));
        }
    }
}
