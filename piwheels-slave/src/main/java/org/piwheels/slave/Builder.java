package org.piwheels.slave;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.wheels.BadWheelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One build of one package version (components spec §7): a fresh build directory
 * inside {@code --dir} with its own {@code home} and {@code tmp}, {@code pip wheel} in
 * its own process group under the enforced timeout, then the wheels described. Runs
 * on a background thread; {@link #stop()} asks it to end early. The directory stays
 * until {@link #remove()} so the wheels can be uploaded.
 */
public final class Builder {
    private static final Logger LOG = LoggerFactory.getLogger(Builder.class);
    /** The directory inside the build directory an offline build fetches into. */
    static final String SOURCES = "sources";

    private final String packageName;
    private final String version;
    private final String indexUrl;
    private final BuildSettings settings;
    private final Path directory;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile BuildResult result;
    private Thread thread;

    /** Creates the build directory. */
    public Builder(String packageName, String version, String indexUrl, BuildSettings settings) throws IOException {
        this.packageName = packageName;
        this.version = version;
        this.indexUrl = indexUrl;
        this.settings = settings;
        Files.createDirectories(settings.buildRoot());
        this.directory = Files.createTempDirectory(settings.buildRoot(), "piw-build-");
    }

    /** Starts the build on a background thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("build already started");
        }
        thread = new Thread(this::runAndRecord, "builder-" + packageName + "-" + version);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs the build on the calling thread and returns its result. */
    public BuildResult build() {
        runAndRecord();
        return result;
    }

    private void runAndRecord() {
        try {
            result = run();
        } catch (RuntimeException | Error e) {
            result = new BuildResult(false, Duration.ZERO, "build crashed: " + e, List.of());
            throw e;
        } finally {
            finished.countDown();
        }
    }

    /** Asks the build to end early (the result is then a failure). */
    public void stop() {
        stop.set(true);
    }

    /** @return whether the build has ended */
    public boolean isDone() {
        return finished.getCount() == 0;
    }

    /** Waits at most {@code timeout} for the build to end. @return whether it has */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the result, or null while running */
    public BuildResult result() {
        return result;
    }

    /** @return the build directory (the wheels lie directly inside) */
    public Path directory() {
        return directory;
    }

    /** Deletes the build directory and everything in it. */
    public void remove() throws IOException {
        deleteTree(directory);
    }

    private BuildResult run() {
        Path log = null;
        List<String> argv = List.of();
        StringBuilder appended = new StringBuilder();
        Duration duration = Duration.ZERO;
        boolean status = false;
        List<FileState> files = new ArrayList<>();
        try {
            Path home = Files.createDirectory(directory.resolve("home"));
            Path tmp = Files.createDirectory(directory.resolve("tmp"));
            log = Files.createTempFile(directory, "piw-", ".log");
            Map<String, String> env = PipCommand.environment(settings.environment(), home, tmp);
            String missing = missingProgram(env.get("PATH"));
            if (missing != null) {
                // the wrapper's complaint would go to /dev/null, leaving an empty log
                appended.append('\n').append(missing).append('\n');
                LOG.warn("build of {} {}: {}", packageName, version, missing);
                return new BuildResult(false, Duration.ZERO, output(log, appended), List.of());
            }
            ProcessGroupRunner runner = new ProcessGroupRunner(settings.grace(), settings.watchInterval());
            long start = System.nanoTime();
            ProcessGroupRunner.Outcome outcome;
            try {
                if (settings.offline()) {
                    Path sources = Files.createDirectory(directory.resolve(SOURCES));
                    Step fetched = fetchForOffline(sources, log, env, runner, start);
                    argv = fetched.argv();
                    outcome = fetched.outcome();
                    if (outcome.ending() == ProcessGroupRunner.Ending.EXITED && outcome.exitCode() == 0) {
                        argv = PipCommand.offlineArgv(settings.pip(), packageName, version, directory, log, sources);
                        appendLog(log, "offline build: building with no network, pip pointed only at " + sources);
                        outcome = runStep(runner, argv, env, false, start);
                    }
                } else {
                    argv = PipCommand.argv(settings.pip(), packageName, version, directory, log, indexUrl,
                            settings.extraIndexUrl());
                    outcome = runStep(runner, argv, env, true, start);
                }
            } finally {
                duration = Duration.ofNanos(System.nanoTime() - start);
            }
            switch (outcome.ending()) {
                case TIMED_OUT:
                    stop.set(true);
                    appended.append("\nbuild timed out after ").append(Durations.format(settings.timeout())).append('\n');
                    LOG.warn("build of {} {} timed out after {}", packageName, version, Durations.format(settings.timeout()));
                    break;
                case STOPPED:
                    appended.append("\nCommand '").append(PythonRepr.list(argv)).append("' was terminated early by event\n");
                    break;
                default:
                    status = outcome.exitCode() == 0;
            }
            if (status) {
                files = describeWheels(appended);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            appended.append('\n').append("interrupted");
        } catch (IOException e) {
            status = false;
            appended.append('\n').append(e);
        }
        if (stop.get()) {
            status = false;
            files = List.of();
        }
        return new BuildResult(status, duration, output(log, appended), files);
    }

    /** @return why the pip command's program cannot be run, or null when it can */
    private String missingProgram(String path) {
        String program = settings.pip().get(0);
        if (program.contains("/")) {
            // resolved, as exec does, against the build's working directory
            return Files.isExecutable(directory.resolve(program)) ? null
                    : "cannot run the pip command: " + program + " is not an executable file";
        }
        return ProcessGroupRunner.onPath(program, path) != null ? null
                : "cannot run the pip command: no " + program + " on PATH (" + path + ")";
    }

    /** The command of a step and how it ended. */
    private record Step(List<String> argv, ProcessGroupRunner.Outcome outcome) {
    }

    /** The rest of the build timeout, or null when it has run out; zero means no limit. */
    private Duration timeLeft(long start) {
        if (settings.timeout().isZero()) {
            return Duration.ZERO;
        }
        Duration left = settings.timeout().minusNanos(System.nanoTime() - start);
        return left.isNegative() || left.isZero() ? null : left;
    }

    /** Runs one command of the build in the sandbox, with or without the network, within the build's timeout. */
    private ProcessGroupRunner.Outcome runStep(ProcessGroupRunner runner, List<String> argv, Map<String, String> env,
                                              boolean network, long start) throws IOException, InterruptedException {
        Duration left = timeLeft(start);
        if (left == null) {
            return new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.TIMED_OUT, -1);
        }
        List<String> sandboxed = settings.sandbox().wrap(argv, directory, settings.buildRoot(), settings.environment(),
                network);
        return runner.run(sandboxed, env, directory, left, stop::get);
    }

    /**
     * The first step of an offline build, with the network: the sdist of exactly this
     * version (fetched by the slave itself, so none of its code runs yet), then, with
     * pip in the sandbox, the build requirements its pyproject.toml names, both into
     * {@code sources}. A failure here fails the build (exit status 1) with a log line.
     */
    private Step fetchForOffline(Path sources, Path log, Map<String, String> env, ProcessGroupRunner runner,
                                 long start) throws IOException, InterruptedException {
        ProcessGroupRunner.Outcome failed = new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.EXITED, 1);
        if (!settings.sandbox().enabled()) {
            appendLog(log, "offline build: refused, builds are not sandboxed here, so the network cannot be withheld");
            return new Step(List.of(), failed);
        }
        List<String> indexes = new ArrayList<>(List.of(indexUrl));
        if (settings.extraIndexUrl() != null && !settings.extraIndexUrl().isEmpty()) {
            indexes.add(settings.extraIndexUrl());
        }
        Duration left = timeLeft(start);
        if (left == null) {
            return new Step(List.of(), new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.TIMED_OUT, -1));
        }
        Path sdist;
        try {
            sdist = new SdistFetcher(settings.watchInterval()).fetch(packageName, version, indexes, sources, left,
                    stop::get);
        } catch (IOException e) {
            if (stop.get()) {
                return new Step(List.of(), new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.STOPPED, -1));
            }
            if (timeLeft(start) == null) {
                return new Step(List.of(), new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.TIMED_OUT, -1));
            }
            appendLog(log, "offline build: cannot fetch the sdist, nothing was built: " + e.getMessage());
            LOG.warn("offline build of {} {}: cannot fetch the sdist: {}", packageName, version, e.getMessage());
            return new Step(List.of(), failed);
        }
        BuildRequirements.Found requires = BuildRequirements.of(sdist);
        appendLog(log, "offline build: fetched " + sdist.getFileName() + " (" + Files.size(sdist) + " bytes); build"
                + " requirements " + String.join(", ", requires.requires()) + " (" + requires.note() + ")");
        if (requires.requires().isEmpty()) {
            return new Step(List.of(), new ProcessGroupRunner.Outcome(ProcessGroupRunner.Ending.EXITED, 0));
        }
        List<String> argv = PipCommand.downloadArgv(settings.pip(), requires.requires(), sources, log, indexUrl,
                settings.extraIndexUrl());
        ProcessGroupRunner.Outcome outcome = runStep(runner, argv, env, true, start);
        if (outcome.ending() == ProcessGroupRunner.Ending.EXITED && outcome.exitCode() != 0) {
            appendLog(log, "offline build: cannot fetch the build requirements (pip download exit status "
                    + outcome.exitCode() + "), nothing was built");
            LOG.warn("offline build of {} {}: cannot fetch its build requirements {}", packageName, version,
                    requires.requires());
            return new Step(argv, failed);
        }
        return new Step(argv, outcome);
    }

    private static void appendLog(Path log, String line) throws IOException {
        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Describes every wheel directly inside the build directory; on any trouble sets the stop flag. */
    private List<FileState> describeWheels(StringBuilder appended) throws IOException, InterruptedException {
        TreeSet<Path> wheels = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.whl")) {
            ds.forEach(wheels::add);
        }
        AptDependencies apt = new AptDependencies(new Ldd(settings.lddTimeout(), stop::get),
                new DpkgOwners(settings.dpkgInfo()), stop::get);
        WheelInspector inspector = new WheelInspector(apt);
        List<FileState> files = new ArrayList<>();
        try {
            for (Path wheel : wheels) {
                files.add(inspector.inspect(wheel, directory.resolve("tmp").resolve("libs")));
            }
        } catch (BadWheelException | BuildAbortedException e) {
            stop.set(true);
            appended.append('\n').append(e.getMessage()).append('\n');
        }
        return files;
    }

    /** pip's log plus what we appended; the log is kept whatever happened. */
    private static String output(Path log, StringBuilder appended) {
        if (log != null) {
            try {
                if (appended.length() > 0) {
                    Files.writeString(log, appended, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
                byte[] bytes = Files.readAllBytes(log);
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (IOException e) {
                appended.append("\ncannot read the build log: ").append(e);
            }
        }
        return appended.toString();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.toFile().setWritable(true); // a setup script may leave read-only directories behind
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
