package org.piwheels.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.piwheels.testing.PipRunner;
import org.piwheels.testing.SdistBuilder;

/**
 * The first farm end to end, run once for all the assertions: a local PyPI with real
 * sdists built on the fly (pure Python, a C extension linking zlib, one that fails, one
 * that tries to write outside its build, a fork bomb, one
 * that sleeps past the slaves' timeout, one that writes to $HOME), the embedded
 * PostgreSQL, then piw-initdb, piw-master and two piw-slaves, each through its real
 * main class in a JVM of its own (the master and slaves as nobody when the test runs as
 * root); then what the web root says, and pip installing from it into a fresh venv.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FarmEndToEndTest {
    /**
     * The slaves' build timeout: the sleepy build and the fork bomb run until it ends; the
     * real builds take 5-10 s here on a quiet machine, but a pure-Python one once took more
     * than 45 s with eight test suites running beside it on two cores.
     */
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(90);
    private static final String TIMED_OUT = "build timed out after 1m30s";
    private static final String MARKER = ".piw-e2e-marker";
    /** The fork bomb's children sleep this long (GNU sleep takes a fraction): how to find them. */
    private static final String BOMB_SLEEP = "600." + System.nanoTime() % 1_000_000_000L;
    private static final List<String> BUILT = List.of("hello-piwheels", "tiny-calc", "zcrc", "home-writer");

    private static Path work;
    private static Path records;
    private static Farm farm;
    private static Map<String, JsonNode> outcomes;

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES) // the builds are awaited for 8 minutes at most
    static void runTheFarm() throws Exception {
        // under target/, so that the master's and slaves' logs stay for a look after a failure
        work = Path.of("target", "e2e-farm").toAbsolutePath();
        Farm.deleteTree(work);
        Files.createDirectories(work);
        // a place outside the builds a hostile setup script tries to write to (the slaves' user could)
        Path recordDir = Files.createTempDirectory("piw-e2e-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        records = recordDir.resolve("planted.txt");

        List<SdistBuilder> samples = new ArrayList<>();
        samples.add(reporting(SampleProjects.hello(), ""));
        samples.add(reporting(SampleProjects.tinyCalc(), ""));
        samples.add(reporting(SampleProjects.zcrc(), ""));
        samples.add(reporting(SdistBuilder.sdist("broken-build", "1.0"),
                "raise SystemExit('this sdist fails to build on purpose')"));
        samples.add(reporting(SdistBuilder.sdist("sleepy-build", "1.0"), "import time\ntime.sleep(600)"));
        samples.add(reporting(SdistBuilder.sdist("home-writer", "1.0"),
                "open(os.path.expanduser('~/" + MARKER + "'), 'w').write('written by home-writer')"));
        samples.add(reporting(SdistBuilder.sdist("escape-artist", "1.0"),
                "open(" + py(records.toString()) + ", 'w').write('escaped the sandbox')"));
        samples.add(reporting(SdistBuilder.sdist("fork-bomb", "1.0"), String.join("\n",
                "_n = 0",
                "try:",
                "    while True:",
                "        if os.fork() == 0:",
                "            os.execv('/bin/sleep', ['sleep', " + py(BOMB_SLEEP) + "])",
                "        _n += 1",
                "except OSError as e:",
                "    raise SystemExit('fork refused after %d children: %s' % (_n, e))")));
        farm = new Farm(work).samples(samples).slaves(2).buildTimeout(BUILD_TIMEOUT)
                .progress(line -> System.out.println("farm: " + line)).start();
        for (String pkg : farm.sampleNames()) {
            // NEWPKG if the admin request beats the PyPI follower to it, UPDPKG otherwise
            assertThat(farm.unskip(pkg, Duration.ofMinutes(5))).isIn("NEWPKG", "UPDPKG");
        }
        outcomes = farm.awaitOutcomes(farm.sampleNames(), Duration.ofMinutes(8));
    }

    /**
     * Every setup script first reports its package, its HOME and whether the marker is
     * there, into its build log (the sandbox lets it write nowhere else).
     */
    private static SdistBuilder reporting(SdistBuilder sdist, String more) {
        String name = sdist.build().name();
        return sdist.setupPrelude(String.join("\n",
                "_home = os.path.expanduser('~')",
                "print('PIW-E2E-HOME %s %s %s' % (" + py(name) + ", _home, os.path.exists(os.path.join(_home, "
                        + py(MARKER) + "))), flush=True)",
                more));
    }

    /** The HOME reports of every sample's build log: package, HOME, marker seen. */
    private static List<String[]> homeReports() throws IOException {
        List<String[]> lines = new ArrayList<>();
        java.util.regex.Pattern report = java.util.regex.Pattern.compile("PIW-E2E-HOME (\\S+) (\\S+) (True|False)");
        for (String pkg : farm.sampleNames()) {
            JsonNode release = outcomes.get(pkg).path("releases").elements().next();
            java.util.regex.Matcher m = report.matcher(gunzip(release.path("abis").path(farm.abi()).path("log_url").asText()));
            while (m.find()) {
                lines.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
        }
        return lines;
    }

    @AfterAll
    static void stop() throws Exception {
        if (farm != null) {
            farm.close();
        }
        if (records != null) {
            Farm.deleteTree(records.getParent());
        }
    }

    @Test
    @Order(1)
    void theWheelsAndTheirMetadataAreInTheWebRootWithCorrectHashes() throws Exception {
        Path simple = farm.webRoot().resolve("simple");
        for (String pkg : BUILT) {
            JsonNode files = outcomes.get(pkg).path("releases").elements().next().path("files");
            assertThat(files.size()).as(pkg).isEqualTo(1);
            String filename = files.fieldNames().next();
            Path wheel = simple.resolve(pkg).resolve(filename);
            String sha = sha256(Files.readAllBytes(wheel));
            assertThat(files.path(filename).path("filehash").asText()).isEqualTo(sha);
            assertThat(files.path(filename).path("filesize").asLong()).isEqualTo(Files.size(wheel));
            assertThat(Files.readString(simple.resolve(pkg).resolve("index.html"))).contains(filename + "#sha256=" + sha);
        }
        assertThat(outcomes.get("tiny-calc").toString()).contains("tiny_calc-0.2-py3-none-any.whl");
        assertThat(Files.readString(simple.resolve("tiny-calc/index.html"))).contains("data-requires-python=\"&gt;=3.7\"");
        assertThat(Files.readString(simple.resolve("index.html"))).contains("zcrc", "broken-build", "sleepy-build");
    }

    @Test
    @Order(1)
    void eachWheelHasItsPep658MetadataBesideIt() throws Exception {
        Path simple = farm.webRoot().resolve("simple");
        for (String pkg : BUILT) {
            for (Path wheel : farm.publishedWheels(pkg)) {
                String filename = wheel.getFileName().toString();
                try (ZipFile zip = new ZipFile(wheel.toFile())) {
                    String dist = filename.split("-")[0] + "-" + filename.split("-")[1] + ".dist-info/METADATA";
                    try (InputStream in = zip.getInputStream(zip.getEntry(dist))) {
                        assertThat(simple.resolve(pkg).resolve(filename + ".metadata")).hasBinaryContent(in.readAllBytes());
                    }
                }
                // announced with the hash the master stored when it published the wheel (schema 0.23-j5)
                String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(simple.resolve(pkg).resolve(filename + ".metadata"))));
                assertThat(Files.readString(simple.resolve(pkg).resolve("index.html")))
                        .contains(filename + "#sha256=").contains("data-core-metadata=\"sha256=" + hash + "\"");
            }
        }
    }

    @Test
    @Order(2)
    void theCExtensionIsPlatformSpecificAndDependsOnZlibsDebianPackage() {
        JsonNode files = outcomes.get("zcrc").path("releases").path("1.0").path("files");
        String filename = files.fieldNames().next();
        assertThat(filename).startsWith("zcrc-1.0-" + farm.abi() + "-" + farm.abi() + "-linux_");
        JsonNode file = files.path(filename);
        assertThat(file.path("file_abi_tag").asText()).isEqualTo(farm.abi());
        List<String> apt = new ArrayList<>();
        file.path("apt_dependencies").forEach(n -> apt.add(n.asText()));
        assertThat(apt).contains("zlib1g", "libc6");
        assertThat(outcomes.get("tiny-calc").path("releases").path("0.2").path("files")
                .path("tiny_calc-0.2-py3-none-any.whl").path("pip_dependencies").toString()).contains("hello-piwheels");
    }

    @Test
    @Order(3)
    void thePagesAndJsonTellTheFailureAndTheTimeoutWithTheirLogs() throws Exception {
        assertFailedWithLog("broken-build", "this sdist fails to build on purpose");
        assertFailedWithLog("sleepy-build", TIMED_OUT);
        // the slaves sandbox their builds (bwrap, installed by .ci/run) and limit their processes
        assertFailedWithLog("escape-artist", "planted.txt");
        assertFailedWithLog("escape-artist", "[Errno");
        assertThat(records).doesNotExist();
        // the process limit refuses the bomb; on a machine too loaded to reach it in time the timeout ends it
        assertFailedWithLog("fork-bomb", "PIW-E2E-HOME fork-bomb");
        assertThat(gunzip(outcomes.get("fork-bomb").path("releases").path("1.0").path("abis").path(farm.abi())
                .path("log_url").asText())).containsAnyOf("fork refused after", TIMED_OUT);
        assertThat(bombChildren()).as("fork bomb children left").isZero();
        for (String pkg : BUILT) {
            JsonNode release = outcomes.get(pkg).path("releases").elements().next();
            assertThat(release.path("abis").path(farm.abi()).path("status").asText()).as(pkg).isEqualTo("success");
            assertThat(gunzip(release.path("abis").path(farm.abi()).path("log_url").asText())).as(pkg)
                    .contains("Successfully built");
        }
    }

    private void assertFailedWithLog(String pkg, String logText) throws IOException {
        JsonNode release = outcomes.get(pkg).path("releases").path("1.0");
        JsonNode build = release.path("abis").path(farm.abi());
        assertThat(build.path("status").asText()).isEqualTo("fail");
        assertThat(release.path("files").size()).isZero();
        String logUrl = build.path("log_url").asText();
        assertThat(gunzip(logUrl)).contains(logText);
        assertThat(Files.readString(farm.webRoot().resolve("project").resolve(pkg).resolve("index.html")))
                .contains(logUrl);
        assertThat(farm.publishedWheels(pkg)).isEmpty();
    }

    @Test
    @Order(4)
    void eachBuildHasItsOwnHomeWhichIsGoneAfterwards() throws Exception {
        List<String[]> lines = homeReports();
        assertThat(lines).extracting(l -> l[0]).contains("hello-piwheels", "tiny-calc", "zcrc", "broken-build",
                "sleepy-build", "home-writer", "escape-artist", "fork-bomb");
        List<Path> roots = farm.slaveBuildRoots();
        for (String[] line : lines) {
            Path home = Path.of(line[1]);
            assertThat(roots.stream().anyMatch(home::startsWith)).as("a HOME inside a build directory: " + home).isTrue();
            // the master's DONE, which removes the last build, may follow the pages by a moment
            for (int i = 0; i < 300 && Files.exists(home); i++) {
                Thread.sleep(100);
            }
            assertThat(home).as("removed with its build").doesNotExist();
            if (!line[0].equals("home-writer")) {
                assertThat(line[2]).as(line[0] + " saw home-writer's file").isEqualTo("False");
            }
        }
        assertThat(lines.stream().filter(l -> l[0].equals("home-writer")).findFirst().orElseThrow()[2]).isEqualTo("False");
        for (Path home : farm.slaveHomes()) {
            assertThat(home.resolve(MARKER)).doesNotExist();
        }
        // the two slaves shared the work
        for (int i = 1; i <= 2; i++) {
            assertThat(Files.readString(work.resolve("slave-" + i + ".log"))).contains("Building package");
        }
    }

    @Test
    @Order(5)
    void pipInstallsThePureAndTheCExtensionPackageIntoAFreshVenv() throws Exception {
        Path home = Files.createDirectories(work.resolve("pip-home"));
        Path venv = work.resolve("venv");
        assertThat(run(home, Duration.ofMinutes(2), PipRunner.PYTHON, "-m", "venv", venv.toString()).exitCode()).isZero();
        String python = venv.resolve("bin/python").toString();
        PipRunner.Result install = run(home, Duration.ofMinutes(3), python, "-m", "pip", "install", "--no-cache-dir",
                "--disable-pip-version-check", "--index-url", farm.indexUrl(), "tiny-calc", "zcrc");
        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.output()).contains("Successfully installed").contains("hello-piwheels-1.0", "tiny-calc-0.2",
                "zcrc-1.0");
        CRC32 crc = new CRC32();
        crc.update("piwheels".getBytes(StandardCharsets.US_ASCII));
        PipRunner.Result imports = run(home, Duration.ofMinutes(1), python, "-c",
                "import hello_piwheels, tiny_calc, zcrc; print(tiny_calc.__version__, zcrc.crc32(b'piwheels'))");
        assertThat(imports.exitCode()).as(imports.output()).isZero();
        assertThat(imports.output().strip()).isEqualTo("0.2 " + crc.getValue());
    }

    @Test
    @Order(6)
    void theSlavesStopCleanlyAndLeaveNoBuildBehind() throws Exception {
        List<Path> roots = farm.slaveBuildRoots();
        assertThat(farm.stopSlaves()).containsExactly(0, 0);
        for (Path root : roots) {
            try (Stream<Path> s = Files.list(root)) {
                assertThat(s.toList()).as("build directories left in " + root).isEmpty();
            }
        }
        for (int i = 1; i <= 2; i++) {
            assertThat(Files.readString(work.resolve("slave-" + i + ".log"))).contains("Shutting down on SIGTERM");
        }
    }

    @Test
    @Order(7)
    void initdbMadeTheSchemaAndTheMasterCommandQuitsCleanly() throws Exception {
        // the commands themselves ran: their start-up lines are in their logs
        assertThat(Files.readString(work.resolve("initdb.log"))).contains("PiWheels Initialize Database version");
        assertThat(Files.readString(work.resolve("master.log"))).contains("PiWheels Master version")
                .contains("Starting in development mode");
        assertThat(farm.stopMaster()).as("piw-master's exit status after QUIT").isZero();
    }

    private static PipRunner.Result run(Path home, Duration timeout, String... command) throws Exception {
        Path out = Files.createTempFile(home, "run-", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().clear();
        pb.environment().putAll(PipRunner.cleanEnvironment(home));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException("timed out: " + List.of(command) + "\n" + Files.readString(out));
        }
        return new PipRunner.Result(p.exitValue(), Files.readString(out));
    }

    /** @return how many of the fork bomb's children still run */
    private static long bombChildren() throws IOException {
        long n = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).contains(BOMB_SLEEP)) {
                        n++;
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return n;
    }

    private static String gunzip(String logUrl) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(farm.webRoot().resolve(logUrl.substring(1))))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String py(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
