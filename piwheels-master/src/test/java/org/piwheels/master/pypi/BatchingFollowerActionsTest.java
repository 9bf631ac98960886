package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.piwheels.db.PackageVersion;
import org.piwheels.db.PypiState;
import org.piwheels.db.VersionSkip;
import org.piwheels.protocol.records.PypiWrite;

/**
 * Applying events in batches must end exactly as applying them one request at a
 * time: the same database, the same page requests in the same order, removals'
 * web and skip requests after the writes before them.
 */
class BatchingFollowerActionsTest {

    /** A store over an in-memory database: each write becomes the call it stands for. */
    private static final class InMemoryStore implements FollowerBatchStore {
        final InMemoryFollowerActions db;
        final List<Integer> transactions = new ArrayList<>();
        final List<PypiWrite> sent = new ArrayList<>();
        int names;

        InMemoryStore(InMemoryFollowerActions db) {
            this.db = db;
        }

        @Override
        public PypiState pypiState(Collection<String> packages, Collection<PackageVersion> versions) {
            Set<String> found = new HashSet<>(packages);
            found.retainAll(db.packages.keySet());
            List<VersionSkip> skips = new ArrayList<>();
            for (PackageVersion pv : versions) {
                var v = db.versions.get(List.of(pv.packageName(), pv.version()));
                if (v != null) {
                    skips.add(new VersionSkip(pv.packageName(), pv.version(), v.skip()));
                }
            }
            return new PypiState(found, skips);
        }

        @Override
        public List<Boolean> applyPypiWrites(List<PypiWrite> writes) {
            transactions.add(writes.size());
            sent.addAll(writes);
            db.calls.add("COMMIT");
            List<Boolean> results = new ArrayList<>();
            for (PypiWrite w : writes) {
                switch (w.action()) {
                    case "NEWPKG" -> results.add(db.newPackage(w.packageName(), w.first(), w.second()));
                    case "NEWPKGNAME" -> {
                        names++;
                        db.newPackageName(w.packageName(), w.first(), w.at());
                    }
                    case "NEWVER" -> results.add(db.newVersion(w.packageName(), w.first(), w.at(), w.second()));
                    case "SETDESC" -> db.setDescription(w.packageName(), w.first());
                    case "SETREQPY" -> db.setRequiresPython(w.packageName(), w.first(), w.second());
                    case "SKIPPKG" -> db.skipPackage(w.packageName(), w.first());
                    case "SKIPVER" -> db.skipVersion(w.packageName(), w.first(), w.second());
                    case "DELPKG" -> db.deletePackage(w.packageName());
                    case "DELVER" -> db.deleteVersion(w.packageName(), w.first());
                    case "YANKVER" -> db.yankVersion(w.packageName(), w.first());
                    case "UNYANKVER" -> db.unyankVersion(w.packageName(), w.first());
                    default -> throw new AssertionError(w);
                }
            }
            return results;
        }
    }

    private static PypiEvent event(String name, String version, long ts, PypiAction action) {
        return new PypiEvent(name, version, Instant.ofEpochSecond(ts), action, "about " + name, ts);
    }

    private static final List<PypiEvent> EVENTS = List.of(
            event("Foo_Bar", null, 10, PypiAction.CREATE),
            event("Foo_Bar", "1.0", 11, PypiAction.CREATE),      // binary only
            event("Foo_Bar", "1.0", 12, PypiAction.SOURCE),      // enabled
            event("Foo_Bar", "2.0", 13, PypiAction.SOURCE),
            event("Foo_Bar", "2.0", 14, PypiAction.YANK),
            event("Foo_Bar", "2.0", 15, PypiAction.UNYANK),
            event("old", "0.1", 16, PypiAction.SOURCE),          // already in the database
            event("old", "0.2", 17, PypiAction.SOURCE),          // binary only there: enabled
            event("old", "0.1", 18, PypiAction.REMOVE),
            event("old", "0.3", 19, PypiAction.CREATE),
            event("gone", "1", 20, PypiAction.SOURCE),
            event("gone", null, 21, PypiAction.REMOVE),
            event("gone", "2", 22, PypiAction.SOURCE),           // comes back after removal
            event("Foo_Bar", "3.0", 23, PypiAction.SOURCE));

    private static InMemoryFollowerActions seeded() {
        InMemoryFollowerActions db = new InMemoryFollowerActions();
        db.newPackage("old", "", "old one");
        db.newVersion("old", "0.1", Instant.EPOCH, "");
        db.newVersion("old", "0.2", Instant.EPOCH, "binary only");
        db.calls.clear();
        return db;
    }

    private static List<String> pageRequests(InMemoryFollowerActions db) {
        return db.calls.stream().filter(c -> c.startsWith("web") || c.startsWith("COMMIT")).toList();
    }

    @Test
    void aBatchEndsExactlyAsOneRequestAtATime() {
        InMemoryFollowerActions oneByOne = seeded();
        PypiEventHandler plain = new PypiEventHandler(oneByOne, new HashSet<>(oneByOne.packages.keySet()), false);
        EVENTS.forEach(plain::handle);

        InMemoryFollowerActions batchedDb = seeded();
        InMemoryStore store = new InMemoryStore(batchedDb);
        BatchingFollowerActions batching = new BatchingFollowerActions(batchedDb, store);
        PypiEventHandler handler = new PypiEventHandler(batching, new HashSet<>(batchedDb.packages.keySet()), false);
        batching.beginBatch(EVENTS);
        EVENTS.forEach(handler::handle);
        batching.endBatch();

        assertThat(batchedDb.packages).isEqualTo(oneByOne.packages);
        assertThat(batchedDb.versions).isEqualTo(oneByOne.versions);
        assertThat(batchedDb.names).isEqualTo(oneByOne.names);
        // the same page requests in the same order, each after the commit of the writes before it
        assertThat(pageRequests(batchedDb).stream().filter(c -> !c.equals("COMMIT")).toList())
                .isEqualTo(pageRequests(oneByOne));
        // (the writes before a removal are committed, and their pages asked for, before its web and skip requests)
        assertThat(pageRequests(batchedDb)).containsSubsequence("COMMIT", "web BOTH foo-bar", "web PROJECT old",
                "web+skip DELVER [old, 0.1]", "COMMIT", "web BOTH old", "web+skip DELPKG gone", "COMMIT",
                "web BOTH gone");
        // three transactions: up to each removal, and the rest; no repeated alias
        assertThat(store.transactions).hasSize(3);
        long plainNames = oneByOne.calls.stream().filter(c -> c.startsWith("NEWPKGNAME")).count();
        assertThat(store.names).isLessThan((int) plainNames);
    }

    @Test
    void writesOverwrittenInTheSameTransactionAreNotSent() {
        List<PypiEvent> events = List.of(
                event("Foo_Bar", null, 10, PypiAction.CREATE),
                event("Foo_Bar", "1.0", 11, PypiAction.CREATE),   // binary only...
                event("Foo_Bar", "1.0", 12, PypiAction.SOURCE),   // ...enabled: inserted enabled instead
                event("Foo_Bar", "2.0", 13, PypiAction.SOURCE),
                event("Foo_Bar", "2.0", 14, PypiAction.YANK),
                event("old", "0.2", 15, PypiAction.SOURCE));      // binary only in the database: enabled
        InMemoryFollowerActions oneByOne = seeded();
        PypiEventHandler plain = new PypiEventHandler(oneByOne, new HashSet<>(oneByOne.packages.keySet()), false);
        events.forEach(plain::handle);

        InMemoryFollowerActions batchedDb = seeded();
        InMemoryStore store = new InMemoryStore(batchedDb);
        BatchingFollowerActions batching = new BatchingFollowerActions(batchedDb, store);
        PypiEventHandler handler = new PypiEventHandler(batching, new HashSet<>(batchedDb.packages.keySet()), false);
        batching.beginBatch(events);
        events.forEach(handler::handle);
        batching.endBatch();

        assertThat(batchedDb.packages).isEqualTo(oneByOne.packages);
        assertThat(batchedDb.versions).isEqualTo(oneByOne.versions);
        assertThat(batchedDb.names).isEqualTo(oneByOne.names);
        assertThat(pageRequests(batchedDb).stream().filter(c -> !c.equals("COMMIT")).toList())
                .isEqualTo(pageRequests(oneByOne));
        assertThat(store.transactions).hasSize(1);
        // 1.0 inserted once, already enabled; the row of old 0.2 (not this transaction's) updated
        assertThat(store.sent).filteredOn(w -> w.action().equals("NEWVER")).extracting(PypiWrite::first,
                PypiWrite::second).containsExactly(org.assertj.core.groups.Tuple.tuple("1.0", ""),
                org.assertj.core.groups.Tuple.tuple("2.0", ""), org.assertj.core.groups.Tuple.tuple("0.2", ""));
        assertThat(store.sent).filteredOn(w -> w.action().equals("SKIPVER")).extracting(PypiWrite::packageName)
                .containsExactly("old");
        // one description (the last) and one dated alias per package (the last)
        assertThat(store.sent).filteredOn(w -> w.action().equals("SETDESC")).hasSize(1);
        assertThat(store.sent).filteredOn(w -> w.action().equals("NEWPKGNAME") && w.at() != null)
                .extracting(PypiWrite::packageName, PypiWrite::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("foo-bar", Instant.ofEpochSecond(14)),
                        org.assertj.core.groups.Tuple.tuple("old", Instant.ofEpochSecond(15)));
        assertThat(batching.writesSaved()).isPositive();
    }

    @Test
    void outsideABatchEveryCallGoesStraightThrough() {
        InMemoryFollowerActions db = seeded();
        InMemoryStore store = new InMemoryStore(db);
        BatchingFollowerActions batching = new BatchingFollowerActions(db, store);
        assertThat(batching.newVersion("old", "0.9", Instant.EPOCH, "")).isTrue();
        batching.rewriteIndexAndProject("old");
        assertThat(db.calls).hasSize(2);
        assertThat(store.transactions).isEmpty();
    }

    @Test
    void anAbandonedBatchWritesNothingAndAsksForNoPage() {
        InMemoryFollowerActions db = seeded();
        InMemoryStore store = new InMemoryStore(db);
        BatchingFollowerActions batching = new BatchingFollowerActions(db, store);
        PypiEventHandler handler = new PypiEventHandler(batching, new HashSet<>(db.packages.keySet()), false);
        List<PypiEvent> events = EVENTS.subList(0, 6);
        batching.beginBatch(events);
        events.forEach(handler::handle);
        batching.abandonBatch();
        assertThat(db.calls).isEmpty();
        assertThat(db.packages).containsOnlyKeys("old");
    }
}
