package org.piwheels.tools.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.Rebuild;
import org.piwheels.protocol.messages.AdminProtocol.Send;
import org.piwheels.tools.testing.FakeMrChase;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.Stdout;

/** piw-rebuild against a scripted master (components spec §14, §19.1 item 8, §19.7 items 78–79). */
class PiwRebuildTest {
    @RegisterExtension
    final Stderr stderr = new Stderr();

    private static int run(Prompts prompts, PrintStream terminal, FakeMrChase master, String... args) {
        List<String> all = new ArrayList<>(List.of("--import-queue", master.address(), "-v", "--admin-auth", "off"));
        all.addAll(List.of(args));
        return PiwRebuild.run(new PiwRebuild(prompts.prompt(), terminal), List.of(), all.toArray(new String[0]));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "home||HOME|",
        "home|foo|HOME|",
        "search||SEARCH|",
        "project|foo|PROJECT|foo",
        "index|Foo_Bar|BOTH|Foo_Bar",
    })
    void onePartNeedsNoPrompt(String part, String pkg, String wire, String sentPkg) throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("REBUILD"))) {
            Prompts prompts = new Prompts("n\n");
            int rc = pkg == null ? run(prompts, null, master, part) : run(prompts, null, master, part, pkg);
            assertThat(rc).isZero();
            assertThat(prompts.shown()).isEmpty();
            assertThat(master.requests()).containsExactly(new Rebuild(wire, sentPkg));
        }
        assertThat(stderr.text()).contains("Queued rebuild request for page(s) successfully");
    }

    @Test
    void allPackagesAreConfirmedFirst() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("REBUILD"))) {
            Prompts no = new Prompts("n\n");
            assertThat(run(no, null, master, "index")).isEqualTo(2);
            assertThat(no.shown()).contains("This will rebuild pages for ALL packages; proceed? [Y/n] ");
            assertThat(master.requests()).isEmpty();
            assertThat(run(new Prompts("y\n"), null, master, "project")).isZero();
            assertThat(run(new Prompts(""), null, master, "-y", "index")).isZero();
            assertThat(master.requests()).containsExactly(new Rebuild("PROJECT", null), new Rebuild("BOTH", null));
        }
        assertThat(stderr.text()).contains("User aborted rebuild", "Go make coffee...");
    }

    @Test
    void progressIsShownWhileAllPagesAreQueued() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (FakeMrChase master = new FakeMrChase(r -> {
            try {
                Thread.sleep(1200); // the master answers once every package is queued
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Done("REBUILD");
        })) {
            assertThat(run(new Prompts(""), new PrintStream(screen, true, StandardCharsets.UTF_8), master, "-y", "index"))
                    .isZero();
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("\rQueuing pages for all packages").endsWith("\n");
    }

    @Test
    void anUnknownPartIsAUsageError() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> new Done("REBUILD"))) {
            assertThat(run(new Prompts(""), null, master, "foo")).isEqualTo(2);
            assertThat(run(new Prompts(""), null, master, "BOTH")).isEqualTo(2);
            assertThat(master.requests()).isEmpty();
        }
        assertThat(stderr.text()).contains("invalid website part foo");
    }

    @Test
    void errorsAndUnexpectedRepliesFail() throws Exception {
        try (FakeMrChase master = new FakeMrChase(r -> ((Rebuild) r).part().equals("PROJECT")
                ? new Error("unknown package foo") : new Send("foo.whl"))) {
            assertThat(run(new Prompts(""), null, master, "project", "foo")).isEqualTo(1);
            assertThat(run(new Prompts(""), null, master, "home")).isEqualTo(1);
        }
        assertThat(stderr.text()).contains("unknown package foo", "Unexpected response from master");
    }

    @Test
    void helpAndVersion() {
        assertThat(Stdout.of(() -> PiwRebuild.run(new PiwRebuild(), List.of(), "--help")))
                .contains("--yes", "home, search, project or index", "Exit status:");
        assertThat(Stdout.of(() -> PiwRebuild.run(new PiwRebuild(), List.of(), "--version")).strip()).isEqualTo("0.23");
    }
}
