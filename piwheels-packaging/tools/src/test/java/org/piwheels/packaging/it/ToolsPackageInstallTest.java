package org.piwheels.packaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.piwheels.packaging.DebBuilder;
import org.piwheels.testing.DocSnippets;

/**
 * Installs the freshly built piwheels-common and piwheels-tools packages on this
 * machine with dpkg, uses what they installed, and purges them. Needs root and dpkg
 * (CI has both); it refuses to run over an installed piwheels or an
 * /etc/piwheels.conf of the operator's, since purging would take that with it.
 */
class ToolsPackageInstallTest {
    private static final List<String> COMMANDS =
            List.of("piw-initdb", "piw-import", "piw-add", "piw-remove", "piw-rebuild", "piw-logger", "piw-keygen");
    private static final List<String> QUICK = List.of("piw-import", "piw-add", "piw-remove", "piw-rebuild");

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)  // about a minute on a quiet machine; dpkg and 20 JVM starts
    void installsUsesAndPurgesCleanly() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "dpkg -i needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "needs dpkg");
        Path tools = deb(Path.of(System.getProperty("deb.dir")), "piwheels-tools");
        Path common = deb(Path.of(System.getProperty("deb.common.dir")), "piwheels-common");
        String version = DebBuilder.debianVersion(System.getProperty("project.version"));

        assertThat(run("dpkg-query", "-W", "piwheels-tools").status)
                .as("piwheels-tools is already installed; remove it before running this test").isNotZero();
        assertThat(Path.of("/etc/piwheels.conf"))
                .as("/etc/piwheels.conf exists and is not ours; move it away before running this test").doesNotExist();
        boolean userExisted = run("getent", "passwd", "piwheels").status == 0;
        assertThat(Path.of("/etc/piwheels/admin.secret"))
                .as("/etc/piwheels/admin.secret exists and is not ours; move it away before running this test").doesNotExist();

        try {
            // the manual's own command (docs/packages.md), with the built files' paths
            List<String> dpkgInstall = new ArrayList<>();
            for (String word : manualCommand("packages/install")) {
                Path built = word.endsWith(".deb") ? builtFile(word, common, tools) : null;
                dpkgInstall.add(built == null ? word : built.toString());
            }
            Result install = run(dpkgInstall.toArray(String[]::new));
            assertThat(install.status).as(install.output).isZero();

            for (String command : COMMANDS) {
                Path link = Path.of("/usr/bin", command);
                assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/opt/piwheels-tools/bin", command));
                Result v = run(command, "--version");
                assertThat(v.status).as(command + " --version: " + v.output).isZero();
                // the tools print the piwheels version they are compatible with (0.23), the master its own
                assertThat(v.output.strip()).as(command + " --version").matches("\\d+(\\.\\d+)+.*");
                // the quick commands start from their class-data-sharing archive; -Xshare:on fails if it
                // cannot map (in _JAVA_OPTIONS, which come after the launcher's -Xshare:auto)
                Map<String, String> env = QUICK.contains(command) ? Map.of("_JAVA_OPTIONS", "-Xshare:on") : Map.of();
                Result help = run(env, command, "--help");
                assertThat(help.status).as(command + " --help: " + help.output).isZero();
                assertThat(help.output).contains("Usage: " + command);
                if (QUICK.contains(command)) {
                    // nearly every class --help needs comes from the archive, picocli's (Java 5 class files) included
                    Result classes = run(Map.of("_JAVA_OPTIONS", "-Xshare:on -Xlog:class+load=info"), command, "--help");
                    List<String> fromJars = classes.output.lines().filter(l -> l.contains("source: file:")).toList();
                    assertThat(fromJars).as(command + " --help: classes loaded from jars, not the archive").hasSizeLessThan(40);
                    assertThat(classes.output).as(command + " --help: picocli from the archive")
                            .contains("picocli.CommandLine source: shared objects file");
                }
                assertThat(manPage(command)).startsWith(".TH " + command.toUpperCase()).contains(".SH OPTIONS")
                        .contains("\\-\\-help").contains("\\-\\-version");
                assertThat(complete(command, "--he")).contains("--help");
            }
            assertThat(manPage("piw-add")).contains("\\-\\-import\\-queue").contains("ipc:///tmp/piw\\-import");

            for (String command : QUICK) {
                assertThat(Path.of("/var/cache/piwheels", command + ".jsa")).isNotEmptyFile();
            }
            // the manual's remedy for a lost archive (docs/troubleshooting.md) remakes it
            String remedy = "/opt/piwheels-tools/lib/piwheels-cds create";
            assertThat(Files.readString(Path.of(System.getProperty("deb.packaging.dir"), "..", "docs",
                    "troubleshooting.md"))).contains("`" + remedy + "`");
            Files.delete(Path.of("/var/cache/piwheels/piw-add.jsa"));
            Result remade = run(remedy.split(" "));
            assertThat(remade.status).as(remade.output).isZero();
            assertThat(Path.of("/var/cache/piwheels/piw-add.jsa")).isNotEmptyFile();
            assertThat(run(Map.of("_JAVA_OPTIONS", "-Xshare:on"), "piw-add", "--help").status).isZero();

            assertThat(run("dpkg-query", "-W", "-f=${Conffiles}", "piwheels-common").output)
                    .contains("/etc/piwheels.conf");
            assertThat(Files.readString(Path.of("/etc/piwheels.conf"))).contains("[master]");
            Result user = run("getent", "passwd", "piwheels");
            assertThat(user.status).isZero();
            assertThat(user.output).contains("/var/lib/piwheels").contains("nologin");
            // the admin queues' credentials: group piwheels reads them, nobody else, and the tools can use them
            Path secret = Path.of("/etc/piwheels/admin.secret");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .isEqualTo("rw-r-----");
            assertThat(Files.readAttributes(secret, java.nio.file.attribute.PosixFileAttributes.class).group().getName())
                    .isEqualTo("piwheels");
            assertThat(org.piwheels.protocol.transport.AdminSecret.read(secret).user()).isEqualTo("piwheels");
            assertThat(run("dpkg-query", "-W", "-f=${Version}", "piwheels-tools").output).isEqualTo(version);
        } finally {
            Result purge = run(manualCommand("packages/purge").toArray(String[]::new));
            assertThat(purge.status).as(purge.output).isZero();
        }

        assertThat(run("dpkg-query", "-W", "-f=${db:Status-Status}", "piwheels-tools").output).doesNotContain("installed");
        assertThat(Path.of("/opt/piwheels-tools")).doesNotExist();
        assertThat(Path.of("/var/cache/piwheels")).doesNotExist();
        assertThat(Path.of("/etc/piwheels.conf")).doesNotExist();
        assertThat(Path.of("/etc/piwheels")).as("the admin credentials go on purge").doesNotExist();
        for (String command : COMMANDS) {
            assertThat(Path.of("/usr/bin", command)).doesNotExist();
            assertThat(Path.of("/usr/share/man/man1", command + ".1.gz")).doesNotExist();
            assertThat(Path.of("/usr/share/bash-completion/completions", command)).doesNotExist();
        }
        if (!userExisted) {
            assertThat(run("getent", "passwd", "piwheels").status).as("the piwheels user is removed on purge").isNotZero();
            assertThat(Path.of("/var/lib/piwheels")).doesNotExist();
        }
    }

    /** The words of the one command line of the manual's snippet {@code id} (docs/packages.md). */
    private static List<String> manualCommand(String id) {
        List<String> lines = DocSnippets.get(id).commands();
        assertThat(lines).as(id).hasSize(1);
        return List.of(lines.get(0).replaceFirst("\\s+#.*$", "").split("\\s+"));
    }

    /** The built package the manual names by file name; the manual must name the version the build makes. */
    private static Path builtFile(String name, Path... built) {
        for (Path p : built) {
            if (p.getFileName().toString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("docs/packages.md installs " + name + ", but the build made " + List.of(built));
    }

    private static Path deb(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(name + "_")
                    && f.getFileName().toString().endsWith(".deb")).toList();
            assertThat(found).as(name + " package in " + dir).hasSize(1);
            return found.get(0);
        }
    }

    private static String manPage(String command) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("/usr/share/man/man1", command + ".1.gz")))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What bash completion offers for {@code command word}, through the installed completion script. */
    private static String complete(String command, String word) throws Exception {
        String script = "source /usr/share/bash-completion/completions/" + command
                + "; COMP_WORDS=(" + command + " " + word + "); COMP_CWORD=1; COMP_LINE='" + command + " " + word
                + "'; _complete_" + command + "; echo \"${COMPREPLY[@]}\"";
        Result r = run("bash", "-c", script);
        assertThat(r.status).as(r.output).isZero();
        return r.output;
    }

    private record Result(int status, String output) {
    }

    private static Result run(String... command) throws Exception {
        return run(Map.of(), command);
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), output);
    }
}
