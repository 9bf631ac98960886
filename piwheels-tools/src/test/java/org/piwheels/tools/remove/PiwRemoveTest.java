package org.piwheels.tools.remove;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.RemPkg;
import org.piwheels.protocol.messages.AdminProtocol.RemVer;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.tools.testing.FakeMrChase;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.Stdout;

/** piw-remove against a scripted master (components spec §13, §19.7 items 76–79). */
class PiwRemoveTest {
    @RegisterExtension
    final Stderr stderr = new Stderr();

    private static int run(Prompts prompts, FakeMrChase master, String... args) {
        List<String> all = new ArrayList<>(List.of("--import-queue", master.address(), "-v", "--admin-auth", "off"));
        all.addAll(List.of(args));
        return PiwRemove.run(new PiwRemove(prompts.prompt()), List.of(), all.toArray(new String[0]));
    }

    /** Every switch combination sends the fields of spec §6.3, and every DONE word has its message. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo||||DELPKG|Removed package successfully",
        "foo||-b||DELPKGBLD|Removed builds for package successfully",
        "foo||-s|old|SKIPPKG|Skipped package successfully",
        "foo||-b -s|old|DELPKGBLD|Removed builds for package successfully",
        "foo|0.1|||DELVER|Removed version successfully",
        "foo|0.1|--builds||DELVERBLD|Removed builds for version successfully",
        "foo|0.1|--skip|old|SKIPVER|Skipped version successfully",
        "foo|0.1|--yank||YANKVER|Yanked version successfully",
        "foo|0.1|--skip --yank|old|YANKVER|Yanked version successfully",
        "foo|0.1|--skip --yank --builds|old|DELVERBLD|Removed builds for version successfully",
    })
    void switchesMakeTheRequestAndRepliesTheMessage(String pkg, String version, String switches, String reason,
                                                    String word, String message) throws Exception {
        List<String> args = new ArrayList<>(List.of("-y", pkg));
        if (version != null) {
            args.add(version);
        }
        boolean builds = false;
        boolean yank = false;
        for (String s : switches == null ? new String[0] : switches.split(" ")) {
            args.add(s);
            if (s.equals("-s") || s.equals("--skip")) {
                args.add(reason);
            }
            builds |= s.equals("-b") || s.equals("--builds");
            yank |= s.equals("--yank");
        }
        String skip = reason == null ? "" : reason;
        ToolRequest expected = version == null ? new RemPkg(pkg, builds, skip) : new RemVer(pkg, version, builds, skip, yank);
        try (FakeMrChase master = new FakeMrChase(r -> new Done(word))) {
            assertThat(run(new Prompts(""), master, args.toArray(new String[0]))).isZero();
            assertThat(master.requests()).containsExactly(expected);
        }
        assertThat(stderr.text()).contains(message);
    }

    @Test
    void unknownPackagesAndVersionsAreClearFailures() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Error(r instanceof RemPkg ? "NOPKG" : "NOVER"))) {
            assertThat(run(new Prompts(""), master, "-y", "nosuchpkg")).isEqualTo(1);
            assertThat(run(new Prompts(""), master, "-y", "foo", "0.1")).isEqualTo(1);
        }
        assertThat(stderr.text()).contains("Package nosuchpkg does not exist", "Version foo 0.1 does not exist");
    }

    @Test
    void yankWithoutAVersionIsIgnoredWithAWarning() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("DELPKG"))) {
            assertThat(run(new Prompts(""), master, "-y", "foo", "--yank")).isZero();
            assertThat(master.requests()).containsExactly(new RemPkg("foo", false, ""));
        }
        assertThat(stderr.text()).contains("--yank applies to a version");
    }

    @Test
    void itShowsWhatItWillRemoveAndAsks() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("DELVER"))) {
            Prompts no = new Prompts("maybe\nno\n");
            assertThat(run(no, master, "foo", "0.1")).isEqualTo(2);
            assertThat(no.shown()).contains("Invalid response");
            assertThat(run(new Prompts(""), master, "foo", "--builds", "--skip", "broken")).isEqualTo(2);
            assertThat(master.requests()).isEmpty();
            assertThat(run(new Prompts("\n"), master, "foo", "0.1")).isZero();
            assertThat(master.requests()).hasSize(1);
        }
        assertThat(stderr.text()).contains(
                "Preparing to remove/alter foo 0.1",
                "This will delete version foo 0.1, builds and files",
                "This will mark package foo skipped (broken)",
                "This will delete every build and file of package foo; it stays known",
                "User aborted removal");
    }

    @Test
    void anUnexpectedReplyFails() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("NEWPKG"))) {
            assertThat(run(new Prompts(""), master, "-y", "foo")).isEqualTo(1);
        }
        assertThat(stderr.text()).contains("Unexpected response from master");
    }

    @Test
    void helpAndVersion() {
        assertThat(Stdout.of(() -> PiwRemove.run(new PiwRemove(), List.of(), "--help")))
                .contains("--yes", "--skip", "--builds", "--yank", "Exit status:", "130");
        assertThat(Stdout.of(() -> PiwRemove.run(new PiwRemove(), List.of(), "--version")).strip()).isEqualTo("0.23");
    }
}
