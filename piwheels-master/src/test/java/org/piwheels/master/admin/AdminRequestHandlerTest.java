package org.piwheels.master.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.Database;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.MasterConfig;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.AdminProtocol.AddPkg;
import org.piwheels.protocol.messages.AdminProtocol.AddVer;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.Import;
import org.piwheels.protocol.messages.AdminProtocol.Rebuild;
import org.piwheels.protocol.messages.AdminProtocol.RemPkg;
import org.piwheels.protocol.messages.AdminProtocol.RemVer;
import org.piwheels.protocol.messages.AdminProtocol.Send;
import org.piwheels.protocol.messages.AdminProtocol.Sent;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.messages.FsProtocol;
import org.piwheels.protocol.messages.SkipProtocol;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.RawSocket;
import org.zeromq.SocketType;

/**
 * The admin handler against a real database, with fake web writer, slave driver,
 * file receiver and statistics task that record what they are sent.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class AdminRequestHandlerTest {
    private static final Path VECTORS = Path.of("..", "piwheels-protocol", "src", "test", "resources", "vectors");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestDatabase db;
    private Database dal;
    private Connection admin;
    private TaskRig rig;
    private FakeEndpoint<WebProtocol.PageRequest> web;
    private FakeEndpoint<StatsProtocol.StatsUpdate> stats;
    private final AtomicInteger verifies = new AtomicInteger();
    private volatile Predicate<Integer> verifyPasses = n -> true;
    private final List<Boolean> packageRowAtDelPkg = new ArrayList<>();
    private final List<Boolean> versionRowAtDelVer = new ArrayList<>();
    private MessageSocket<ToolRequest, AdminReply> tool;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path out) throws Exception {
        this.db = db;
        this.dal = db.dal();
        admin = db.adminConnection();
        Fixtures.clear(admin);
        Fixtures.abis(admin);
        rig = new TaskRig(db, out);
        var t = rig.transport();
        var config = rig.context().config();
        web = rig.fake(FakeEndpoint.replying(t, WebProtocol.WRITER, config.webQueue(), this::answerWeb, "web",
                rig.journal()));
        rig.fake(FakeEndpoint.replying(t, SkipProtocol.SLAVE_DRIVER, MasterConfig.SKIP,
                r -> new SkipProtocol.Ok(), "skip", rig.journal()));
        rig.fake(FakeEndpoint.replying(t, FsProtocol.RECEIVER, config.fsQueue(), this::answerFs, "fs",
                rig.journal()));
        stats = rig.fake(FakeEndpoint.pulling(t, StatsProtocol.COLLECTOR, config.statsQueue(), "stats",
                rig.journal()));
        rig.start(new AdminRequestHandler(rig.context()));
        tool = t.socket(SocketType.REQ, AdminProtocol.TOOL);
        tool.linger(Duration.ZERO);
        tool.connect(config.importQueue());
    }

    @AfterEach
    void stop() throws Exception {
        if (tool != null) {
            tool.close();
        }
        if (rig != null) {
            rig.close();
        }
        admin.close();
    }

    // records whether the rows were still there when the writer was told (notify first, delete last)
    private WebProtocol.PageReply answerWeb(WebProtocol.PageRequest r) {
        if (r instanceof WebProtocol.DelPkg) {
            packageRowAtDelPkg.add(dal.testPackage(((WebProtocol.DelPkg) r).packageName()));
        } else if (r instanceof WebProtocol.DelVer) {
            WebProtocol.DelVer d = (WebProtocol.DelVer) r;
            versionRowAtDelVer.add(dal.testPackageVersion(d.packageName(), d.version()));
        }
        return new WebProtocol.Done();
    }

    private FsProtocol.FsReply answerFs(FsProtocol.FsRequest r) {
        if (r instanceof FsProtocol.Verify) {
            return verifyPasses.test(verifies.incrementAndGet())
                    ? new FsProtocol.Ok(null) : new FsProtocol.Error("hash mismatch");
        }
        return new FsProtocol.Ok(null);
    }

    private AdminReply ask(ToolRequest request) throws ProtocolException {
        tool.send(request);
        AdminReply reply = tool.recv(WAIT);
        assertThat(reply).as("reply to %s", request).isNotNull();
        return reply;
    }

    /** @return the journal as "queue Action" lines, e.g. {@code web Both} */
    private List<String> requests() {
        List<String> lines = new ArrayList<>();
        for (String line : rig.journal().drain()) {
            int bracket = line.indexOf('[');
            lines.add(bracket < 0 ? line : line.substring(0, bracket));
        }
        return lines;
    }

    private void fooVersion() throws Exception {
        Fixtures.fooVersion(admin);
    }

    private static FileState wheel(String name, String platform) {
        return new FileState(name, 123, "ab".repeat(32), "foo", "0.1", "cp34", "cp34m", platform, null,
                Map.of("apt", List.of(), "pip", List.of()), "/simple");
    }

    private static BuildState build(String abi, boolean status, List<FileState> files) {
        return new BuildState(7, "foo", "0.1", abi, status, Duration.ofSeconds(5), "built it", files);
    }

    // ---- the recorded 0.23 session ----------------------------------------------

    @Test
    void replaysTheRecordedImportSessionByteForByte() throws Exception {
        Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('cp311')");
        fooVersion();
        verifyPasses = n -> n > 1; // as recorded: the first VERIFY fails
        JsonNode events = new ObjectMapper().readTree(VECTORS.resolve("import_session.json").toFile()).get("events");
        HexFormat hex = HexFormat.of();
        try (RawSocket raw = rig.transport().raw(SocketType.REQ)) {
            raw.linger(Duration.ZERO);
            raw.connect(rig.context().config().importQueue());
            for (int i = 0; i < events.size(); i += 2) {
                JsonNode request = events.get(i);
                JsonNode reply = events.get(i + 1);
                String step = request.get("step").asText();
                if (step.startsWith("7 ")) {
                    // the recording's database was a stub; start the add/remove steps from a clean slate
                    Fixtures.clear(admin);
                    Fixtures.abis(admin);
                }
                raw.send(hex.parseHex(request.get("cbor_hex").asText()));
                List<byte[]> answer = raw.recv(WAIT);
                assertThat(answer).as(step).isNotNull();
                assertThat(hex.formatHex(answer.get(answer.size() - 1))).as(step)
                        .isEqualTo(reply.get("cbor_hex").asText());
                if (step.startsWith("1 ")) {
                    // recorded before any transfer, with the armv6l twin
                    assertThat(dal.getVersionFiles("foo", "0.1")).containsExactlyInAnyOrder(
                            "foo-0.1-cp311-cp311-linux_armv7l.whl", "foo-0.1-cp311-cp311-linux_armv6l.whl",
                            "foo-0.1-py3-none-any.whl");
                }
            }
        }
        assertThat(stats.next(WAIT)).isEqualTo(new StatsProtocol.Home());
        assertThat(requests()).containsExactly(
                "fs Expect", "fs Verify", "fs Expect", "fs Verify", "fs Expect", "fs Verify",
                "web Log", "web Both",
                "web Both",
                "web Project",
                "web DelVer", "skip DelVer",
                "stats Home");
        assertThat(dal.testPackage("foo")).isTrue();
        assertThat(dal.testPackageVersion("foo", "0.2")).isFalse();
    }

    // ---- import -------------------------------------------------------------------

    @Test
    void importChecksComeInTheSpecifiedOrder() throws Exception {
        FileState v7 = wheel(Fixtures.WHEEL_V7, "linux_armv7l");
        assertThat(ask(new Import(build("cp34m", false, List.of(v7)))))
                .isEqualTo(new Error("importing a failed build is not supported"));
        assertThat(ask(new Import(build("cp34m", true, List.of()))))
                .isEqualTo(new Error("no files listed for import"));
        assertThat(ask(new Import(build("cp36m", true, List.of(v7))))).isEqualTo(new Error("invalid ABI: cp36m"));
        assertThat(ask(new Import(build("cp34m", true, List.of(v7)))))
                .isEqualTo(new Error("unknown package version foo 0.1"));
        assertThat(requests()).isEmpty();
        assertThat(ask(new Sent())).isEqualTo(new Error("protocol violation"));
    }

    @Test
    void importRecordsTheBuildAsSlaveZeroAndRetriesAFailedVerification() throws Exception {
        fooVersion();
        verifyPasses = n -> n != 2;
        FileState any = wheel("foo-0.1-py3-none-any.whl", "any");
        FileState v7 = wheel(Fixtures.WHEEL_V7, "linux_armv7l");
        assertThat(ask(new Import(build("cp34m", true, List.of(v7, any))))).isEqualTo(new Send(Fixtures.WHEEL_V7));
        assertThat(dal.getVersionFiles("foo", "0.1")).contains(Fixtures.WHEEL_V6);
        assertThat(dal.getProjectData("foo").releases().get("0.1").files()).containsKey(Fixtures.WHEEL_V6);
        try (var st = admin.createStatement(); var rs = st.executeQuery("SELECT built_by FROM builds")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero(); // the tool said slave 7; imports are always slave 0
        }
        assertThat(ask(new Sent())).isEqualTo(new Send(any.filename()));
        assertThat(ask(new Sent())).isEqualTo(new Send(any.filename())); // the second VERIFY fails
        assertThat(ask(new Sent())).isEqualTo(new Done("IMPORT"));
        List<String> seen = new ArrayList<>(rig.journal().drain());
        assertThat(seen).anyMatch(l -> l.startsWith("web Log[buildId=") && l.contains("log=built it"));
        assertThat(seen.get(seen.size() - 1)).isEqualTo("web Both[packageName=foo]");
        // the state went with DONE
        assertThat(ask(new Sent())).isEqualTo(new Error("protocol violation"));
    }

    @Test
    void aDatabaseErrorWhileRecordingTheBuildIsTheErrorText() throws Exception {
        fooVersion();
        FileState v7 = wheel(Fixtures.WHEEL_V7, "linux_armv7l");
        assertThat(ask(new Import(build("cp34m", true, List.of(v7))))).isInstanceOf(Send.class);
        // files.filename is varchar(255): the database refuses a longer name
        FileState tooLong = wheel("foo-0.1-" + "x".repeat(300) + "-cp34-cp34m-linux_armv7l.whl", "linux_armv7l");
        AdminReply reply = ask(new Import(build("cp34m", true, List.of(tooLong))));
        assertThat(reply).isInstanceOf(Error.class);
        assertThat(((Error) reply).message()).isNotBlank().isNotEqualTo("protocol violation");
        // the new IMPORT replaced the earlier one, and its ERROR dropped both
        assertThat(ask(new Sent())).isEqualTo(new Error("protocol violation"));
    }

    // ---- add ------------------------------------------------------------------------

    @Test
    void addPackageRecordsAliasesWithTheTypedNameLast() throws Exception {
        assertThat(ask(new AddPkg("Foo", "foos things", "", false, List.of("FOO")))).isEqualTo(new Done("NEWPKG"));
        assertThat(requests()).containsExactly("web Both");
        assertThat(dal.getPackageAliases("foo")).containsExactlyInAnyOrder("FOO", "Foo");
        assertThat(dal.getProjectData("foo").name()).isEqualTo("Foo");
        assertThat(dal.getProjectData("foo").description()).isEqualTo("foos things");
    }

    @Test
    void addPackageForAKnownPackage() throws Exception {
        fooVersion();
        assertThat(ask(new AddPkg("foo", "", "broken", false, List.of()))).isEqualTo(new Error("SKIPPKG"));
        assertThat(requests()).isEmpty();
        dal.skipPackage("foo", "was broken");
        assertThat(ask(new AddPkg("Foo", "new words", "", true, List.of()))).isEqualTo(new Done("UPDPKG"));
        assertThat(requests()).containsExactly("web Project");
        assertThat(dal.getProjectData("foo").description()).isEqualTo("new words");
        assertThat(dal.getBuildQueue(100).values()).anyMatch(q -> !q.isEmpty()); // unskipped: buildable again
    }

    @Test
    void addVersionOutcomes() throws Exception {
        Instant released = Instant.parse("2024-05-17T12:35:00Z");
        assertThat(ask(new AddVer("foo", "0.1", "", false, released, false, false, List.of())))
                .isEqualTo(new Error("NOPKG"));
        fooVersion();
        assertThat(ask(new AddVer("Foo", "0.2", "", false, released, true, false, List.of())))
                .isEqualTo(new Done("NEWVER"));
        assertThat(requests()).containsExactly("web Project");
        assertThat(dal.getProjectData("foo").releases().get("0.2").yanked()).isTrue();
        assertThat(dal.getPackageAliases("foo")).contains("Foo");

        assertThat(ask(new AddVer("foo", "0.1", "broken", false, released, false, false, List.of())))
                .isEqualTo(new Error("SKIPVER"));
        dal.skipPackageVersion("foo", "0.1", "was broken");
        // refused yank: the unskip asked for with it is not applied either (0.23 applied it)
        assertThat(ask(new AddVer("foo", "0.1", "", true, released, true, false, List.of())))
                .isEqualTo(new Error("YANKVER"));
        assertThat(dal.getVersionSkip("foo", "0.1")).contains("was broken");
        assertThat(requests()).isEmpty();

        assertThat(ask(new AddVer("foo", "0.2", "", true, released, false, true, List.of())))
                .isEqualTo(new Done("UPDVER"));
        assertThat(dal.getProjectData("foo").releases().get("0.2").yanked()).isFalse();
        assertThat(ask(new AddVer("foo", "0.1", "", true, released, false, false, List.of())))
                .isEqualTo(new Done("UPDVER"));
        assertThat(dal.getVersionSkip("foo", "0.1")).contains("");
        assertThat(requests()).containsExactly("web Both", "web Both");
    }

    // ---- remove ---------------------------------------------------------------------

    @Test
    void removePackageTellsTheWriterAndSlaveDriverBeforeDeleting() throws Exception {
        assertThat(ask(new RemPkg("foo", false, ""))).isEqualTo(new Error("NOPKG"));
        fooVersion();
        assertThat(ask(new RemPkg("Foo", false, ""))).isEqualTo(new Done("DELPKG"));
        assertThat(requests()).containsExactly("web DelPkg", "skip DelPkg");
        assertThat(packageRowAtDelPkg).containsExactly(true);
        assertThat(dal.testPackage("foo")).isFalse();
    }

    @Test
    void removePackageBuildsOrSkip() throws Exception {
        fooVersion();
        Fixtures.fooBuild(admin);
        assertThat(ask(new RemPkg("foo", false, "no good"))).isEqualTo(new Done("SKIPPKG"));
        assertThat(requests()).containsExactly("web DelPkg", "skip DelPkg");
        assertThat(dal.testPackage("foo")).isTrue();
        assertThat(dal.getVersionFiles("foo", "0.1")).isNotEmpty();

        assertThat(ask(new RemPkg("foo", true, "still no good"))).isEqualTo(new Done("DELPKGBLD"));
        assertThat(requests()).containsExactly("web DelPkg", "skip DelPkg");
        assertThat(dal.getVersionFiles("foo", "0.1")).isEmpty();
        assertThat(dal.testPackageVersion("foo", "0.1")).isTrue();
    }

    @Test
    void removeVersionWords() throws Exception {
        assertThat(ask(new RemVer("foo", "0.1", false, "", false))).isEqualTo(new Error("NOVER"));
        fooVersion();
        Fixtures.fooBuild(admin);
        assertThat(ask(new RemVer("foo", "0.1", false, "", true))).isEqualTo(new Done("YANKVER"));
        assertThat(requests()).containsExactly("web Both");
        assertThat(dal.getProjectData("foo").releases().get("0.1").yanked()).isTrue();

        assertThat(ask(new RemVer("foo", "0.1", false, "bad", false))).isEqualTo(new Done("SKIPVER"));
        assertThat(requests()).containsExactly("web DelVer", "skip DelVer");
        assertThat(dal.getVersionSkip("foo", "0.1")).contains("bad");

        assertThat(ask(new RemVer("foo", "0.1", true, "", false))).isEqualTo(new Done("DELVERBLD"));
        assertThat(requests()).containsExactly("web DelVer", "skip DelVer");
        assertThat(dal.getVersionFiles("foo", "0.1")).isEmpty();

        assertThat(ask(new RemVer("FOO", "0.1", false, "", false))).isEqualTo(new Done("DELVER"));
        assertThat(requests()).containsExactly("web DelVer", "skip DelVer");
        assertThat(versionRowAtDelVer).containsOnly(true);
        assertThat(dal.testPackageVersion("foo", "0.1")).isFalse();
    }

    @Test
    void removeVersionWithSkipAndYankStillTakesItOffTheIndex() throws Exception {
        fooVersion();
        assertThat(ask(new RemVer("foo", "0.1", false, "bad", true))).isEqualTo(new Done("YANKVER"));
        assertThat(requests()).containsExactly("web Both", "web DelVer", "skip DelVer");
        assertThat(dal.getVersionSkip("foo", "0.1")).contains("bad");
        assertThat(dal.testPackageVersion("foo", "0.1")).isTrue();
    }

    // ---- rebuild --------------------------------------------------------------------

    @Test
    void rebuildParts() throws Exception {
        fooVersion();
        dal.addNewPackage("bar");
        assertThat(ask(new Rebuild("HOME", null))).isEqualTo(new Done("REBUILD"));
        assertThat(ask(new Rebuild("SEARCH", null))).isEqualTo(new Done("REBUILD"));
        assertThat(stats.next(WAIT)).isEqualTo(new StatsProtocol.Home());
        assertThat(stats.next(WAIT)).isEqualTo(new StatsProtocol.Home());
        assertThat(ask(new Rebuild("PROJECT", "foo"))).isEqualTo(new Done("REBUILD"));
        assertThat(web.drain()).containsExactly(new WebProtocol.Project("foo"));
        assertThat(ask(new Rebuild("BOTH", null))).isEqualTo(new Done("REBUILD"));
        assertThat(web.drain()).containsExactly(new WebProtocol.Both("bar"), new WebProtocol.Both("foo"));
        assertThat(ask(new Rebuild("BOTH", "Foo"))).isEqualTo(new Error("unknown package Foo"));
        assertThat(web.drain()).isEmpty();
    }

    // ---- malformed requests ------------------------------------------------------------

    @Test
    void malformedRequestsAreAnsweredWithErrorAndCounted() throws Exception {
        JsonNode vectors = new ObjectMapper().readTree(VECTORS.resolve("mr_chase.json").toFile()).get("vectors");
        HexFormat hex = HexFormat.of();
        int invalid = 0;
        try (RawSocket raw = rig.transport().raw(SocketType.REQ)) {
            raw.linger(Duration.ZERO);
            raw.connect(rig.context().config().importQueue());
            for (JsonNode v : vectors) {
                if (!v.get("kind").asText().equals("invalid") || !v.get("direction").asText().equals("tool->master")) {
                    continue;
                }
                invalid++;
                raw.send(hex.parseHex(v.get("cbor_hex").asText()));
                List<byte[]> answer = raw.recv(WAIT);
                assertThat(answer).as(v.get("name").asText()).isNotNull();
                Message reply = AdminProtocol.TOOL.decode(answer.get(answer.size() - 1));
                assertThat(reply).as(v.get("name").asText()).isInstanceOf(Error.class);
                assertThat(((Error) reply).message()).startsWith("mr_chase");
            }
            raw.send("not cbor at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(AdminProtocol.TOOL.decode(raw.recv(WAIT).get(0))).isInstanceOf(Error.class);
        }
        assertThat(invalid).isGreaterThanOrEqualTo(5);
        assertThat(rig.context().rejections()).containsEntry("mr_chase", (long) invalid + 1);
        // still serving
        assertThat(ask(new RemPkg("nosuchpkg", false, ""))).isEqualTo(new Error("NOPKG"));
    }
}
