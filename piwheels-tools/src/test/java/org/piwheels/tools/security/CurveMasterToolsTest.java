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
import org.piwheels.cli.ExitCodes;
import org.piwheels.protocol.transport.CurveCertificate;
import org.piwheels.protocol.transport.CurveServer;
import org.piwheels.tools.add.PiwAdd;
import org.piwheels.tools.importer.PiwImport;
import org.piwheels.tools.rebuild.PiwRebuild;
import org.piwheels.tools.remove.PiwRemove;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.TestWheels;

/**
 * {@code --curve-master-key} and {@code --curve-key} of piw-add, piw-import, piw-rebuild
 * and piw-remove against a running master with CURVE on (piw-master {@code --curve-key}
 * and {@code --curve-allow}; its import and file queues are TCP): the tools' requests
 * and uploads go encrypted, authenticated by the tool's key, which is the master's
 * whole check on a CURVE import queue (so the admin secret, named here as a file that
 * does not exist, is not read).
 */
class CurveMasterToolsTest {
    private static RunningMaster master;
    private static Path masterPublic;
    private static Path toolSecret;

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    @BeforeAll
    static void startMaster() throws Exception {
        CurveCertificate masterKeys = CurveCertificate.generate();
        masterKeys.writeSecret(keys.resolve("master_secret"));
        masterPublic = keys.resolve("master");
        masterKeys.writePublic(masterPublic);
        Path allowed = Files.createDirectory(keys.resolve("allowed"));
        CurveCertificate toolKeys = CurveCertificate.generate();
        toolKeys.writePublic(allowed.resolve("operator"));
        toolSecret = keys.resolve("operator_secret");
        toolKeys.writeSecret(toolSecret);
        master = RunningMaster.start("piwheels_tools_curve_master", true,
                CurveServer.load(keys.resolve("master_secret"), allowed));
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
        List<String> all = new ArrayList<>(List.of("-v", "--import-queue", master.importQueue(),
                "--curve-master-key", masterPublic.toString(), "--curve-key", toolSecret.toString(),
                "--admin-secret", dir.resolve("no-such.secret").toString()));
        all.addAll(List.of(args));
        return CommandRunner.run(command, section, all.toArray(new String[0]), List.of());
    }

    @Test
    void addImportRebuildAndRemoveOverCurve() throws Exception {
        assertThat(run(new PiwAdd(), "add", "-y", "curve-pkg", "-d", "secret stuff")).isZero();
        assertThat(run(new PiwAdd(), "add", "-y", "curve-pkg", "1.0")).isZero();
        assertThat(master.dal().testPackageVersion("curve-pkg", "1.0")).isTrue();

        // the upload goes over the file queue, CURVE too
        Path wheel = TestWheels.of(dir, "curve-pkg", "1.0", "cp311-cp311-linux_armv7l", 100_000);
        assertThat(run(new PiwImport(), "import", "-y", "--file-queue", master.fileQueue(), "--delete",
                wheel.toString())).isZero();
        assertThat(wheel).doesNotExist();
        String name = wheel.getFileName().toString();
        assertThat(master.output().resolve("simple/curve-pkg/" + name)).exists();
        Path project = master.output().resolve("project/curve-pkg/index.html");
        await("the project page", () -> RunningMaster.pageLists(project, name));

        Files.delete(project);
        assertThat(run(new PiwRebuild(), "rebuild", "-y", "project", "curve-pkg")).isZero();
        await("the project page written again", () -> RunningMaster.pageLists(project, name));

        assertThat(run(new PiwRemove(), "remove", "-y", "curve-pkg", "1.0", "--builds")).isZero();
        assertThat(master.rows("SELECT build_id FROM builds WHERE package = 'curve-pkg'")).isEmpty();
        await("the wheel to leave the web root",
                () -> !Files.exists(master.output().resolve("simple/curve-pkg/" + name)));
        assertThat(stderr.text()).contains("Added package successfully", "Added version successfully",
                "Imported build successfully", "Queued rebuild request for page(s) successfully",
                "Removed builds for version successfully");
    }

    @Test
    void onlyOneOfTheTwoKeysIsAUsageError() {
        for (String option : List.of("--curve-master-key", "--curve-key")) {
            Path file = option.equals("--curve-key") ? toolSecret : masterPublic;
            assertThat(CommandRunner.run(new PiwAdd(), "add", new String[] {"-y", "--import-queue",
                    master.importQueue(), option, file.toString(), "curve-half", "-d", "x"}, List.of()))
                    .as(option).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(stderr.text()).contains("--curve-master-key and --curve-key go together");
        assertThat(master.dal().testPackage("curve-half")).isFalse();
    }
}
