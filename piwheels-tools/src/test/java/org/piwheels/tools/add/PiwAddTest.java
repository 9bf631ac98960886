package org.piwheels.tools.add;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piwheels.protocol.messages.AdminProtocol.AddPkg;
import org.piwheels.protocol.messages.AdminProtocol.AddVer;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.tools.testing.FakeMrChase;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.Stdout;
import org.piwheels.tools.testing.Prompts;

/** piw-add against a scripted master (components spec §12, §19.7 items 79–81). */
class PiwAddTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    private int run(Prompts prompts, FakeMrChase master, String... args) {
        List<String> all = new ArrayList<>(List.of("--import-queue", master.address(), "-v", "--admin-auth", "off"));
        all.addAll(List.of(args));
        return PiwAdd.run(new PiwAdd(prompts.prompt()), List.of(), all.toArray(new String[0]));
    }

    @Test
    void addsAPackageWithDescriptionAndAliases() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWPKG"))) {
            int rc = run(new Prompts(""), master, "-y", "Foo_Bar", "-d", "foos things", "-a", "foo.bar", "-a", "FOO-BAR");
            assertThat(rc).isZero();
            assertThat(master.requests()).containsExactly(
                    new AddPkg("Foo_Bar", "foos things", "", false, List.of("foo.bar", "FOO-BAR")));
        }
        assertThat(stderr.text()).contains("Added package successfully");
    }

    @Test
    void addsAVersionReleasedAtAGivenUtcTime() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWVER"))) {
            int rc = run(new Prompts(""), master, "-y", "foo", "0.1", "--released", "2020-06-06 00:00:00",
                    "--skip", "broken", "--yank");
            assertThat(rc).isZero();
            assertThat(master.requests()).containsExactly(new AddVer("foo", "0.1", "broken", false,
                    Instant.parse("2020-06-06T00:00:00Z"), true, false, List.of()));
        }
        assertThat(stderr.text()).contains("Added version successfully");
    }

    @Test
    void aVersionWithoutReleaseTimeIsReleasedNow() throws Exception {
        Instant before = Instant.now();
        try (FakeMrChase master = new FakeMrChase(r -> new Done("UPDVER"))) {
            assertThat(run(new Prompts(""), master, "-y", "foo", "0.1", "--unskip", "--unyank")).isZero();
            AddVer sent = (AddVer) master.requests().get(0);
            assertThat(sent.released()).isBetween(before, Instant.now());
            assertThat(sent.unskip()).isTrue();
            assertThat(sent.unyank()).isTrue();
            assertThat(sent.yank()).isFalse();
        }
        assertThat(stderr.text()).contains("Updated version successfully");
    }

    @Test
    void anAliasThatIsNotTheSamePackageIsRefusedBeforeSending() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWPKG"))) {
            assertThat(run(new Prompts(""), master, "-y", "foobar", "-d", "x", "-a", "Foo-Bar")).isEqualTo(1);
            assertThat(master.requests()).isEmpty();
        }
        assertThat(stderr.text()).contains("Alias Foo-Bar does not match canon: foobar");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NOPKG|Package foo does not exist - add it with piw-add first",
        "SKIPPKG|Cannot skip a known package with piw-add - use piw-remove instead",
        "SKIPVER|Cannot skip a known version with piw-add - use piw-remove instead",
        "YANKVER|Cannot yank a known version with piw-add - use piw-remove instead",
    })
    void refusalsExitOneWithTheirMessage(String word, String message) throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Error(word))) {
            assertThat(run(new Prompts(""), master, "-y", "foo", "0.1")).isEqualTo(1);
        }
        assertThat(stderr.text()).contains(message);
    }

    @Test
    void anUnexpectedReplyFails() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("REBUILD"))) {
            assertThat(run(new Prompts(""), master, "-y", "foo", "-d", "x")).isEqualTo(1);
        }
        assertThat(stderr.text()).contains("Unexpected response from master");
    }

    @Test
    void theDescriptionComesFromPypiAndIsCutTo200() throws Exception {
        HttpServer pypi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String summary = "s".repeat(250);
        pypi.createContext("/pypi/foo/json", x -> {
            byte[] body = ("{\"info\": {\"summary\": \"" + summary + "\"}}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        pypi.start();
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWPKG"))) {
            String root = "http://127.0.0.1:" + pypi.getAddress().getPort() + "/pypi";
            assertThat(run(new Prompts(""), master, "-y", "foo", "--pypi-json", root)).isZero();
            assertThat(run(new Prompts(""), master, "-y", "gone", "--pypi-json", root)).isZero();
            assertThat(((AddPkg) master.requests().get(0)).description()).isEqualTo("s".repeat(199) + "\u2026");
            // beyond 0.23: an unknown package on PyPI sends "" rather than failing
            assertThat(((AddPkg) master.requests().get(1)).description()).isEmpty();
        } finally {
            pypi.stop(0);
        }
    }

    @Test
    void aDeclinedPromptExitsTwoAndSendsNothing() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWVER"))) {
            Prompts no = new Prompts("n\n");
            assertThat(run(no, master, "foo", "0.1")).isEqualTo(2);
            assertThat(no.shown()).contains("Proceed? [Y/n] ");
            assertThat(run(new Prompts(""), master, "foo", "0.1")).isEqualTo(2); // end of input is no
            assertThat(master.requests()).isEmpty();
            assertThat(run(new Prompts("yes\n"), master, "foo", "0.1")).isZero();
            assertThat(master.requests()).hasSize(1);
        }
        assertThat(stderr.text()).contains("Preparing to add/update foo 0.1", "User aborted addition");
    }

    @Test
    void contradictoryOrMalformedSwitchesAreRefused() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWVER"))) {
            assertThat(run(new Prompts(""), master, "-y", "foo", "0.1", "--skip", "x", "--unskip")).isEqualTo(2);
            assertThat(run(new Prompts(""), master, "-y", "foo", "0.1", "--yank", "--unyank")).isEqualTo(2);
            assertThat(run(new Prompts(""), master, "-y", "foo", "0.1", "--released", "yesterday")).isEqualTo(1);
            assertThat(run(new Prompts(""), master, "-y")).isEqualTo(2);
            assertThat(master.requests()).isEmpty();
        }
        assertThat(stderr.text()).contains("Invalid release time yesterday");
    }

    @Test
    void theImportQueueComesFromTheAddSectionOfTheConfiguration() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWVER"))) {
            Path conf = dir.resolve("piwheels.conf");
            java.nio.file.Files.writeString(conf, "[master]\nimport-queue = tcp://127.0.0.1:1\n[add]\nimport-queue = "
                    + master.address() + "\nadmin-auth = off\n");
            int rc = PiwAdd.run(new PiwAdd(new Prompts("").prompt()), List.of(conf), "-y", "foo", "0.1");
            assertThat(rc).isZero();
            assertThat(master.requests()).hasSize(1);
        }
    }

    @Test
    void helpAndVersion() {
        assertThat(Stdout.of(() -> PiwAdd.run(new PiwAdd(), List.of(), "--help")))
                .contains("--yes", "--skip", "--unskip", "--alias", "--released", "--yank", "--unyank", "Exit status:");
        assertThat(Stdout.of(() -> PiwAdd.run(new PiwAdd(), List.of(), "--version")).strip()).isEqualTo("0.23");
    }
}
