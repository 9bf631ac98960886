package org.piwheels.tools.security;

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
import org.piwheels.cli.CommandRunner;
import org.piwheels.tools.add.PiwAdd;
import org.piwheels.tools.importer.PiwImport;
import org.piwheels.tools.logger.PiwLogger;
import org.piwheels.tools.rebuild.PiwRebuild;
import org.piwheels.tools.remove.PiwRemove;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.TestWheels;

/**
 * {@code --admin-auth off} of all five tools against a running master started with
 * {@code --admin-auth off} (as every 0.23 master is): each tool connects without
 * credentials, never reads {@code --admin-secret} (it names a file that does not
 * exist), and its request takes effect.
 */
class AdminAuthOffMasterTest {
    private static RunningMaster master;

    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    @BeforeAll
    static void startMaster() throws Exception {
        master = RunningMaster.start("piwheels_tools_open_master", false, null);
    }

    @AfterAll
    static void stopMaster() {
        try {
            assertThat(master.healthy()).isTrue();
        } finally {
            master.close();
        }
    }

    private int run(Object command, String section, String... args) {
        List<String> all = new ArrayList<>(List.of("-v", "--admin-auth", "off",
                "--admin-secret", dir.resolve("no-such.secret").toString()));
        all.addAll(List.of(args));
        return CommandRunner.run(command, section, all.toArray(new String[0]), List.of());
    }

    @Test
    void everyToolWorksWithoutCredentialsAgainstAMasterWithoutThem() throws Exception {
        String queue = master.importQueue();
        assertThat(run(new PiwAdd(), "add", "-y", "--import-queue", queue, "open-pkg", "-d", "open")).isZero();
        assertThat(run(new PiwAdd(), "add", "-y", "--import-queue", queue, "open-pkg", "1.0")).isZero();
        assertThat(master.dal().testPackageVersion("open-pkg", "1.0")).isTrue();

        Path wheel = TestWheels.of(dir, "open-pkg", "1.0", "cp311-cp311-linux_armv7l", 10);
        assertThat(run(new PiwImport(), "import", "-y", "--import-queue", queue, "--file-queue", master.fileQueue(),
                wheel.toString())).isZero();
        Path simple = master.output().resolve("simple/open-pkg/index.html");
        assertThat(master.output().resolve("simple/open-pkg/" + wheel.getFileName())).exists();
        await("the simple page", () -> RunningMaster.pageLists(simple, wheel.getFileName().toString()));

        Path project = master.output().resolve("project/open-pkg/index.html");
        await("the project page", () -> Files.exists(project));
        Files.delete(project);
        assertThat(run(new PiwRebuild(), "rebuild", "-y", "--import-queue", queue, "project", "open-pkg")).isZero();
        await("the project page written again", () -> RunningMaster.pageLists(project, wheel.getFileName().toString()));

        assertThat(run(new PiwRemove(), "remove", "-y", "--import-queue", queue, "open-pkg", "1.0", "--yank")).isZero();
        assertThat(master.dal().getProjectData("open-pkg").releases().get("1.0").yanked()).isTrue();
        await("the simple page to mark the yank", () -> RunningMaster.pageLists(simple, "data-yanked"));

        Path log = Files.writeString(dir.resolve("access.log"), "192.0.2.201 - - [18/Mar/2019:14:24:56 +0000] "
                + "\"GET /project/open-pkg/ HTTP/1.1\" 200 1 \"-\" \"Mozilla/5.0\"\n");
        assertThat(run(new PiwLogger(), "logger", "--log-queue", master.logQueue(), log.toString())).isZero();
        await("the page hit", () -> {
            try {
                return master.rows("SELECT package FROM project_page_hits WHERE accessed_by = '192.0.2.201'")
                        .equals(List.of(List.of("open-pkg")));
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
        assertThat(stderr.text()).contains("Added package successfully", "Added version successfully",
                "Imported build successfully", "Queued rebuild request for page(s) successfully",
                "Yanked version successfully", "Read 1 line(s): 1 record(s) sent, 0 dropped, 0 unparsed")
                .doesNotContain("admin secret");
    }
}
