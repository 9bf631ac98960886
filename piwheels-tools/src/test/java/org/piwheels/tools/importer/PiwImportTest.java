package org.piwheels.tools.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.Import;
import org.piwheels.protocol.messages.AdminProtocol.Send;
import org.piwheels.protocol.messages.AdminProtocol.Sent;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.wheels.WheelHashes;
import org.piwheels.tools.testing.FakeMrChase;
import org.piwheels.tools.testing.Prompts;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.TestWheels;

/** piw-import against a scripted master and file queue (components spec §11, §19.7 items 82–84). */
class PiwImportTest {
    private static final String ARMV7L = "foo-0.1-cp311-cp311-linux_armv7l.whl";
    private static final String ANY = "foo-0.1-py3-none-any.whl";

    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    private final AtomicReference<BuildState> imported = new AtomicReference<>();

    private int run(Prompts prompts, PrintStream terminal, FakeMrChase master, FakeFileJuggler files, String... args) {
        List<String> all = new ArrayList<>(List.of("--import-queue", master.address(), "--file-queue", files.address(), "-v",
                "--admin-auth", "off"));
        all.addAll(List.of(args));
        return PiwImport.run(new PiwImport(prompts.prompt(), terminal, Duration.ofMillis(300)), List.of(),
                all.toArray(new String[0]));
    }

    /** A master that replies as the script says and tells the file queue which file to expect before each SEND. */
    private Function<ToolRequest, AdminReply> mrChase(FakeFileJuggler files, Function<ToolRequest, AdminReply> script) {
        return request -> {
            if (request instanceof Import) {
                imported.set(((Import) request).build());
            }
            AdminReply reply = script.apply(request);
            if (reply instanceof Send) {
                imported.get().files().stream().filter(f -> f.filename().equals(((Send) reply).filename()))
                        .findFirst().ifPresent(files::expect);
            }
            return reply;
        };
    }

    /** Steps 1–4 of import_session.json: the master's replies, replayed, with a failed verification and a re-send. */
    private static Deque<AdminReply> recordedReplies(List<String> toolActions) throws Exception {
        JsonNode session;
        try (InputStream in = PiwImportTest.class.getResourceAsStream("/vectors/import_session.json")) {
            session = new ObjectMapper().readTree(in);
        }
        Deque<AdminReply> replies = new ArrayDeque<>();
        for (JsonNode e : session.get("events")) {
            if (!e.get("step").asText().matches("[1-4] .*")) {
                continue;
            }
            byte[] frame = HexFormat.of().parseHex(e.get("cbor_hex").asText());
            if (e.get("from").asText().equals("master")) {
                replies.add(AdminProtocol.TOOL.decode(frame));
            } else {
                toolActions.add(e.get("action").asText());
                if (e.get("action").asText().equals("SENT")) {
                    assertThat(AdminProtocol.TOOL.encode(new Sent())).isEqualTo(frame);
                }
            }
        }
        return replies;
    }

    @Test
    void importsTwoWheelsReplayingTheRecordedSessionAndDeletesThemAfterDone() throws Exception {
        Path armv7l = TestWheels.foo(dir, "cp311-cp311-linux_armv7l", ">=3.7", 150_000);
        Path any = TestWheels.foo(dir, "py3-none-any", null, 10);
        List<String> vectorActions = new ArrayList<>();
        Deque<AdminReply> replies = recordedReplies(vectorActions);
        List<String> actions = new CopyOnWriteArrayList<>();
        List<Boolean> presentAtEachSent = new CopyOnWriteArrayList<>();
        try (FakeFileJuggler files = new FakeFileJuggler(false);
             FakeMrChase master = new FakeMrChase(mrChase(files, r -> {
                 actions.add(AdminProtocol.TOOL.actionOf(r));
                 presentAtEachSent.add(Files.exists(armv7l) && Files.exists(any));
                 return replies.poll();
             }))) {
            int rc = run(new Prompts(""), null, master, files, "-y", "--delete", armv7l.toString(), any.toString());
            assertThat(rc).isZero();
            assertThat(actions).isEqualTo(vectorActions).containsExactly("IMPORT", "SENT", "SENT", "SENT");
            // the first upload "failed verification", so the same file went twice
            assertThat(files.received()).extracting(FakeFileJuggler.Received::filename).containsExactly(ARMV7L, ARMV7L, ANY);
            assertThat(files.hellos()).containsOnly(0L);
        }
        assertThat(presentAtEachSent).containsOnly(true);
        assertThat(armv7l).doesNotExist();
        assertThat(any).doesNotExist();

        BuildState b = imported.get();
        assertThat(List.of(b.slaveId(), b.packageName(), b.version(), b.abiTag(), b.status(), b.duration(), b.output()))
                .containsExactly(0L, "foo", "0.1", "cp311", true, Duration.ZERO, "Imported manually via piw-import");
        assertThat(b.files()).extracting(FileState::filename).containsExactly(ARMV7L, ANY);
        FileState f = b.files().get(0);
        assertThat(List.of(f.packageTag(), f.packageVersionTag(), f.pyVersionTag(), f.abiTag(), f.platformTag(), f.location()))
                .containsExactly("foo", "0.1", "cp311", "cp311", "linux_armv7l", "/simple");
        assertThat(f.requiresPython()).isEqualTo(">=3.7");
        assertThat(b.files().get(1).requiresPython()).isNull();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        deps.put("apt", List.of());
        deps.put("pip", List.of("bar", "baz"));
        deps.put("", List.of());
        assertThat(f.dependencies()).isEqualTo(deps);
        assertThat(new ArrayList<>(f.dependencies().keySet())).containsExactly("apt", "pip", "");
        assertThat(stderr.text()).contains("Registered build successfully", "Sent " + ARMV7L, "Master could not verify " + ARMV7L);
    }

    @Test
    void theUploadedBytesAreTheFileAndItsHashIsTheOneDeclared() throws Exception {
        Path wheel = TestWheels.foo(dir, "cp311-cp311-linux_armv7l", null, 200_000);
        try (FakeFileJuggler files = new FakeFileJuggler(true);
             FakeMrChase master = new FakeMrChase(mrChase(files,
                     r -> r instanceof Import ? new Send(ARMV7L) : new Done("IMPORT")))) {
            assertThat(run(new Prompts(""), null, master, files, "-y", wheel.toString())).isZero();
            assertThat(files.received()).hasSize(1);
            assertThat(files.received().get(0).content()).isEqualTo(Files.readAllBytes(wheel));
            // the first HELLO went unanswered: the uploader said it again after its silence
            assertThat(files.hellos()).hasSizeGreaterThanOrEqualTo(2);
        }
        FileState f = imported.get().files().get(0);
        assertThat(f.filesize()).isEqualTo(Files.size(wheel));
        assertThat(f.filehash()).isEqualTo(WheelHashes.sha256(wheel)).matches("[0-9a-f]{64}");
        assertThat(wheel).exists(); // no --delete
    }

    @Test
    void filesStayWhenTheMasterFailsAfterAnUpload() throws Exception {
        Path wheel = TestWheels.foo(dir, "cp311-cp311-linux_armv7l", null, 1000);
        try (FakeFileJuggler files = new FakeFileJuggler(false);
             FakeMrChase master = new FakeMrChase(mrChase(files,
                     r -> r instanceof Import ? new Send(ARMV7L) : new Error("disk full")))) {
            assertThat(run(new Prompts(""), null, master, files, "-y", "-d", wheel.toString())).isEqualTo(1);
            assertThat(files.received()).hasSize(1);
        }
        assertThat(wheel).exists();
        assertThat(stderr.text()).contains("disk full");
    }

    @Test
    void aRefusedImportSendsNoFileAndKeepsThem() throws Exception {
        Path wheel = TestWheels.foo(dir, "cp36-cp36m-linux_armv7l", null, 10);
        try (FakeFileJuggler files = new FakeFileJuggler(false);
             FakeMrChase master = new FakeMrChase(mrChase(files, r -> new Error("invalid ABI: cp36m")))) {
            assertThat(run(new Prompts(""), null, master, files, "-y", "-d", wheel.toString())).isEqualTo(1);
            assertThat(files.hellos()).isEmpty();
        }
        assertThat(wheel).exists();
        assertThat(stderr.text()).contains("invalid ABI: cp36m");
    }

    @Test
    void badWheelsAreRefusedBeforeAnythingIsSent() throws Exception {
        Path good = TestWheels.foo(dir, "cp311-cp311-linux_armv7l", null, 10);
        Path badName = Files.copy(good, dir.resolve("foo-0.1.whl"));
        Path notZip = Files.writeString(dir.resolve("foo-0.1-py3-none-any.whl"), "not a zip");
        Path wrongName = TestWheels.wheel(dir, "bar-0.1-py3-none-any.whl", "bar-0.1.dist-info",
                "Name: foo\nVersion: 0.1\n", 10);
        Path wrongVersion = TestWheels.wheel(dir, "foo-0.2-py3-none-any.whl", "foo-0.2.dist-info",
                "Name: foo\nVersion: 0.3\n", 10);
        Path tampered = tamper(TestWheels.foo(dir.resolve(Files.createDirectory(dir.resolve("t"))),
                "cp311-cp311-linux_armv6l", null, 10));
        try (FakeFileJuggler files = new FakeFileJuggler(false);
             FakeMrChase master = new FakeMrChase(mrChase(files, r -> new Done("IMPORT")))) {
            for (Path bad : List.of(badName, notZip, wrongName, wrongVersion, tampered, dir.resolve("missing.whl"))) {
                assertThat(run(new Prompts(""), null, master, files, "-y", good.toString(), bad.toString())).isEqualTo(1);
            }
            Path other = TestWheels.wheel(dir, "bar-0.1-py3-none-any.whl", "bar-0.1.dist-info", "Name: bar\nVersion: 0.1\n", 10);
            assertThat(run(new Prompts(""), null, master, files, "-y", good.toString(), other.toString())).isEqualTo(1);
            assertThat(run(new Prompts(""), null, master, files, "-y", good.toString(), good.toString())).isEqualTo(1);
            assertThat(master.requests()).isEmpty();
        }
        assertThat(stderr.text()).contains(
                "invalid wheel file name: foo-0.1.whl",
                "not a valid wheel (zip) file",
                "file name says package bar but METADATA says foo",
                "file name says version 0.2 but METADATA says 0.3",
                "hash of foo/data.bin does not match its RECORD entry",
                "missing.whl: no such file",
                "is not of the same package version",
                "is given twice");
    }

    /** Rewrites one member's content while keeping its RECORD line. */
    private static Path tamper(Path wheel) throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(wheel.toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                members.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        members.put("foo/data.bin", "evil".getBytes(StandardCharsets.UTF_8));
        return TestWheels.write(wheel, members);
    }

    @Test
    void aPureWheelNeedsAnAbiAndTheOptionsShapeTheBuild() throws Exception {
        Path any = TestWheels.foo(dir, "py3-none-any", null, 10);
        Path deps = Files.writeString(dir.resolve("deps.txt"), "libblas3\nlibc6\n");
        Path output = Files.writeString(dir.resolve("build.log"), "line 1\nline 2\n");
        try (FakeFileJuggler files = new FakeFileJuggler(false);
             FakeMrChase master = new FakeMrChase(mrChase(files,
                     r -> r instanceof Import ? new Send(ANY) : new Done("IMPORT")))) {
            assertThat(run(new Prompts(""), null, master, files, "-y", any.toString())).isEqualTo(1);
            assertThat(master.requests()).isEmpty();
            assertThat(run(new Prompts(""), null, master, files, "-y", "--abi", "cp35m", "--package", "Foo_Bar",
                    "--package-version", "0.1.post1", "--duration", "1h30m", "--dependencies", deps.toString(),
                    "--output", output.toString(), any.toString())).isZero();
        }
        assertThat(stderr.text()).contains("couldn't determine builder ABI; re-run with --abi");
        BuildState b = imported.get();
        assertThat(List.of(b.packageName(), b.version(), b.abiTag(), b.duration(), b.output()))
                .containsExactly("foo-bar", "0.1.post1", "cp35m", Duration.ofMinutes(90), "line 1\nline 2\n");
        assertThat(b.files().get(0).dependencies().get("apt")).containsExactly("libblas3", "libc6");
    }

    @Test
    void theSummaryIsShownAndADeclinedPromptExitsTwo() throws Exception {
        Path wheel = TestWheels.foo(dir, "cp311-cp311-linux_armv7l", ">=3.9", 10);
        try (FakeFileJuggler files = new FakeFileJuggler(false);
             FakeMrChase master = new FakeMrChase(mrChase(files,
                     r -> r instanceof Import ? new Send(ARMV7L) : new Done("IMPORT")))) {
            Prompts no = new Prompts("n\n");
            assertThat(run(no, null, master, files, wheel.toString())).isEqualTo(2);
            assertThat(run(new Prompts(""), null, master, files, wheel.toString())).isEqualTo(2);
            assertThat(master.requests()).isEmpty();
            assertThat(no.shown()).contains("Proceed? [Y/n] ");
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            assertThat(run(new Prompts("y\n"), new PrintStream(screen, true, StandardCharsets.UTF_8), master, files,
                    wheel.toString())).isZero();
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains("1/1 files", "(100%)").endsWith("\n");
        }
        assertThat(stderr.text()).contains("Preparing to import build", "Package:  foo", "Version:  0.1",
                "ABI:      cp311", "Status:   successful", "Duration: 00:00:00", "Output:   1 line(s)", "Files:    1",
                "Dependencies: 0", ARMV7L, "requires python: >=3.9", "User aborted import");
    }

    @Test
    void anUnexpectedFinalReplyFails() throws Exception {
        Path wheel = TestWheels.foo(dir, "cp311-cp311-linux_armv7l", null, 10);
        try (FakeFileJuggler files = new FakeFileJuggler(false);
             FakeMrChase master = new FakeMrChase(mrChase(files,
                     r -> r instanceof Import ? new Send("other.whl") : new Done("IMPORT")))) {
            assertThat(run(new Prompts(""), null, master, files, "-y", wheel.toString())).isEqualTo(1);
        }
        assertThat(stderr.text()).contains("Master asked for other.whl, which is not part of this import");
    }

    @Test
    void helpListsTheExitStatusesAndTheFileQueue() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(PiwImport.run(new PiwImport(), List.of(), "--help")).isZero();
            assertThat(PiwImport.run(new PiwImport(), List.of(), "--version")).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--file-queue", "--package-version", "--abi",
                "Exit status:", "130", "usage error, or the prompt was declined").endsWith("0.23" + System.lineSeparator());
    }
}
