package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.master.MasterSlaveQueueTest.BUSY;
import static org.piwheels.master.MasterSlaveQueueTest.LONG;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.RunningMaster.Slave;
import org.piwheels.master.RunningMaster.Tool;
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
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.RawSocket;

/**
 * The import queue of the running master (protocol spec §6.3, §7.3), as piw-import,
 * piw-add, piw-remove and piw-rebuild use it: every request, its replies and its
 * errors, with the effects in the database, the web root and the build queue. The
 * planner's timer is an hour here, so work reaching a slave quickly shows that the
 * change itself asked for a new queue.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterImportQueueTest {
    private static final Instant RELEASED = Instant.parse("2024-01-02T03:04:05Z");

    static RunningMaster m;

    @BeforeAll
    static void start(TestDatabase db, @TempDir Path output) throws Exception {
        m = RunningMaster.start(db, output, Duration.ofHours(1));
    }

    @AfterAll
    static void stop() throws Exception {
        m.close();
    }

    private static BuildState build(String pkg, String abi, boolean status, List<FileState> files) {
        return new BuildState(7, pkg, "1.0", abi, status, Duration.ofSeconds(9), "imported by hand\n", files);
    }

    private static AddVer addVer(String name, String version) {
        return new AddVer(name, version, "", false, RELEASED, false, false, List.of());
    }

    @Test
    void importChecksAndErrors() throws Exception {
        byte[] content = RunningMaster.content(100, 1);
        FileState wheel = RunningMaster.wheel("checked-1.0-py3-none-any.whl", content);
        try (Tool tool = m.tool()) {
            assertThat(tool.ask(new Import(build("checked", RunningMaster.ABI, false, List.of(wheel)))))
                    .isEqualTo(new Error("importing a failed build is not supported"));
            assertThat(tool.ask(new Import(build("checked", RunningMaster.ABI, true, List.of()))))
                    .isEqualTo(new Error("no files listed for import"));
            assertThat(tool.ask(new Import(build("checked", "cp99", true, List.of(wheel)))))
                    .isEqualTo(new Error("invalid ABI: cp99"));
            assertThat(tool.ask(new Import(build("checked", RunningMaster.ABI, true, List.of(wheel)))))
                    .isEqualTo(new Error("unknown package version checked 1.0"));
            assertThat(tool.ask(new Sent())).isEqualTo(new Error("protocol violation"));
        }
        assertThat(m.rows("SELECT count(*) FROM builds WHERE package = 'checked'")).containsExactly("0");
    }

    @Test
    void importTransfersEachFileAsSlaveZeroRetryingABadOne() throws Exception {
        m.addVersion("imported", "1.0");
        byte[] any = RunningMaster.content(80_000, 2);
        byte[] arm = RunningMaster.content(3_000, 3);
        String anyName = "imported-1.0-py3-none-any.whl";
        String v7 = "imported-1.0-cp311-cp311-linux_armv7l.whl";
        try (Tool tool = m.tool()) {
            assertThat(tool.ask(new Import(build("imported", RunningMaster.ABI, true,
                    List.of(RunningMaster.wheel(anyName, any), RunningMaster.wheel(v7, arm))))))
                    .isEqualTo(new Send(v7));
            assertThat(m.rows("SELECT built_by FROM builds WHERE package = 'imported'"))
                    .as("recorded before any transfer, as slave 0").containsExactly("0");
            byte[] bad = arm.clone();
            bad[0] ^= 1;
            assertThat(m.upload(0, bad)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(tool.ask(new Sent())).as("did not verify: again").isEqualTo(new Send(v7));
            assertThat(m.upload(0, arm)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(tool.ask(new Sent())).isEqualTo(new Send(anyName));
            assertThat(m.upload(0, any)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(tool.ask(new Sent())).isEqualTo(new Done("IMPORT"));
            assertThat(tool.ask(new Sent())).as("the import is over").isEqualTo(new Error("protocol violation"));
        }
        Path dir = m.output().resolve("simple/imported");
        assertThat(Files.readAllBytes(dir.resolve(v7))).isEqualTo(arm);
        assertThat(Files.readAllBytes(dir.resolve(anyName))).isEqualTo(any);
        assertThat(Files.isSymbolicLink(dir.resolve("imported-1.0-cp311-cp311-linux_armv6l.whl"))).isTrue();
        m.awaitFile(dir.resolve("index.html")); // BOTH: the simple index and the project page
    }

    @Test
    void addPackageOutcomes() throws Exception {
        assertThat(m.admin(new AddPkg("Added_Pkg", "a description", "", false, List.of("added.pkg"))))
                .isEqualTo(new Done("NEWPKG"));
        assertThat(m.rows("SELECT package, description FROM packages WHERE package = 'added-pkg'"))
                .containsExactly("added-pkg|a description");
        assertThat(m.rows("SELECT name FROM package_names WHERE package = 'added-pkg' ORDER BY seen, name"))
                .contains("Added_Pkg", "added-pkg", "added.pkg");
        assertThat(m.admin(new AddPkg("added-pkg", "", "not wanted", false, List.of()))).isEqualTo(new Error("SKIPPKG"));
        assertThat(m.admin(new AddPkg("added-pkg", "better words", "", false, List.of()))).isEqualTo(new Done("UPDPKG"));
        assertThat(m.rows("SELECT description FROM packages WHERE package = 'added-pkg'")).containsExactly("better words");
    }

    @Test
    void addVersionOutcomes() throws Exception {
        assertThat(m.admin(addVer("nowhere", "1.0"))).isEqualTo(new Error("NOPKG"));
        assertThat(m.admin(new AddPkg("versioned", "", "", false, List.of()))).isEqualTo(new Done("NEWPKG"));
        assertThat(m.admin(new AddVer("versioned", "1.0", "", false, RELEASED, true, false, List.of())))
                .isEqualTo(new Done("NEWVER"));
        assertThat(m.rows("SELECT yanked, released FROM versions WHERE package = 'versioned'"))
                .singleElement().asString().startsWith("true|2024-01-02");
        assertThat(m.admin(new AddVer("versioned", "1.0", "broken", false, RELEASED, false, false, List.of())))
                .isEqualTo(new Error("SKIPVER"));
        assertThat(m.admin(new AddVer("versioned", "1.0", "", false, RELEASED, true, false, List.of())))
                .isEqualTo(new Error("YANKVER"));
        assertThat(m.admin(new AddVer("versioned", "1.0", "", false, RELEASED, false, true, List.of())))
                .isEqualTo(new Done("UPDVER"));
        assertThat(m.rows("SELECT yanked FROM versions WHERE package = 'versioned'")).containsExactly("false");
    }

    @Test
    void anAddedVersionReachesAnIdleSlaveWithinSecondsThoughThePlannersTimerIsAnHour() throws Exception {
        try (Slave slave = m.slave("waiting", LONG, BUSY)) {
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(new SlaveDriverProtocol.Sleep(false));
            assertThat(m.admin(new AddPkg("fresh", "", "", false, List.of()))).isEqualTo(new Done("NEWPKG"));
            assertThat(m.admin(addVer("fresh", "0.1"))).isEqualTo(new Done("NEWVER"));
            long added = System.nanoTime();
            // "within seconds" against an hour; generous, since a loaded CI machine can stall for seconds
            assertThat(slave.idleUntilWork(Duration.ofSeconds(20))).isEqualTo(new SlaveDriverProtocol.Build("fresh", "0.1"));
            assertThat(Duration.ofNanos(System.nanoTime() - added)).isLessThan(Duration.ofSeconds(20));
            assertThat(slave.ask(RunningMaster.failed())).isEqualTo(new SlaveDriverProtocol.Done());
        }
    }

    @Test
    void removePackageOutcomes() throws Exception {
        assertThat(m.admin(new RemPkg("ghost", false, ""))).isEqualTo(new Error("NOPKG"));
        m.addVersion("doomed", "1.0");
        m.addVersion("doomed", "2.0");
        m.exec("INSERT INTO builds (package, version, built_by, duration, status, abi_tag)"
                + " VALUES ('doomed', '1.0', 1, INTERVAL '1 minute', false, 'cp311')");
        assertThat(m.admin(new RemPkg("Doomed", false, "licence trouble"))).isEqualTo(new Done("SKIPPKG"));
        assertThat(m.rows("SELECT skip FROM packages WHERE package = 'doomed'")).containsExactly("licence trouble");
        assertThat(m.admin(new RemPkg("doomed", true, ""))).isEqualTo(new Done("DELPKGBLD"));
        assertThat(m.rows("SELECT count(*) FROM builds WHERE package = 'doomed'")).containsExactly("0");
        assertThat(m.admin(new RemPkg("doomed", false, ""))).isEqualTo(new Done("DELPKG"));
        assertThat(m.rows("SELECT count(*) FROM packages WHERE package = 'doomed'")).containsExactly("0");
    }

    @Test
    void removeVersionOutcomes() throws Exception {
        m.addVersion("trimmed", "1.0");
        assertThat(m.admin(new RemVer("trimmed", "9.9", false, "", false))).isEqualTo(new Error("NOVER"));
        assertThat(m.admin(new RemVer("trimmed", "1.0", false, "bad release", false))).isEqualTo(new Done("SKIPVER"));
        assertThat(m.admin(new RemVer("trimmed", "1.0", false, "", true))).isEqualTo(new Done("YANKVER"));
        assertThat(m.admin(new RemVer("trimmed", "1.0", true, "", false))).isEqualTo(new Done("DELVERBLD"));
        assertThat(m.rows("SELECT skip, yanked FROM versions WHERE package = 'trimmed'"))
                .containsExactly("bad release|true");
        assertThat(m.admin(new RemVer("trimmed", "1.0", false, "", false))).isEqualTo(new Done("DELVER"));
        assertThat(m.rows("SELECT count(*) FROM versions WHERE package = 'trimmed'")).containsExactly("0");
    }

    @Test
    void rebuildParts() throws Exception {
        m.addVersion("paged", "1.0");
        assertThat(m.admin(new Rebuild("HOME", null))).isEqualTo(new Done("REBUILD"));
        assertThat(m.admin(new Rebuild("SEARCH", null))).isEqualTo(new Done("REBUILD"));
        assertThat(m.admin(new Rebuild("PROJECT", "paged"))).isEqualTo(new Done("REBUILD"));
        assertThat(m.admin(new Rebuild("BOTH", null))).isEqualTo(new Done("REBUILD"));
        assertThat(m.admin(new Rebuild("BOTH", "no-such-thing"))).isEqualTo(new Error("unknown package no-such-thing"));
        m.awaitFile(m.output().resolve("project/paged/index.html"));
        m.awaitFile(m.output().resolve("simple/paged/index.html"));
    }

    @Test
    void malformedRequestsAreAnsweredWithAnError() throws Exception {
        HexFormat hex = HexFormat.of();
        for (String garbage : List.of("ff", "6641444450 4b47".replace(" ", ""), "82664144445045 5201".replace(" ", ""))) {
            try (RawSocket raw = m.rawTool()) {
                raw.send(hex.parseHex(garbage));
                List<byte[]> reply = raw.recv(Duration.ofSeconds(10));
                assertThat(reply).as("reply to %s", garbage).isNotNull();
                AdminReply decoded = AdminProtocol.TOOL.decode(reply.get(reply.size() - 1));
                assertThat(decoded).isInstanceOf(Error.class);
            }
        }
        assertThat(m.admin(new Rebuild("HOME", null))).isEqualTo(new Done("REBUILD"));
    }
}
