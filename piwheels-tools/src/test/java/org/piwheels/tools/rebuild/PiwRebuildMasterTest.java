package org.piwheels.tools.rebuild;

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
import org.junit.jupiter.params.provider.ValueSource;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;

/**
 * piw-rebuild against a running master: each part, for one package and for all,
 * shown by the pages it makes the master write again after the test deleted them.
 */
class PiwRebuildMasterTest {
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
        return PiwRebuild.run(new PiwRebuild(prompts.prompt(), null), List.of(), all.toArray(new String[0]));
    }

    private static Path web(String relative) {
        return master.output().resolve(relative);
    }

    /** Imports a wheel of the package and waits for both its pages; returns the wheel's name. */
    private String published(String pkg) throws Exception {
        String wheel = master.publish(dir, pkg, "1.0", V7);
        await("the pages of " + pkg, () -> lists("simple/" + pkg + "/index.html", wheel)
                && lists("project/" + pkg + "/index.html", wheel));
        return wheel;
    }

    private static boolean lists(String page, String text) {
        return RunningMaster.pageLists(web(page), text);
    }

    private static void delete(String... pages) throws Exception {
        for (String p : pages) {
            Files.deleteIfExists(web(p));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"home", "search"})
    void homeAndSearchBothRewriteTheHomePageAndTheSearchIndex(String part) throws Exception {
        await("the first home page", () -> Files.exists(web("index.html")) && Files.exists(web("packages.json")));
        delete("index.html", "packages.json");
        assertThat(run(new Prompts(""), part, "ignored-pkg")).isZero(); // no prompt: not per package
        await("the home page", () -> Files.exists(web("index.html")));
        await("the search index", () -> Files.exists(web("packages.json")));
        assertThat(stderr.text()).contains("A package is ignored when rebuilding " + part,
                "Queued rebuild request for page(s) successfully");
    }

    @Test
    void projectForOnePackageRewritesItsProjectPageAndJsonOnly() throws Exception {
        String wheel = published("rb-project");
        delete("project/rb-project/index.html", "project/rb-project/json/index.json", "simple/rb-project/index.html");
        assertThat(run(new Prompts(""), "project", "rb-project")).isZero();
        await("the project page", () -> lists("project/rb-project/index.html", wheel));
        await("the project JSON", () -> Files.exists(web("project/rb-project/json/index.json")));
        assertThat(web("simple/rb-project/index.html")).doesNotExist();
    }

    @Test
    void indexForOnePackageRewritesItsSimpleAndProjectPages() throws Exception {
        String wheel = published("rb-index");
        delete("project/rb-index/index.html", "simple/rb-index/index.html");
        assertThat(run(new Prompts(""), "-y", "index", "rb-index")).isZero();
        await("the simple page", () -> lists("simple/rb-index/index.html", wheel));
        await("the project page", () -> lists("project/rb-index/index.html", wheel));
    }

    @Test
    void projectAndIndexForAllPackagesAskFirstThenRewriteEveryOne() throws Exception {
        String a = published("rb-all-a");
        String b = published("rb-all-b");
        delete("project/rb-all-a/index.html", "project/rb-all-b/index.html");
        Prompts yes = new Prompts("\n");
        assertThat(run(yes, "project")).isZero();
        assertThat(yes.shown()).contains("This will rebuild pages for ALL packages; proceed? [Y/n] ");
        await("every project page", () -> lists("project/rb-all-a/index.html", a) && lists("project/rb-all-b/index.html", b));

        delete("simple/rb-all-a/index.html", "simple/rb-all-b/index.html");
        assertThat(run(new Prompts(""), "--yes", "index")).isZero();
        await("every simple page", () -> lists("simple/rb-all-a/index.html", a) && lists("simple/rb-all-b/index.html", b));
        assertThat(stderr.text()).contains("Go make coffee...", "Queued rebuild request for page(s) successfully");
    }

    @Test
    void aDeclinedRebuildOfEverythingSendsNothing() throws Exception {
        assertThat(run(new Prompts("n\n"), "index")).isEqualTo(2);
        assertThat(run(new Prompts(""), "project")).isEqualTo(2);
        assertThat(stderr.text()).contains("User aborted rebuild").doesNotContain("Connecting to master");
    }

    @Test
    void anUnknownPackageOrPartFails() throws Exception {
        assertThat(run(new Prompts(""), "project", "rb-nosuch")).isEqualTo(1);
        assertThat(stderr.text()).contains("unknown package rb-nosuch");
        assertThat(run(new Prompts(""), "rb-nosuch")).isEqualTo(2);
        assertThat(stderr.text()).contains("invalid website part rb-nosuch");
    }

    @Test
    void theConfigurationFileQuietAndLogFile() throws Exception {
        String wheel = published("rb-conf");
        delete("project/rb-conf/index.html");
        Path conf = Files.writeString(dir.resolve("piwheels.conf"), "[rebuild]\nimport-queue = " + master.importQueue() + "\nadmin-secret = " + master.adminSecret()
                + "\nyes = true\n");
        Path log = dir.resolve("rebuild.log");
        int rc = PiwRebuild.run(new PiwRebuild(new Prompts("").prompt(), null), List.of(), "-c", conf.toString(), "-q",
                "-l", log.toString(), "project");
        assertThat(rc).isZero();
        await("the project page", () -> lists("project/rb-conf/index.html", wheel));
        assertThat(Files.readString(log)).contains("import INFO: Queued rebuild request for page(s) successfully");
        assertThat(stderr.text()).doesNotContain("Queued rebuild request");
    }
}
