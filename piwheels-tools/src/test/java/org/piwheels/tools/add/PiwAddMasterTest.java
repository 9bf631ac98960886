package org.piwheels.tools.add;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.tools.testing.RunningMaster.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.ProjectData;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;

/**
 * piw-add against a running master: every switch, checked in the database the master
 * keeps and in its web root. Each test adds packages of its own.
 */
class PiwAddMasterTest {
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
        List<String> all = new ArrayList<>(List.of("--import-queue", master.importQueue(), "-v",
                "--pypi-json", master.pypi().jsonUrl()));
        all.addAll(master.adminArgs());
        all.addAll(List.of(args));
        return PiwAdd.run(new PiwAdd(prompts.prompt()), List.of(), all.toArray(new String[0]));
    }

    private static int yes(String... args) {
        List<String> all = new ArrayList<>(List.of("-y"));
        all.addAll(List.of(args));
        return run(new Prompts(""), all.toArray(new String[0]));
    }

    private static String packageSkip(String pkg) throws Exception {
        List<List<String>> rows = master.rows("SELECT skip FROM packages WHERE package = '" + pkg + "'");
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    private static ProjectData.Release release(String pkg, String version) {
        return master.dal().getProjectData(pkg).releases().get(version);
    }

    @Test
    void aNewPackageGetsItsDescriptionFromPypiItsAliasesAndItsPages() throws Exception {
        master.pypi().addProject("Kappa_Lib", "Kappa does things");
        assertThat(yes("Kappa_Lib", "-a", "kappa.lib", "--alias", "KAPPA-LIB")).isZero();
        assertThat(stderr.text()).contains("Added package successfully");
        assertThat(master.dal().testPackage("kappa-lib")).isTrue();
        ProjectData data = master.dal().getProjectData("kappa-lib");
        assertThat(data.description()).isEqualTo("Kappa does things");
        assertThat(data.name()).isEqualTo("Kappa_Lib"); // the name as typed was recorded last
        assertThat(master.dal().getPackageAliases("kappa-lib")).contains("kappa.lib", "KAPPA-LIB", "Kappa_Lib");
        assertThat(packageSkip("kappa-lib")).isEmpty();
        // a new package is a BOTH rewrite: its simple page, its project page and a link per alias
        await("the simple page", () -> Files.exists(master.output().resolve("simple/kappa-lib/index.html")));
        await("the project page", () -> Files.exists(master.output().resolve("project/kappa-lib/index.html")));
        await("the alias link", () -> Files.isSymbolicLink(master.output().resolve("project/kappa.lib")));
    }

    @Test
    void aPackageUnknownToPypiGetsAnEmptyDescriptionAndAGivenOneWins() throws Exception {
        assertThat(yes("lambda-nowhere")).isZero();
        assertThat(master.dal().getProjectData("lambda-nowhere").description()).isEmpty();
        assertThat(stderr.text()).contains("No description for lambda-nowhere on PyPI (HTTP 404)");

        assertThat(yes("lambda-given", "-d", "Given by hand")).isZero();
        assertThat(master.dal().getProjectData("lambda-given").description()).isEqualTo("Given by hand");
        // an existing package: the description changes, nothing else
        assertThat(yes("lambda-given", "--description", "Changed")).isZero();
        assertThat(master.dal().getProjectData("lambda-given").description()).isEqualTo("Changed");
        assertThat(stderr.text()).contains("Added package successfully", "Updated package successfully");
    }

    @Test
    void skipAndUnskipAPackage() throws Exception {
        assertThat(yes("mu-pkg", "-s", "needs CUDA", "-d", "x")).isZero();
        assertThat(packageSkip("mu-pkg")).isEqualTo("needs CUDA");
        // a known package is skipped with piw-remove, not piw-add
        assertThat(yes("mu-pkg", "--skip", "other reason", "-d", "x")).isEqualTo(1);
        assertThat(stderr.text()).contains("Cannot skip a known package with piw-add - use piw-remove instead");
        assertThat(packageSkip("mu-pkg")).isEqualTo("needs CUDA");
        assertThat(yes("mu-pkg", "--unskip", "-d", "x")).isZero();
        assertThat(packageSkip("mu-pkg")).isEmpty();
    }

    @Test
    void versionsWithReleaseTimeSkipYankAndTheirReversal() throws Exception {
        assertThat(yes("nu-pkg", "-d", "nu")).isZero();
        assertThat(yes("nu-pkg", "1.0", "-r", "2020-06-06 12:30:00", "--yank")).isZero();
        assertThat(yes("Nu_Pkg", "2.0", "--released", "2021-01-02 03:04:05", "--skip", "broken sdist")).isZero();
        Instant before = Instant.now().minusSeconds(5);
        assertThat(yes("nu-pkg", "3.0")).isZero();
        assertThat(stderr.text()).contains("Added version successfully");

        ProjectData.Release v1 = release("nu-pkg", "1.0");
        assertThat(v1.released()).isEqualTo(Instant.parse("2020-06-06T12:30:00Z"));
        assertThat(v1.yanked()).isTrue();
        assertThat(v1.skip()).isEmpty();
        ProjectData.Release v2 = release("nu-pkg", "2.0");
        assertThat(v2.released()).isEqualTo(Instant.parse("2021-01-02T03:04:05Z"));
        assertThat(v2.skip()).isEqualTo("broken sdist");
        assertThat(v2.yanked()).isFalse();
        assertThat(release("nu-pkg", "3.0").released()).isAfter(before).isBefore(Instant.now().plusSeconds(5));

        // known versions: skipping or yanking is piw-remove's job; unskip and unyank are piw-add's
        assertThat(yes("nu-pkg", "3.0", "-s", "late")).isEqualTo(1);
        assertThat(yes("nu-pkg", "3.0", "--yank")).isEqualTo(1);
        assertThat(stderr.text()).contains("Cannot skip a known version with piw-add - use piw-remove instead",
                "Cannot yank a known version with piw-add - use piw-remove instead");
        assertThat(release("nu-pkg", "3.0").skip()).isEmpty();
        assertThat(release("nu-pkg", "3.0").yanked()).isFalse();

        assertThat(yes("nu-pkg", "1.0", "--unyank")).isZero();
        assertThat(release("nu-pkg", "1.0").yanked()).isFalse();
        assertThat(yes("nu-pkg", "2.0", "--unskip")).isZero();
        assertThat(release("nu-pkg", "2.0").skip()).isEmpty();
        assertThat(stderr.text()).contains("Updated version successfully");
        await("the project page", () -> Files.exists(master.output().resolve("project/nu-pkg/index.html")));
    }

    @Test
    void aRefusedYankDoesNotUnskipOnTheWay() throws Exception {
        // 0.23 cleared the skip reason, then refused the yank; the request must have no effect at all
        assertThat(yes("xi-pkg", "-d", "xi")).isZero();
        assertThat(yes("xi-pkg", "1.0", "-s", "held back")).isZero();
        assertThat(yes("xi-pkg", "1.0", "--unskip", "--yank")).isEqualTo(1);
        assertThat(release("xi-pkg", "1.0").skip()).isEqualTo("held back");
        assertThat(release("xi-pkg", "1.0").yanked()).isFalse();
    }

    @Test
    void contradictionsAreUsageErrorsAndVersionSwitchesAreIgnoredForAPackage() throws Exception {
        assertThat(yes("omicron-pkg", "-s", "a", "--unskip", "-d", "o")).isEqualTo(2);
        assertThat(yes("omicron-pkg", "1.0", "--yank", "--unyank")).isEqualTo(2);
        assertThat(master.dal().testPackage("omicron-pkg")).isFalse();
        assertThat(stderr.text()).contains("--skip and --unskip contradict each other",
                "--yank and --unyank contradict each other");

        assertThat(yes("omicron-pkg", "--yank", "-r", "2020-01-01 00:00:00", "-d", "o")).isZero();
        assertThat(master.dal().testPackage("omicron-pkg")).isTrue();
        assertThat(master.dal().getProjectData("omicron-pkg").releases()).isEmpty();
        assertThat(stderr.text()).contains("--yank, --unyank and --released apply to a version; ignored for a package");
    }

    @Test
    void unknownPackagesBadAliasesAndBadTimesFailAndChangeNothing() throws Exception {
        assertThat(yes("pi-nosuch", "1.0")).isEqualTo(1);
        assertThat(stderr.text()).contains("Package pi-nosuch does not exist - add it with piw-add first");
        assertThat(master.dal().testPackage("pi-nosuch")).isFalse();

        assertThat(yes("pi-pkg", "-a", "pi-other", "-d", "p")).isEqualTo(1);
        assertThat(stderr.text()).contains("Alias pi-other does not match canon: pi-pkg");
        assertThat(master.dal().testPackage("pi-pkg")).isFalse();

        assertThat(yes("pi-pkg", "-d", "p")).isZero();
        assertThat(yes("pi-pkg", "1.0", "-r", "yesterday")).isEqualTo(1);
        assertThat(stderr.text()).contains("Invalid release time yesterday");
        assertThat(master.dal().testPackageVersion("pi-pkg", "1.0")).isFalse();
    }

    @Test
    void itAsksUnlessYesAndADeclineSendsNothing() throws Exception {
        Prompts no = new Prompts("n\n");
        assertThat(run(no, "rho-pkg", "-d", "r")).isEqualTo(2);
        assertThat(no.shown()).contains("Proceed? [Y/n] ");
        assertThat(master.dal().testPackage("rho-pkg")).isFalse();
        assertThat(run(new Prompts(""), "rho-pkg", "-d", "r")).isEqualTo(2); // end of input is no
        assertThat(master.dal().testPackage("rho-pkg")).isFalse();
        assertThat(run(new Prompts("y\n"), "rho-pkg", "-d", "r")).isZero();
        assertThat(master.dal().testPackage("rho-pkg")).isTrue();
        assertThat(stderr.text()).contains("Preparing to add/update rho-pkg", "User aborted addition");
    }

    @Test
    void theConfigurationFileQuietAndLogFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("piwheels.conf"), "[add]\nimport-queue = " + master.importQueue() + "\nadmin-secret = " + master.adminSecret()
                + "\nyes = true\ndescription = from the file\nalias = [Sigma.Pkg, SIGMA_PKG]\n");
        Path log = dir.resolve("add.log");
        int rc = PiwAdd.run(new PiwAdd(new Prompts("").prompt()), List.of(), "-c", conf.toString(), "-q",
                "-l", log.toString(), "sigma-pkg");
        assertThat(rc).isZero();
        assertThat(master.dal().getProjectData("sigma-pkg").description()).isEqualTo("from the file");
        assertThat(master.dal().getPackageAliases("sigma-pkg")).contains("Sigma.Pkg", "SIGMA_PKG");
        assertThat(Files.readString(log)).contains("import INFO: Added package successfully");
        assertThat(stderr.text()).doesNotContain("Added package successfully");
    }
}
