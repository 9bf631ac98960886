package org.piwheels.tools.remove;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.tools.testing.RunningMaster.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piwheels.db.ProjectData;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;

/**
 * piw-remove against a running master: every switch and combination, on packages
 * whose wheels were really imported, checked in the database and in the web root.
 * Among them the two 0.23 combination bugs the master fixes: wheels of a removed
 * package are deleted from the web root (0.23 deleted the rows first and left them),
 * and a version both skipped and yanked leaves the index (0.23 kept its wheels).
 */
class PiwRemoveMasterTest {
    private static final String V7 = "cp311-cp311-linux_armv7l";
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

    private static int run(Prompts prompts, String... args) {
        List<String> all = new ArrayList<>(List.of("--import-queue", master.importQueue(), "-v"));
        all.addAll(master.adminArgs());
        all.addAll(List.of(args));
        return PiwRemove.run(new PiwRemove(prompts.prompt()), List.of(), all.toArray(new String[0]));
    }

    private static int yes(String... args) {
        List<String> all = new ArrayList<>(List.of("-y"));
        all.addAll(List.of(args));
        return run(new Prompts(""), all.toArray(new String[0]));
    }

    private static Path web(String relative) {
        return master.output().resolve(relative);
    }

    private static List<List<String>> builds(String pkg, String version) throws Exception {
        return master.rows("SELECT build_id FROM builds WHERE package = '" + pkg + "' AND version = '" + version + "'");
    }

    private static String packageSkip(String pkg) throws Exception {
        return master.rows("SELECT skip FROM packages WHERE package = '" + pkg + "'").get(0).get(0);
    }

    private static boolean pageLists(String page, String text) {
        try {
            return Files.exists(web(page)) && Files.readString(web(page)).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Imports 1.0 and 2.0 of the package, and waits for its simple page to list both. */
    private String[] twoVersions(String pkg) throws Exception {
        String one = master.publish(dir, pkg, "1.0", V7);
        String two = master.publish(dir, pkg, "2.0", V7);
        await("the simple page of " + pkg, () -> pageLists("simple/" + pkg + "/index.html", one)
                && pageLists("simple/" + pkg + "/index.html", two));
        return new String[] {one, two};
    }

    @Test
    void removingAPackageDeletesItsRowsWheelsPagesAndAliasLinks() throws Exception {
        String[] wheels = twoVersions("rm-whole");
        master.dal().addPackageName("rm-whole", "Rm.Whole", java.time.Instant.now());
        assertThat(yes("Rm_Whole")).isZero();
        assertThat(stderr.text()).contains("Removed package successfully");
        assertThat(master.dal().testPackage("rm-whole")).isFalse();
        assertThat(master.rows("SELECT * FROM builds WHERE package = 'rm-whole'")).isEmpty();
        // 0.23 deleted the rows before telling the web writer, which then found no file to delete
        await("the package's files to go", () -> !Files.exists(web("simple/rm-whole")) && !Files.exists(web("project/rm-whole")));
        assertThat(web("simple/rm-whole/" + wheels[0])).doesNotExist();
        assertThat(Files.exists(web("project/Rm.Whole"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(web("simple/index.html"))).doesNotContain("rm-whole");
    }

    @ParameterizedTest(name = "piw-remove {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "-b|Removed builds for package successfully||true",
        "-s|Skipped package successfully|old stuff|false",
        "-b -s|Removed builds for package successfully|old stuff|true",
    })
    void packageBuildsAndSkipKeepThePackageButTakeItsWheelsOffTheIndex(String switches, String message, String skip,
                                                                      boolean buildsGone) throws Exception {
        String pkg = "rm-pkg" + switches.replace(" ", "").replace("-", "");
        String[] wheels = twoVersions(pkg);
        List<String> args = new ArrayList<>(List.of(pkg));
        for (String s : switches.split(" ")) {
            args.add(s);
            if (s.equals("-s")) {
                args.add(skip);
            }
        }
        assertThat(yes(args.toArray(new String[0]))).isZero();
        assertThat(stderr.text()).contains(message);
        assertThat(master.dal().testPackage(pkg)).isTrue();
        assertThat(master.dal().testPackageVersion(pkg, "1.0")).isTrue();
        assertThat(packageSkip(pkg)).isEqualTo(skip == null ? "" : skip);
        assertThat(builds(pkg, "1.0").isEmpty() && builds(pkg, "2.0").isEmpty()).isEqualTo(buildsGone);
        await("the wheels to leave the web root", () -> !Files.exists(web("simple/" + pkg + "/" + wheels[0]))
                && !Files.exists(web("simple/" + pkg + "/" + wheels[1])));
        assertThat(Files.readString(web("simple/index.html"))).doesNotContain("\"" + pkg + "/\"");
    }

    @ParameterizedTest(name = "piw-remove pkg 1.0 {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // switches | message | version known | skip | yanked | builds kept | wheel kept
        "|Removed version successfully|false||false|false|false",
        "--builds|Removed builds for version successfully|true||false|false|false",
        "--skip|Skipped version successfully|true|broken|false|true|false",
        "--yank|Yanked version successfully|true||true|true|true",
        "--skip --yank|Yanked version successfully|true|broken|true|true|false",
        "--builds --yank|Removed builds for version successfully|true||true|false|false",
        "--skip --yank --builds|Removed builds for version successfully|true|broken|true|false|false",
    })
    void versionSwitchesAndTheirCombinations(String switches, String message, boolean known, String skip, boolean yanked,
                                             boolean buildsKept, boolean wheelKept) throws Exception {
        String pkg = "rm-ver" + (switches == null ? "" : switches.replace(" ", "").replace("-", ""));
        String[] wheels = twoVersions(pkg);
        List<String> args = new ArrayList<>(List.of(pkg, "1.0"));
        for (String s : switches == null ? new String[0] : switches.split(" ")) {
            args.add(s);
            if (s.equals("--skip")) {
                args.add(skip);
            }
        }
        assertThat(yes(args.toArray(new String[0]))).isZero();
        assertThat(stderr.text()).contains(message);
        assertThat(master.dal().testPackageVersion(pkg, "1.0")).isEqualTo(known);
        if (known) {
            ProjectData.Release r = master.dal().getProjectData(pkg).releases().get("1.0");
            assertThat(r.skip()).isEqualTo(skip == null ? "" : skip);
            assertThat(r.yanked()).isEqualTo(yanked);
        }
        assertThat(builds(pkg, "1.0").isEmpty()).isEqualTo(!buildsKept);
        Path first = web("simple/" + pkg + "/" + wheels[0]);
        if (wheelKept) {
            // a yank alone keeps the wheel and its link; the page is rewritten to mark it yanked
            await("the simple page to mark the yank", () -> pageLists("simple/" + pkg + "/index.html", "data-yanked"));
            assertThat(first).exists();
            assertThat(Files.readString(web("simple/" + pkg + "/index.html"))).contains(wheels[0]);
        } else {
            await("the wheel to leave the index", () -> !Files.exists(first)
                    && !pageLists("simple/" + pkg + "/index.html", wheels[0]));
        }
        // the other version is untouched
        assertThat(web("simple/" + pkg + "/" + wheels[1])).exists();
        assertThat(Files.readString(web("simple/" + pkg + "/index.html"))).contains(wheels[1]);
        assertThat(builds(pkg, "2.0")).hasSize(1);
    }

    @Test
    void unknownPackagesAndVersionsAreClearFailures() throws Exception {
        master.dal().addNewPackage("rm-known", "", "");
        assertThat(yes("rm-nosuch")).isEqualTo(1);
        assertThat(yes("rm-known", "9.9")).isEqualTo(1);
        assertThat(stderr.text()).contains("Package rm-nosuch does not exist", "Version rm-known 9.9 does not exist");
        assertThat(master.dal().testPackage("rm-known")).isTrue();
    }

    @Test
    void yankWithoutAVersionIsIgnoredWithAWarning() throws Exception {
        master.dal().addNewPackage("rm-yankpkg", "", "");
        assertThat(yes("rm-yankpkg", "--yank")).isZero();
        assertThat(stderr.text()).contains("--yank applies to a version; ignored for a package",
                "Removed package successfully");
        assertThat(master.dal().testPackage("rm-yankpkg")).isFalse();
    }

    @Test
    void withoutYesItSaysWhatItWillDoAndAsks() throws Exception {
        String[] wheels = twoVersions("rm-ask");
        Prompts no = new Prompts("perhaps\nno\n");
        assertThat(run(no, "rm-ask", "1.0", "--builds", "--skip", "flaky")).isEqualTo(2);
        assertThat(no.shown()).contains("Proceed? [Y/n] ", "Invalid response");
        assertThat(run(new Prompts(""), "rm-ask")).isEqualTo(2); // end of input is no
        assertThat(stderr.text()).contains("Preparing to remove/alter rm-ask 1.0",
                "This will mark version rm-ask 1.0 skipped (flaky)",
                "This will delete every build and file of version rm-ask 1.0; it stays known",
                "This will delete package rm-ask with all its versions, builds and files",
                "User aborted removal");
        assertThat(builds("rm-ask", "1.0")).hasSize(1);
        assertThat(master.dal().getProjectData("rm-ask").releases().get("1.0").skip()).isEmpty();
        assertThat(web("simple/rm-ask/" + wheels[0])).exists();

        assertThat(run(new Prompts("y\n"), "rm-ask", "2.0")).isZero();
        assertThat(master.dal().testPackageVersion("rm-ask", "2.0")).isFalse();
    }

    @Test
    void theConfigurationFileQuietAndLogFile() throws Exception {
        master.dal().addNewPackage("rm-conf", "", "");
        Path conf = Files.writeString(dir.resolve("piwheels.conf"), "[remove]\nimport-queue = " + master.importQueue() + "\nadmin-secret = " + master.adminSecret()
                + "\nyes\nskip = from the file\n");
        Path log = dir.resolve("remove.log");
        int rc = PiwRemove.run(new PiwRemove(new Prompts("").prompt()), List.of(), "-c", conf.toString(), "-q",
                "-l", log.toString(), "rm-conf");
        assertThat(rc).isZero();
        assertThat(packageSkip("rm-conf")).isEqualTo("from the file");
        assertThat(Files.readString(log)).contains("import INFO: Skipped package successfully");
        assertThat(stderr.text()).doesNotContain("Skipped package successfully");
    }
}
