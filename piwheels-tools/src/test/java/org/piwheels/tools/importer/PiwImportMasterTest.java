package org.piwheels.tools.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.tools.testing.RunningMaster.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.ProjectData;
import org.piwheels.protocol.wheels.WheelHashes;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.TestWheels;

/**
 * piw-import against a running master (embedded PostgreSQL, real sockets): real wheels
 * end up in the database and the web root, with the pages that list them; a refused
 * import leaves nothing behind. Each test imports its own package.
 */
class PiwImportMasterTest {
    private static RunningMaster master;

    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    @BeforeAll
    static void startMaster() throws Exception {
        master = RunningMaster.shared();
    }

    @AfterAll
    static void masterStillRuns() {
        assertThat(master.healthy()).isTrue();
    }

    private int run(Prompts prompts, String... args) {
        List<String> all = new ArrayList<>(List.of("--import-queue", master.importQueue(), "--file-queue", master.fileQueue()));
        all.addAll(master.adminArgs());
        all.addAll(List.of(args));
        return PiwImport.run(new PiwImport(prompts.prompt(), null, Duration.ofMillis(500)), List.of(),
                all.toArray(new String[0]));
    }

    private static void knownVersion(String pkg, String version) {
        master.dal().addNewPackage(pkg, "", "");
        master.dal().addNewPackageVersion(pkg, version, Instant.parse("2024-01-01T00:00:00Z"), "");
    }

    private Path wheel(String name, String version, String tags, int payload) throws Exception {
        return TestWheels.of(dir, name, version, tags, payload);
    }

    private static Path web(String relative) {
        return master.output().resolve(relative);
    }

    private static List<List<String>> builds(String pkg) throws Exception {
        return master.rows("SELECT version, abi_tag, built_by, status, EXTRACT(EPOCH FROM duration)::int, build_id"
                + " FROM builds WHERE package = '" + pkg + "' ORDER BY build_id");
    }

    private static String buildLog(int buildId) throws Exception {
        String id = String.format("%012d", buildId);
        Path log = web("logs/" + id.substring(0, 4) + "/" + id.substring(4, 8) + "/" + id.substring(8) + ".txt.gz");
        await("build log " + log, () -> Files.exists(log));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(log))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void realWheelsAreRecordedPublishedListedAndDeletedLocallyAfterTheMasterConfirmed() throws Exception {
        knownVersion("alpha", "1.0");
        Path v7 = wheel("alpha", "1.0", "cp311-cp311-linux_armv7l", 100_000);
        Path any = wheel("alpha", "1.0", "py3-none-any", 10);
        byte[] v7Bytes = Files.readAllBytes(v7);
        String v7Hash = WheelHashes.sha256(v7);
        Path deps = Files.writeString(dir.resolve("deps.txt"), "libblas3\nlibc6\n");
        Path output = Files.writeString(dir.resolve("build.log"), "compiled alpha\nall good\n");

        assertThat(run(new Prompts(""), "-y", "-v", "--delete", "--duration", "1h30m", "--dependencies", deps.toString(),
                "--output", output.toString(), v7.toString(), any.toString())).isZero();

        // the master's confirmation came before the local files went
        assertThat(v7).doesNotExist();
        assertThat(any).doesNotExist();
        // the database: one successful build by "slave" 0, its files (with the armv6l twin) and dependencies
        List<List<String>> builds = builds("alpha");
        assertThat(builds).hasSize(1);
        assertThat(builds.get(0).subList(0, 5)).containsExactly("1.0", "cp311", "0", "t", "5400");
        String v6 = "alpha-1.0-cp311-cp311-linux_armv6l.whl";
        String v7Name = v7.getFileName().toString();
        assertThat(master.dal().getPackageFiles("alpha")).containsEntry(v7Name, v7Hash).containsEntry(v6, v7Hash)
                .containsKey(any.getFileName().toString()).hasSize(3);
        ProjectData.File f = master.dal().getProjectData("alpha").releases().get("1.0").files().get(v7Name);
        assertThat(f.size()).isEqualTo(v7Bytes.length);
        assertThat(master.rows("SELECT tool, dependency FROM dependencies WHERE filename = '" + v7Name + "'"
                + " ORDER BY tool, dependency")).containsExactly(
                List.of("apt", "libblas3"), List.of("apt", "libc6"), List.of("pip", "numpy"));
        // the web root: the wheels, the armv6l link, the pages that list them, the build log
        assertThat(web("simple/alpha/" + v7Name)).hasBinaryContent(v7Bytes);
        assertThat(Files.isSymbolicLink(web("simple/alpha/" + v6))).isTrue();
        assertThat(web("simple/alpha/" + any.getFileName())).exists();
        await("the simple page", () -> contains(web("simple/alpha/index.html"), v7Name));
        assertThat(Files.readString(web("simple/alpha/index.html"))).contains(any.getFileName().toString(), v6);
        await("the project page", () -> contains(web("project/alpha/index.html"), v7Name));
        await("the project JSON", () -> contains(web("project/alpha/json/index.json"), v7Hash));
        // the PEP 658 hashes of the .metadata files written beside the wheels are stored with their rows
        for (String name : List.of(v7Name, v6, any.getFileName().toString())) {
            assertThat(master.dal().getProjectData("alpha").releases().get("1.0").files().get(name).coreMetadataHash())
                    .as(name).isEqualTo(WheelHashes.sha256(web("simple/alpha/" + name + ".metadata")));
        }
        assertThat(buildLog(Integer.parseInt(builds.get(0).get(5)))).isEqualTo("compiled alpha\nall good\n");
        assertThat(stderr.text()).contains("Registered build successfully", "Imported build successfully");
    }

    @Test
    void packageVersionAndAbiOptionsNameTheBuildOfAPureWheel() throws Exception {
        knownVersion("beta-gamma", "2.0");
        Path any = wheel("Beta_Gamma", "2.0", "py3-none-any", 10);
        // without --abi a pure wheel has no build ABI: refused before the master hears of it
        assertThat(run(new Prompts(""), "-y", any.toString())).isEqualTo(1);
        assertThat(stderr.text()).contains("couldn't determine builder ABI; re-run with --abi");
        assertThat(builds("beta-gamma")).isEmpty();

        assertThat(run(new Prompts(""), "-y", "--abi", "cp312", "--package", "Beta.Gamma", "--package-version", "2.0",
                any.toString())).isZero();
        assertThat(builds("beta-gamma")).extracting(r -> r.subList(0, 5))
                .containsExactly(List.of("2.0", "cp312", "0", "t", "0"));
        assertThat(any).exists(); // no --delete
        await("the simple page", () -> contains(web("simple/beta-gamma/index.html"), any.getFileName().toString()));
        assertThat(buildLog(Integer.parseInt(builds("beta-gamma").get(0).get(5))))
                .isEqualTo("Imported manually via piw-import");
    }

    @Test
    void withoutYesItShowsTheBuildAndAsksAndDeletesOnlyAfterConfirmation() throws Exception {
        knownVersion("delta", "0.1");
        Path wheel = wheel("delta", "0.1", "cp311-cp311-linux_x86_64", 10);
        Prompts no = new Prompts("n\n");
        assertThat(run(no, "--delete", wheel.toString())).isEqualTo(2);
        assertThat(no.shown()).contains("Proceed? [Y/n] ");
        assertThat(wheel).exists();
        assertThat(builds("delta")).isEmpty();
        assertThat(web("simple/delta")).doesNotExist();

        assertThat(run(new Prompts("yes\n"), "--delete", wheel.toString())).isZero();
        assertThat(wheel).doesNotExist();
        assertThat(builds("delta")).hasSize(1);
        assertThat(web("simple/delta/delta-0.1-cp311-cp311-linux_x86_64.whl")).exists();
        assertThat(stderr.text()).contains("Preparing to import build", "Package:  delta", "ABI:      cp311",
                "User aborted import");
    }

    @Test
    void onATerminalAProgressBarCountsFilesBytesAndRateInsteadOfLines() throws Exception {
        knownVersion("bar-pkg", "1.0");
        Path big = wheel("bar-pkg", "1.0", "cp311-cp311-linux_armv7l", 300_000);
        Path small = wheel("bar-pkg", "1.0", "cp311-cp311-linux_aarch64", 10);
        long total = Files.size(big) + Files.size(small);
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--import-queue", master.importQueue(), "--file-queue",
                master.fileQueue(), "-y", "-v", big.toString(), small.toString()));
        args.addAll(master.adminArgs());
        int rc = PiwImport.run(new PiwImport(new Prompts("").prompt(),
                new java.io.PrintStream(screen, true, StandardCharsets.UTF_8), Duration.ofMillis(500)), List.of(),
                args.toArray(new String[0]));
        assertThat(rc).isZero();
        assertThat(builds("bar-pkg")).hasSize(1);
        String drawn = screen.toString(StandardCharsets.UTF_8);
        // redrawn in place: carriage returns, the final state complete, then one newline
        assertThat(drawn).startsWith("\r[").endsWith("\n")
                .contains("0/2 files, 0 B of " + org.piwheels.cli.TextFormats.size(total) + " (0%)")
                .contains("[" + "#".repeat(30) + "] 2/2 files, " + org.piwheels.cli.TextFormats.size(total) + " of "
                        + org.piwheels.cli.TextFormats.size(total) + " (100%), ")
                .containsPattern("\\(100%\\), [0-9]+ [KMG]?i?B/s");
        // the per-file lines of the plain mode are not logged beside the bar
        assertThat(stderr.text()).contains("Imported build successfully").doesNotContain("Sent " + big.getFileName());
    }

    @Test
    void anUnknownAbiIsRefusedByTheMasterAndLeavesNothingBehind() throws Exception {
        knownVersion("epsilon", "1.0");
        Path wheel = wheel("epsilon", "1.0", "cp36-cp36m-linux_armv7l", 10);
        assertThat(run(new Prompts(""), "-y", "--delete", wheel.toString())).isEqualTo(1);
        assertThat(stderr.text()).contains("invalid ABI: cp36m");
        assertNothingLeft("epsilon");
        assertThat(wheel).exists();
    }

    @Test
    void anUnknownVersionIsRefusedByTheMasterAndLeavesNothingBehind() throws Exception {
        Path wheel = wheel("zeta", "1.0", "cp311-cp311-linux_armv7l", 10);
        assertThat(run(new Prompts(""), "-y", "-d", wheel.toString())).isEqualTo(1);
        assertThat(stderr.text()).contains("unknown package version zeta 1.0");
        assertNothingLeft("zeta");
        assertThat(wheel).exists();
    }

    @Test
    void aBadHashOrAWrongNameIsRefusedBeforeAnythingIsSent() throws Exception {
        knownVersion("eta", "1.0");
        Path good = wheel("eta", "1.0", "cp311-cp311-linux_armv7l", 10);
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(good.toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                members.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        members.put("foo/data.bin", "changed after RECORD was written".getBytes(StandardCharsets.UTF_8));
        Path badHash = TestWheels.write(dir.resolve("eta-1.0-cp311-cp311-linux_aarch64.whl"), members);
        // METADATA says eta, the file name says theta: a wheel of another project, or a renamed one
        Path wrongName = TestWheels.wheel(dir, "theta-1.0-cp311-cp311-linux_armv6l.whl", "theta-1.0.dist-info",
                "Metadata-Version: 2.1\nName: eta\nVersion: 1.0\n", 10);
        Path wrongTags = Files.copy(good, dir.resolve("eta-1.0-cp311.whl"));
        for (Path bad : List.of(badHash, wrongName, wrongTags)) {
            assertThat(run(new Prompts(""), "-y", "-d", good.toString(), bad.toString())).as("%s", bad).isEqualTo(1);
            assertThat(bad).exists();
        }
        assertThat(stderr.text()).contains("hash of foo/data.bin does not match its RECORD entry",
                "file name says package theta but METADATA says eta", "invalid wheel file name: eta-1.0-cp311.whl");
        assertNothingLeft("eta");
        assertThat(good).exists();
    }

    /** No build, no file row, nothing in the web root for the package. */
    private static void assertNothingLeft(String pkg) throws Exception {
        assertThat(builds(pkg)).isEmpty();
        assertThat(master.rows("SELECT filename FROM files WHERE package_tag = '" + pkg + "'")).isEmpty();
        assertThat(web("simple/" + pkg)).doesNotExist();
        try (var s = Files.list(web("simple"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tmp"));
        }
    }

    @Test
    void queuesComeFromTheConfigurationFileAndTheLogFileGetsInfo() throws Exception {
        knownVersion("iota", "1.0");
        Path wheel = wheel("iota", "1.0", "cp311-cp311-linux_armv7l", 10);
        Path conf = Files.writeString(dir.resolve("piwheels.conf"), "[import]\nimport-queue = " + master.importQueue() + "\nadmin-secret = " + master.adminSecret()
                + "\nfile-queue = " + master.fileQueue() + "\nyes\n");
        Path log = dir.resolve("import.log");
        int rc = PiwImport.run(new PiwImport(new Prompts("").prompt(), null, Duration.ofMillis(500)), List.of(),
                "-c", conf.toString(), "-q", "-l", log.toString(), wheel.toString());
        assertThat(rc).isZero();
        assertThat(builds("iota")).hasSize(1);
        assertThat(Files.readString(log)).contains("import INFO: Registered build successfully");
        assertThat(stderr.text()).doesNotContain("Registered build successfully");
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
