package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.piwheels.db.Database;
import org.piwheels.db.ProjectData;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.Misbehaviour;

/**
 * The follower against the shared {@link FakePypi} (XML-RPC changelog with a
 * page cap, JSON API with {@code X-PyPI-Last-Serial}, PEP 691 listing) and a real
 * database, asserting on the database through the data layer and on the page
 * requests. Time is a hand-moved clock for both the fake and the follower.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class FollowerOnDatabaseTest {

    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    private static TestDatabase testDb;
    private FakePypi pypi;
    private MutableClock clock;
    private Instant pypiTime;
    private Database dal;
    private DatabaseFollowerActions actions;

    @BeforeEach
    void setUp(TestDatabase db) throws Exception {
        testDb = db;
        try (Connection admin = db.adminConnection(); Statement st = admin.createStatement()) {
            st.execute("DELETE FROM packages");
            st.execute("DELETE FROM build_abis");
            st.execute("INSERT INTO build_abis VALUES ('cp39', ''), ('cp311', '')");
            st.execute("UPDATE configuration SET pypi_serial = 700000");
        }
        dal = db.dal();
        actions = new DatabaseFollowerActions(dal);
        clock = new MutableClock(START);
        pypiTime = START.minus(Duration.ofDays(1));
        pypi = FakePypi.start().startSerialAt(700_001).clock(() -> pypiTime);
    }

    @AfterEach
    void tearDown() {
        pypi.close();
    }

    private PypiConfig config() {
        return PypiConfig.of(URI.create(pypi.xmlrpcUrl()), URI.create(pypi.jsonUrl()))
                .withSimple(URI.create(pypi.simpleUrl())).withTimeout(Duration.ofMillis(2_500));
    }

    private ChangelogFollower follower(boolean reconcile) {
        ChangelogFollower f = ChangelogFollower.create(new BatchingFollowerActions(actions, actions), config(), false,
                clock, () -> 0.5, reconcile);
        f.start();
        return f;
    }

    /** PyPI time moves on between its changes, so the reorder buffer sees real timestamps. */
    private void later(int seconds) {
        pypiTime = pypiTime.plusSeconds(seconds);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A change far later than everything before, so the settle window releases it all. */
    private void settle() {
        later(1_000);
        pypi.logEvent("zz-settle", null, "docupdate");
    }

    /** Turns the follower once a (fake) second until it stored {@code serial}, at most {@code turns} times. */
    private int runUntil(ChangelogFollower f, long serial, int turns) {
        int failures = 0;
        for (int i = 0; i < turns && f.serial() < serial; i++) {
            if (f.step().outcome() == FeedBatch.Outcome.FAILED) {
                failures++;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(dal.getPypiSerial()).isEqualTo(serial);
        return failures;
    }

    private Map<String, String> skips(String pkg) {
        Map<String, String> out = new TreeMap<>();
        ProjectData data = dal.getProjectData(pkg);
        data.releases().forEach((v, r) -> out.put(v, r.skip()));
        return out;
    }

    /** Every row of the event table (spec §5.11.3), through every fault, page by page. */
    @Test
    void everyRowOfTheEventTableThroughEveryFault() {
        pypi.maxChangelogRows(2);
        pypi.addProject("Foo_Bar", "the foo");                                       // create, new package
        later(10);
        pypi.addRelease("Foo_Bar", "1.0");                                           // ignored
        pypi.addFile("Foo_Bar", "1.0", "Foo_Bar-1.0-cp39-cp39-linux_armv7l.whl", bytes("w"), null); // binary first
        later(10);
        pypi.addFile("Foo_Bar", "1.0", "Foo_Bar-1.0.tar.gz", bytes("s"), null);     // its source: enabled
        later(10);
        pypi.addFile("Foo_Bar", "1.0", "Foo_Bar-1.0.zip", bytes("z"), null);        // repeated: suppressed
        later(10);
        pypi.addRelease("Foo_Bar", "2.0");
        pypi.addFile("Foo_Bar", "2.0", "Foo_Bar-2.0.tar.gz", bytes("s2"), null);    // source: new version
        later(10);
        pypi.addFile("Foo_Bar", "2.0", "Foo_Bar-2.0-py3-none-any.whl", bytes("w2"), null); // repeated: suppressed
        later(10);
        pypi.yank("Foo_Bar", "2.0", "broken");
        later(10);
        pypi.addProject("other", null);
        pypi.addRelease("other", "0.1");
        pypi.addFile("other", "0.1", "other-0.1.tar.gz", bytes("o"), null);
        later(10);
        pypi.addRelease("other", "0.2");
        pypi.addFile("other", "0.2", "other-0.2.tar.gz", bytes("o2"), null);
        later(10);
        pypi.yank("other", "0.1", "");
        later(10);
        pypi.unyank("other", "0.1");
        later(10);
        pypi.removeRelease("other", "0.2");                                           // remove a version
        later(10);
        pypi.addProject("doomed", "d");
        pypi.addRelease("doomed", "1");
        pypi.addFile("doomed", "1", "doomed-1.tar.gz", bytes("d"), null);
        later(10);
        pypi.removeProject("doomed");                                                 // remove a package
        later(10);
        pypi.addProject("x".repeat(201), null);                                       // silly length: ignored
        settle();
        // every fault, one after the other
        pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.Slow(Duration.ofSeconds(5)))  // timeout
                .misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.HttpError(503))
                .misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.Fault(-32500, "too many requests"))
                .misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.Fault(-32000, "something else"))
                .misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.HttpError(404))
                .misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.Truncated());

        ChangelogFollower f = follower(false);
        int failures = runUntil(f, pypi.lastSerial(), 3_000);

        // six misbehaviours; on a loaded machine a 2.5 s timeout may strike again
        assertThat(failures).isGreaterThanOrEqualTo(6);
        assertThat(f.status().failedRequests()).isEqualTo(failures);
        assertThat(f.status().consecutiveFailures()).isZero();
        // The first request was repeated after each fault (only the timed-out one reached the
        // fake's model, which answered it too late); then pages of two rows, each asked for once.
        List<Long> since = pypi.xmlrpcCalls().stream().filter(c -> c.startsWith("changelog_since_serial"))
                .map(c -> Long.parseLong(c.split(" ")[1])).toList();
        assertThat(since.get(0)).isEqualTo(698_000L);
        // on a heavily loaded machine the 2.5 s timeout may strike more than once
        assertThat(since.stream().filter(x -> x == 698_000L).count()).isBetween(1L, 3L);
        List<Long> pages = since.stream().filter(x -> x != 698_000L).toList();
        assertThat(pages.get(0)).isEqualTo(700_002L);
        for (int i = 1; i < pages.size(); i++) {
            assertThat(pages.get(i)).isEqualTo(pages.get(i - 1) + 2);
        }
        assertThat(pages.get(pages.size() - 1)).isGreaterThanOrEqualTo(pypi.lastSerial() - 2);

        // the database, through the data layer
        assertThat(dal.getAllPackages()).containsExactlyInAnyOrder("foo-bar", "other");
        assertThat(dal.getPackageAliases("foo-bar")).contains("Foo_Bar");
        ProjectData foo = dal.getProjectData("foo-bar");
        assertThat(foo.description()).isEqualTo("the foo");
        assertThat(skips("foo-bar")).containsExactly(Map.entry("1.0", ""), Map.entry("2.0", ""));
        assertThat(foo.releases().get("2.0").yanked()).isTrue();
        assertThat(foo.releases().get("1.0").yanked()).isFalse();
        ProjectData other = dal.getProjectData("other");
        assertThat(other.description()).isEmpty();
        assertThat(other.releases().keySet()).containsExactly("0.1");
        assertThat(other.releases().get("0.1").yanked()).isFalse();
        assertThat(dal.packageMarkedDeleted("doomed")).isFalse();
        assertThat(dal.testPackage("doomed")).isFalse();

        // the page requests, in the order of the table
        assertThat(actions.pages).containsSubsequence(
                "BOTH foo-bar",            // NEWPKG inserted
                "BOTH foo-bar",            // NEWVER 1.0 binary only
                "PROJECT foo-bar",         // its source file enabled it
                "BOTH foo-bar",            // NEWVER 2.0
                "BOTH foo-bar",            // yank
                "BOTH other", "BOTH other", "BOTH other",
                "BOTH other", "BOTH other", // yank, unyank
                "DELVER other 0.2",
                "BOTH doomed", "BOTH doomed",
                "DELPKG doomed");
        assertThat(actions.pages).doesNotContain("BOTH " + "x".repeat(201));
        assertThat(f.status().serial()).isEqualTo(pypi.lastSerial());
        assertThat(f.status().pypiSerial()).isEqualTo(pypi.lastSerial());
    }

    @Test
    void aCrashInTheMiddleOfABatchLosesNothingAndTheRestartEndsTheSame() {
        pypi.addProject("alpha", "a");
        for (int i = 1; i <= 5; i++) {
            later(10);
            pypi.addRelease("alpha", "1." + i);
            pypi.addFile("alpha", "1." + i, "alpha-1." + i + "-cp39-cp39-linux_armv7l.whl", bytes("w" + i), null);
            later(10);
            pypi.addFile("alpha", "1." + i, "alpha-1." + i + ".tar.gz", bytes("s" + i), null);
        }
        later(10);
        pypi.yank("alpha", "1.3", "");
        settle();
        ChangelogFollower first = follower(false);
        actions.failAtWrite(9);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                first.step();
                clock.advance(Duration.ofSeconds(1));
            }
        }).hasMessageContaining("simulated crash");
        assertThat(dal.getPypiSerial()).isEqualTo(700_000);   // nothing persisted mid-batch
        // the batch's writes are one transaction: the crash before its commit left none of them
        assertThat(dal.testPackage("alpha")).isFalse();

        // the master restarts: a new follower over the same database
        runUntil(follower(false), pypi.lastSerial(), 30);
        assertThat(skips("alpha")).hasSize(5).allSatisfy((v, skip) -> assertThat(skip).isEmpty());
        assertThat(dal.getProjectData("alpha").releases().get("1.3").yanked()).isTrue();
    }

    /** Changes whose double application would show: a yank undone, a release removed. */
    private void yankUnyankAndRemove() {
        pypi.addProject("alpha", "a");
        pypi.addRelease("alpha", "0.9");
        pypi.addFile("alpha", "0.9", "alpha-0.9.tar.gz", bytes("a9"), null);
        later(10);
        pypi.addRelease("alpha", "1.0");
        pypi.addFile("alpha", "1.0", "alpha-1.0.tar.gz", bytes("a1"), null);
        later(10);
        pypi.yank("alpha", "1.0", "");
        later(10);
        pypi.unyank("alpha", "1.0");
        later(10);
        pypi.removeRelease("alpha", "0.9");
        later(10);
        pypi.addProject("beta", "b");
        pypi.addRelease("beta", "2.0");
        pypi.addFile("beta", "2.0", "beta-2.0-cp311-cp311-linux_armv7l.whl", bytes("b2w"), null);
        later(10);
        pypi.addFile("beta", "2.0", "beta-2.0.tar.gz", bytes("b2"), null);
        settle();
    }

    /** The state {@link #yankUnyankAndRemove} leaves when every change was applied exactly once. */
    private void assertAppliedOnce() {
        assertThat(dal.getAllPackages()).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(skips("alpha")).containsExactly(Map.entry("1.0", ""));
        assertThat(dal.getProjectData("alpha").releases().get("1.0").yanked()).isFalse();
        assertThat(skips("beta")).containsExactly(Map.entry("2.0", ""));
        // one page request per applied change: BOTH for the package, 0.9, 1.0, yank, unyank;
        // DELVER; BOTH for beta and its binary-only 2.0, PROJECT when its source enabled it
        assertThat(actions.pages).containsExactly("BOTH alpha", "BOTH alpha", "BOTH alpha", "BOTH alpha",
                "BOTH alpha", "DELVER alpha 0.9", "BOTH beta", "BOTH beta", "PROJECT beta");
    }

    /** Issue 12: a replica answering with no rows in the middle of a catch-up; nothing is skipped. */
    @Test
    void anEmptyChangelogPageInTheMiddleOfACatchUpLosesNothing() {
        pypi.maxChangelogRows(3);
        yankUnyankAndRemove();
        ChangelogFollower f = follower(false);
        f.step();                                   // the first page
        clock.advance(Duration.ofSeconds(1));
        pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.EmptyChangelog());
        List<String> before = pypi.xmlrpcCalls();
        assertThat(f.step().outcome()).isEqualTo(FeedBatch.Outcome.EMPTY);
        String emptied = pypi.xmlrpcCalls().get(before.size());
        runUntil(f, pypi.lastSerial(), 100);
        // the read position did not move: the same request was made again
        assertThat(pypi.xmlrpcCalls().subList(before.size() + 1, pypi.xmlrpcCalls().size())).startsWith(emptied);
        assertAppliedOnce();
    }

    /** Issue 12: an answer whose serials go backwards (rows already applied) is not applied again. */
    @Test
    void aChangelogAnswerGoingBackwardsIsNotAppliedTwice() {
        pypi.maxChangelogRows(3);
        yankUnyankAndRemove();
        ChangelogFollower f = follower(false);
        for (int i = 0; i < 4; i++) {               // a few pages into the changelog
            f.step();
            clock.advance(Duration.ofSeconds(1));
        }
        // twice: rows just before the position (the yank), then from the very start
        pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.RewoundChangelog(3))
                .misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.RewoundChangelog(10_000));
        runUntil(f, pypi.lastSerial(), 100);
        assertThat(f.status().failedRequests()).isZero();
        assertAppliedOnce();

        // and once caught up: old rows again, then nothing new
        pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.RewoundChangelog(5));
        for (int i = 0; i < 30; i++) {
            f.step();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(dal.getPypiSerial()).isEqualTo(pypi.lastSerial());
        assertAppliedOnce();
    }

    @Test
    void requiresPythonIsStoredAndTheQueueSkipsTheAbisItExcludes() {
        pypi.addProject("modern", "new only");
        pypi.addRelease("modern", "1.0");
        pypi.addFile("modern", "1.0", "modern-1.0.tar.gz", bytes("m"), ">=3.10");
        later(10);
        pypi.addProject("classic", "any");
        pypi.addRelease("classic", "1.0");
        pypi.addFile("classic", "1.0", "classic-1.0.tar.gz", bytes("c"), null);
        settle();
        ChangelogFollower f = follower(false);
        runUntil(f, pypi.lastSerial(), 30);
        for (int i = 0; i < 120; i++) {
            f.step(); // on a loaded machine a JSON lookup may time out: its retry brings Requires-Python too
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(dal.getRequiresPython("modern", "1.0")).contains(">=3.10");
        assertThat(dal.getAbiSkips("modern", "1.0"))
                .containsExactly(Map.entry("cp39", "Requires-Python >=3.10 excludes cp39"));
        assertThat(dal.getRequiresPython("classic", "1.0")).isEmpty();
        Map<String, TreeSet<String>> queue = new TreeMap<>();
        dal.getBuildQueue(10).forEach((abi, list) -> list.forEach(r ->
                queue.computeIfAbsent(abi, k -> new TreeSet<>()).add(r.packageName())));
        // the queue hands each version to its smallest remaining ABI: cp311 sorts before cp39
        assertThat(queue).containsExactly(Map.entry("cp311", new TreeSet<>(List.of("classic", "modern"))));
        try (Connection admin = testDb.adminConnection(); Statement st = admin.createStatement()) {
            st.execute("DELETE FROM build_abis WHERE abi_tag = 'cp311'");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        queue.clear();
        dal.getBuildQueue(10).forEach((abi, list) -> list.forEach(r ->
                queue.computeIfAbsent(abi, k -> new TreeSet<>()).add(r.packageName())));
        assertThat(queue).containsExactly(Map.entry("cp39", new TreeSet<>(List.of("classic"))));
    }

    /**
     * A binary-only release whose sdist follows in the same transaction is inserted
     * enabled (its SKIPVER folded into the NEWVER): the database, build queue and
     * Requires-Python skips end as if it had been inserted, then enabled.
     */
    @Test
    void aReleaseEnabledInTheTransactionThatAddsItIsQueuedAsIfEnabledLater() {
        pypi.addProject("Swift", "fast");
        pypi.addRelease("Swift", "1.0");
        pypi.addFile("Swift", "1.0", "Swift-1.0-cp311-cp311-linux_armv7l.whl", bytes("w"), null); // binary first
        pypi.addFile("Swift", "1.0", "Swift-1.0.tar.gz", bytes("s"), ">=3.10");                     // enabled
        pypi.addRelease("Swift", "2.0");
        pypi.addFile("Swift", "2.0", "Swift-2.0-cp311-cp311-linux_armv7l.whl", bytes("w2"), null); // binary only
        pypi.addProject("Plain", "plain");
        pypi.addRelease("Plain", "0.1");
        pypi.addFile("Plain", "0.1", "Plain-0.1.tar.gz", bytes("p"), null);
        settle();
        ChangelogFollower f = follower(false);
        runUntil(f, pypi.lastSerial(), 30);

        assertThat(skips("swift")).containsExactly(Map.entry("1.0", ""), Map.entry("2.0", "binary only"));
        assertThat(dal.getAbiSkips("swift", "1.0"))
                .containsExactly(Map.entry("cp39", "Requires-Python >=3.10 excludes cp39"));
        Map<String, TreeSet<String>> queue = new TreeMap<>();
        dal.getBuildQueue(10).forEach((abi, list) -> list.forEach(r ->
                queue.computeIfAbsent(abi, k -> new TreeSet<>()).add(r.packageName() + " " + r.version())));
        assertThat(queue).containsExactly(Map.entry("cp311", new TreeSet<>(List.of("plain 0.1", "swift 1.0"))));
        try (Connection admin = testDb.adminConnection(); Statement st = admin.createStatement()) {
            st.execute("DELETE FROM build_abis WHERE abi_tag = 'cp311'");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        queue.clear();
        dal.getBuildQueue(10).forEach((abi, list) -> list.forEach(r ->
                queue.computeIfAbsent(abi, k -> new TreeSet<>()).add(r.packageName() + " " + r.version())));
        assertThat(queue).containsExactly(Map.entry("cp39", new TreeSet<>(List.of("plain 0.1"))));
    }

    @Test
    void aRequiresPythonMissedByAFailedLookupIsStoredWhenTheLookupIsRetried() {
        pypi.addProject("late", "late one");
        pypi.addRelease("late", "1.0");
        pypi.addFile("late", "1.0", "late-1.0.tar.gz", bytes("l"), "<3.10");
        settle();
        pypi.misbehave(Misbehaviour.Endpoint.JSON, new Misbehaviour.HttpError(503));
        ChangelogFollower f = follower(false);
        runUntil(f, pypi.lastSerial(), 30);
        assertThat(dal.testPackageVersion("late", "1.0")).isTrue();
        assertThat(dal.getRequiresPython("late", "1.0")).isEmpty();
        for (int i = 0; i < 120; i++) {
            f.step();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(dal.getRequiresPython("late", "1.0")).contains("<3.10");
        assertThat(dal.getAbiSkips("late", "1.0")).containsOnlyKeys("cp311");
        assertThat(dal.getProjectData("late").description()).isEqualTo("late one");
    }

    /** A fresh database: the listing and the changed projects' JSON, not millions of changelog rows. */
    @Test
    void aFirstStartReconcilesWithTheListingInsteadOfReplayingTheChangelog() throws Exception {
        pypi.close();
        pypi = FakePypi.start().startSerialAt(30_000_000).clock(() -> pypiTime);
        try (Connection admin = testDb.adminConnection(); Statement st = admin.createStatement()) {
            st.execute("UPDATE configuration SET pypi_serial = 0");
        }
        pypi.addProject("Alpha", "first");
        pypi.addRelease("Alpha", "1.0");
        pypi.addFile("Alpha", "1.0", "Alpha-1.0.tar.gz", bytes("a"), ">=3.10");
        later(60);
        pypi.addRelease("Alpha", "2.0");
        pypi.addFile("Alpha", "2.0", "Alpha-2.0-cp311-cp311-linux_armv7l.whl", bytes("a2"), null);  // binary only
        later(60);
        pypi.addRelease("Alpha", "3.0");
        pypi.addFile("Alpha", "3.0", "Alpha-3.0.tar.gz", bytes("a3"), null);
        pypi.yank("Alpha", "3.0", "oops");
        pypi.addProject("beta", null);
        pypi.addRelease("beta", "0.1");
        pypi.addFile("beta", "0.1", "beta-0.1.tar.gz", bytes("b"), null);
        pypi.addProject("gone", "soon");
        pypi.removeProject("gone");
        pypi.misbehave(Misbehaviour.Endpoint.SIMPLE, new Misbehaviour.HttpError(503));
        pypi.misbehave(Misbehaviour.Endpoint.JSON, new Misbehaviour.Slow(Duration.ofSeconds(5)));

        ChangelogFollower f = follower(true);
        int failures = runUntil(f, pypi.lastSerial(), 200);

        assertThat(failures).isEqualTo(2);
        assertThat(dal.getAllPackages()).containsExactlyInAnyOrder("alpha", "beta");
        assertThat(skips("alpha")).containsExactly(Map.entry("1.0", ""), Map.entry("2.0", "binary only"),
                Map.entry("3.0", ""));
        ProjectData alpha = dal.getProjectData("alpha");
        assertThat(alpha.description()).isEqualTo("first");
        assertThat(alpha.releases().get("3.0").yanked()).isTrue();
        assertThat(dal.getRequiresPython("alpha", "1.0")).contains(">=3.10");
        assertThat(skips("beta")).containsExactly(Map.entry("0.1", ""));
        assertThat(actions.pages).contains("BOTH alpha", "BOTH beta");
        // no changelog replay: one changelog_last_serial, then the changelog only from the listing's serial
        List<String> calls = pypi.xmlrpcCalls();
        assertThat(calls.get(0)).isEqualTo("changelog_last_serial");
        assertThat(calls).noneMatch(c -> c.equals("changelog_since_serial 0"));
        assertThat(pypi.requests()).contains("GET /simple/", "GET /pypi/Alpha/json", "GET /pypi/beta/json");
        assertThat(f.status().reconciling()).isZero();

        // then the changelog is followed as usual
        later(60);
        pypi.addRelease("beta", "0.2");
        pypi.addFile("beta", "0.2", "beta-0.2.tar.gz", bytes("b2"), null);
        settle();
        runUntil(f, pypi.lastSerial(), 60);
        assertThat(skips("beta")).containsExactly(Map.entry("0.1", ""), Map.entry("0.2", ""));
    }

    /** After a long outage, only projects changed since are looked at; removals found meanwhile are applied. */
    @Test
    void aLongOutageIsReconciledProjectByProject() throws Exception {
        pypi.close();
        pypi = FakePypi.start().startSerialAt(700_001).clock(() -> pypiTime);
        pypi.addProject("steady", "s");
        pypi.addRelease("steady", "1.0");
        pypi.addFile("steady", "1.0", "steady-1.0.tar.gz", bytes("s"), null);
        pypi.addProject("busy", "b");
        pypi.addRelease("busy", "1.0");
        pypi.addFile("busy", "1.0", "busy-1.0.tar.gz", bytes("b"), null);
        pypi.addRelease("busy", "1.1");
        pypi.addFile("busy", "1.1", "busy-1.1.tar.gz", bytes("b1"), null);
        pypi.yank("busy", "1.1", "");
        pypi.addProject("leaving", "l");
        pypi.addRelease("leaving", "1.0");
        pypi.addFile("leaving", "1.0", "leaving-1.0.tar.gz", bytes("l"), null);
        settle();
        runUntil(follower(false), pypi.lastSerial(), 30);
        assertThat(dal.getAllPackages()).contains("steady", "busy", "leaving");
        long before = pypi.lastSerial();

        // a long outage: PyPI moves on by more than RECONCILE_GAP serials
        for (int i = 0; i < 3; i++) {
            pypi.logEvent("noise", null, "docupdate");
        }
        pypi.appendEvent(new org.piwheels.testing.ChangelogEntry("noise", null, pypiTime.getEpochSecond(),
                "docupdate", before + ChangelogFollower.RECONCILE_GAP + 10));
        later(60);
        pypi.unyank("busy", "1.1");
        pypi.removeRelease("busy", "1.0");
        pypi.addRelease("busy", "2.0");
        pypi.addFile("busy", "2.0", "busy-2.0.tar.gz", bytes("b2"), ">=3.11");
        pypi.removeProject("leaving");
        List<String> requestsBefore = pypi.requests();

        ChangelogFollower f = follower(true);
        runUntil(f, pypi.lastSerial(), 100);
        List<String> requests = pypi.requests().subList(requestsBefore.size(), pypi.requests().size());
        assertThat(requests).contains("GET /simple/", "GET /pypi/busy/json")
                .doesNotContain("GET /pypi/steady/json");
        assertThat(dal.getAllPackages()).containsExactlyInAnyOrder("steady", "busy");
        assertThat(skips("busy")).containsOnlyKeys("1.1", "2.0");
        assertThat(dal.getProjectData("busy").releases().get("1.1").yanked()).isFalse();
        assertThat(dal.getRequiresPython("busy", "2.0")).contains(">=3.11");
        assertThat(actions.pages).contains("DELVER busy 1.0", "DELPKG leaving");
    }

    @Test
    void aSmallGapIsFollowedThroughTheChangelog() {
        pypi.addProject("small", "s");
        pypi.addRelease("small", "1.0");
        pypi.addFile("small", "1.0", "small-1.0.tar.gz", bytes("s"), null);
        settle();
        runUntil(follower(true), pypi.lastSerial(), 30);
        assertThat(pypi.requests()).doesNotContain("GET /simple/");
        assertThat(pypi.xmlrpcCalls()).startsWith("changelog_last_serial", "changelog_since_serial 698000");
        assertThat(dal.testPackageVersion("small", "1.0")).isTrue();
    }
}
