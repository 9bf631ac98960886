package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The follower against a PyPI stub on loopback and an in-memory database. */
class ChangelogFollowerTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    /** A day ago: the follower is catching up. */
    private static final long T = NOW.getEpochSecond() - 86_400;

    private StubPypi pypi;
    private MutableClock clock;
    private InMemoryFollowerActions db;

    @BeforeEach
    void setUp() throws Exception {
        pypi = new StubPypi();
        clock = new MutableClock(NOW);
        db = new InMemoryFollowerActions();
        db.serial = 700_000;
    }

    @AfterEach
    void tearDown() {
        pypi.close();
    }

    @BeforeAll
    static void warmUp() throws Exception {
        // The first HTTP request of a JVM loads a great many classes; keep that out of the timed tests.
        try (StubPypi warm = new StubPypi()) {
            new XmlRpcChangelogClient(PypiHttp.newClient(warm.config()), warm.config()).changelogSince(0);
        }
    }

    private ChangelogFollower follower(boolean devMode) {
        return follower(devMode, PypiConfig.DEFAULT_TIMEOUT);
    }

    private ChangelogFollower follower(boolean devMode, Duration timeout) {
        PypiConfig config = pypi.config().withTimeout(timeout);
        ChangelogFollower follower = ChangelogFollower.create(db, config, devMode, clock, () -> 0.5);
        follower.start();
        return follower;
    }

    /** Turns the follower once a second, as the task does, for {@code seconds}. */
    private List<FeedBatch> run(ChangelogFollower follower, int seconds) {
        List<FeedBatch> batches = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            batches.add(follower.step());
            clock.advance(Duration.ofSeconds(1));
        }
        return batches;
    }

    private static ChangelogRow row(String name, String version, long ts, String action, long serial) {
        return new ChangelogRow(name, version, ts, action, serial);
    }

    /** A small history: a project, a binary-only release that later gains its sdist, a yank, a second project. */
    private void history() {
        pypi.add(row("Foo", null, T, "create", 700_001),
                row("Foo", "1.0", T + 10, "add cp39 file Foo-1.0-cp39-cp39-linux_armv7l.whl", 700_002),
                row("Foo", "1.0", T + 20, "add source file Foo-1.0.tar.gz", 700_003),
                row("Foo", "1.0", T + 21, "add source file Foo-1.0.zip", 700_004),
                row("bar", "2.0", T + 30, "add source file bar-2.0.tar.gz", 700_005),
                row("bar", "2.0", T + 40, "yank release", 700_006),
                row("bar", "1.0", T + 25, "add source file bar-1.0.tar.gz", 700_007),   // out of order
                row("Foo", null, T + 2_000, "add Owner someone", 700_008));              // settles the rest
        pypi.summary("Foo", "\"the foo\"", 700_008L);
        pypi.summary("bar", "\"the bar\"", 700_008L);
    }

    @Test
    void startsFromTheStoredSerialAndAppliesTheTableInTimestampOrder() {
        history();
        ChangelogFollower follower = follower(false);
        assertThat(db.calls).containsExactly("ALLPKGS", "GETPYPI");
        run(follower, 3);
        assertThat(pypi.sinceRequests().get(0)).isEqualTo(698_000L);
        assertThat(db.callsExcept("NEWPKGNAME")).containsExactly(
                "ALLPKGS", "GETPYPI",
                "NEWPKG [foo, , the foo]", "web BOTH foo",
                "NEWVER [foo, 1.0, " + Instant.ofEpochSecond(T + 10) + ", binary only]", "SETDESC [foo, the foo]",
                "web BOTH foo",
                "NEWVER [foo, 1.0, " + Instant.ofEpochSecond(T + 10) + ", ]", "GETSKIP [foo, 1.0]",
                "SKIPVER [foo, 1.0, ]", "web PROJECT foo",
                "NEWPKG [bar, , the bar]", "web BOTH bar",
                "NEWVER [bar, 1.0, " + Instant.ofEpochSecond(T + 25) + ", ]", "SETDESC [bar, the bar]",
                "web BOTH bar",
                "NEWVER [bar, 2.0, " + Instant.ofEpochSecond(T + 30) + ", ]", "SETDESC [bar, the bar]",
                "web BOTH bar",
                "YANKVER [bar, 2.0]", "web BOTH bar",
                "SETPYPI 700008");
        assertThat(db.versions.get(List.of("foo", "1.0")).skip()).isEmpty();
        assertThat(db.versions.get(List.of("bar", "2.0")).yanked()).isTrue();
        assertThat(db.names).containsKeys("foo", "Foo", "bar");
        assertThat(follower.serial()).isEqualTo(700_008);
        assertThat(follower.status().eventsLastMinute()).isEqualTo(6);
    }

    @Test
    void devModeRegistersNewPackagesSkipped() {
        history();
        run(follower(true), 2);
        assertThat(db.packages.get("foo").skip()).isEqualTo("development mode");
        assertThat(db.packages.get("bar").skip()).isEqualTo("development mode");
        assertThat(db.versions.get(List.of("bar", "2.0")).skip()).isEmpty();
    }

    @Test
    void eventsWaitForTheSettleWindow() {
        long now = NOW.getEpochSecond();
        pypi.add(row("foo", "1.0", now - 400, "add source file foo-1.0.tar.gz", 700_001),
                row("foo", "1.1", now - 101, "add source file foo-1.1.tar.gz", 700_002));
        ChangelogFollower follower = follower(false);
        run(follower, 5);
        // exactly 300 s newer is not enough
        pypi.add(row("foo", "1.2", now - 100, "add source file foo-1.2.tar.gz", 700_003));
        run(follower, 10);
        assertThat(db.versions).isEmpty();
        assertThat(db.calls).noneMatch(c -> c.startsWith("SETPYPI"));
        pypi.add(row("foo", "1.3", now - 99, "add source file foo-1.3.tar.gz", 700_004));
        run(follower, 10);
        assertThat(db.versions.keySet()).containsExactly(List.of("foo", "1.0"));
        assertThat(db.serial).isEqualTo(700_002);
    }

    @Test
    void pagesThroughCappedAnswersAtOneRequestASecond() {
        pypi.pageCap(3);
        for (int i = 1; i <= 12; i++) {
            // pages of three: (0, 2, 1), then (102, 101, 100), (202, 201, 200), (302, 301, 300)
            int page = (i - 1) / 3;
            int inPage = (i - 1) % 3;
            long ts = T + page * 100 + (page == 0 ? new int[] {0, 2, 1}[inPage] : 2 - inPage);
            pypi.add(row("p" + i, "1.0", ts, "add source file p" + i + "-1.0.tar.gz", 700_000 + i));
        }
        pypi.add(row("last", null, T + 5_000, "create", 700_013));
        ChangelogFollower follower = follower(false);
        List<FeedBatch> batches = run(follower, 6);
        assertThat(batches).extracting(FeedBatch::outcome).containsExactly(FeedBatch.Outcome.ROWS,
                FeedBatch.Outcome.ROWS, FeedBatch.Outcome.ROWS, FeedBatch.Outcome.ROWS, FeedBatch.Outcome.ROWS,
                FeedBatch.Outcome.EMPTY);
        assertThat(pypi.sinceRequests()).containsExactly(698_000L, 700_003L, 700_006L, 700_009L, 700_012L,
                700_013L);
        List<String> applied = db.calls.stream().filter(c -> c.startsWith("NEWVER")).map(c -> c.split(",")[0])
                .toList();
        assertThat(applied).containsExactly("NEWVER [p1", "NEWVER [p3", "NEWVER [p2", "NEWVER [p6", "NEWVER [p5",
                "NEWVER [p4", "NEWVER [p9", "NEWVER [p8", "NEWVER [p7", "NEWVER [p12", "NEWVER [p11",
                "NEWVER [p10");
        assertThat(db.serial).isEqualTo(700_013);
    }

    @Test
    void survivesEveryFaultAndResumesWhereItStopped() {
        history();
        pypi.failXmlrpc(new StubPypi.Status(500), new StubPypi.XmlRpcFaultAnswer(-32500, "slow down"),
                new StubPypi.Delay(4_000), new StubPypi.Truncated(200),
                new StubPypi.XmlRpcFaultAnswer(-1000, "odd"), new StubPypi.Status(400));
        ChangelogFollower follower = follower(false, Duration.ofMillis(1_500));
        // six failures, back-offs of 3/4 (jitter 0.5) of 20 s doubling up to 600 s: 15, 30, 60, 120, 240, 450 s
        int failures = 0;
        for (int i = 0; i < 1_000 && db.serial == 700_000; i++) {
            if (follower.step().outcome() == FeedBatch.Outcome.FAILED) {
                failures++;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(failures).isEqualTo(6);
        assertThat(follower.status().failedRequests()).isEqualTo(6);
        assertThat(pypi.sinceRequests()).hasSize(7).containsOnly(698_000L);
        assertThat(db.serial).isEqualTo(700_008);
        assertThat(db.versions).hasSize(3);
        assertThat(follower.status().consecutiveFailures()).isZero();
    }

    @Test
    void aCrashMidBatchPersistsNothingAndTheRestartAppliesEverything() {
        history();
        // reference: the same history without a crash
        InMemoryFollowerActions reference = db;
        run(follower(false), 2);
        Map<List<String>, InMemoryFollowerActions.Ver> expectedVersions = new HashMap<>(reference.versions);
        Map<String, InMemoryFollowerActions.Pkg> expectedPackages = new HashMap<>(reference.packages);

        for (int crashAt = 3; crashAt < 30; crashAt += 4) {
            db = new InMemoryFollowerActions();
            db.serial = 700_000;
            ChangelogFollower first = follower(false);
            db.failAtCall(crashAt);
            assertThatThrownBy(first::step).isInstanceOf(IllegalStateException.class);
            assertThat(db.serial).as("serial persisted after crash at %d", crashAt).isEqualTo(700_000);
            // the master restarts: a new follower over the same database
            run(follower(false), 2);
            assertThat(db.versions).as("crash at %d", crashAt).isEqualTo(expectedVersions);
            assertThat(db.packages).as("crash at %d", crashAt).isEqualTo(expectedPackages);
            assertThat(db.serial).isEqualTo(700_008);
        }
    }

    @Test
    void aTaskThatSurvivesAFailedBatchReplaysIt() {
        history();
        ChangelogFollower follower = follower(false);
        db.failAtCall(10);
        assertThatThrownBy(follower::step).isInstanceOf(IllegalStateException.class);
        run(follower, 2);
        assertThat(db.versions).hasSize(3);
        assertThat(db.versions.get(List.of("foo", "1.0")).skip()).isEmpty();
        assertThat(db.serial).isEqualTo(700_008);
    }

    @Test
    void afterARestartNothingReleasedBeforeIsAppliedAgain() {
        history();
        pypi.add(row("baz", "1.0", T + 2_100, "add source file baz-1.0.tar.gz", 700_009),
                row("baz", "1.1", T + 2_500, "add source file baz-1.1.tar.gz", 700_010));
        run(follower(false), 2);
        // released everything older than T + 2200; baz 1.1 waits
        assertThat(db.serial).isEqualTo(700_010);
        assertThat(db.versions).containsKey(List.of("baz", "1.0")).doesNotContainKey(List.of("baz", "1.1"));
        db.calls.clear();
        pypi.add(row("baz", "1.2", T + 3_000, "add source file baz-1.2.tar.gz", 700_011));
        run(follower(false), 3);
        // the restart re-reads from 698000, yet only what was never released is applied
        assertThat(pypi.sinceRequests()).contains(698_000L);
        assertThat(db.calls.stream().filter(c -> c.startsWith("NEWVER") || c.startsWith("NEWPKG [")).toList())
                .containsExactly("NEWVER [baz, 1.1, " + Instant.ofEpochSecond(T + 2_500) + ", ]");
        assertThat(db.serial).isEqualTo(700_011);
    }

    @Test
    void anAnswerWithSerialsGoingBackwardsIsIgnored() {
        history();
        ChangelogFollower follower = follower(false);
        run(follower, 2);
        assertThat(db.serial).isEqualTo(700_008);
        // a lagging mirror answers with rows we have already read
        pypi.failXmlrpc(new StubPypi.RawBody(StubPypi.changelogXml(List.of(
                row("Foo", "0.1", T - 50, "add source file Foo-0.1.tar.gz", 700_001),
                row("old", "0.1", T + 5_000, "add source file old-0.1.tar.gz", 700_002)))));
        clock.advance(Duration.ofSeconds(10));
        assertThat(follower.step().outcome()).isEqualTo(FeedBatch.Outcome.ROWS);
        pypi.add(row("new", null, T + 9_000, "create", 700_009));
        run(follower, 12);
        assertThat(db.packages).doesNotContainKey("old");
        assertThat(db.versions).doesNotContainKey(List.of("foo", "0.1"));
        assertThat(db.serial).isEqualTo(700_009);
    }

    @Test
    void anEmptyChangelogIsAskedAgainOnlyAfter10Seconds() {
        ChangelogFollower follower = follower(false);
        run(follower, 25);
        assertThat(pypi.sinceRequests()).hasSize(3);
        assertThat(db.calls).containsExactly("ALLPKGS", "GETPYPI");
    }

    @Test
    void aStaleDescriptionIsLookedUpAgainLater() {
        pypi.add(row("foo", null, T, "create", 700_001), row("foo", null, T + 1_000, "docupdate", 700_002));
        pypi.summary("foo", "\"old news\"", 700_000L);
        ChangelogFollower follower = follower(false);
        run(follower, 2);
        assertThat(db.packages.get("foo").description()).isEmpty();
        pypi.summary("foo", "\"fresh\"", 700_002L);
        run(follower, 40);
        assertThat(db.calls).contains("SETDESC [foo, fresh]");
        assertThat(db.packages.get("foo").description()).isEqualTo("fresh");
        assertThat(follower.status().pendingDescriptions()).isZero();
    }
}
