package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piwheels.db.PackageVersion;
import org.piwheels.db.PypiState;
import org.piwheels.db.VersionSkip;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.records.PypiWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of events with one read and one write transaction instead of
 * three to five transactions per event. Between {@link #beginBatch} and
 * {@link #endBatch} the event handler's calls are unchanged, but: the answers
 * of {@code NEWPKG}, {@code NEWVER} and {@code GETSKIP} come from what the
 * database held at the start of the batch ({@code PYPISTATE}) plus the batch's
 * own writes; the writes are queued and sent, in order, as one
 * {@code PYPIWRITES}; page requests are queued and sent, in order, once the writes
 * before them are committed (so the site writer reads what they announce).
 * A removal's web and skip requests must come after the writes before it and
 * before its database {@code DELPKG}/{@code DELVER}, so they first send what is
 * queued. Outside a batch every call goes straight to {@code direct}.
 *
 * <p>The database's answers are compared with the predicted ones; a difference
 * (another task changed the same package meanwhile) is logged. A {@code NEWPKGNAME}
 * that repeats the alias and date last queued for it in the batch is dropped: it
 * would change nothing.
 *
 * <p>Within one transaction (the writes queued since the last flush) writes whose
 * effect cannot be seen once it commits are not sent, so the committed state is the
 * same with far fewer calls of 0.23's functions (each costs PostgreSQL a function
 * call with its own settings, the row's checks and, for a conflicting insert, a
 * subtransaction):
 * <ul>
 *   <li>a {@code NEWVER} of a version this transaction already inserts (not deleted
 *       since) would conflict: it is dropped and answers false;</li>
 *   <li>a {@code SKIPVER} of a version this transaction inserts (e.g. a binary-only
 *       release enabled when its sdist follows) is folded into that {@code NEWVER}'s
 *       skip instead of updating the row right after inserting it;</li>
 *   <li>a {@code NEWPKGNAME} or {@code SETDESC} overwrites an earlier one of the same
 *       alias or package in the transaction, so the earlier one is dropped (unless
 *       the package was added or deleted in between).</li>
 * </ul>
 * Nothing here is seen by another task before the commit, and the page requests are
 * unchanged.
 */
final class BatchingFollowerActions implements FollowerActions {

    private static final Logger LOG = LoggerFactory.getLogger("master.cloud_gazer");
    /** Queued writes are sent once there are this many, so no transaction grows without bound. */
    static final int MAX_QUEUED_WRITES = 20_000;

    private final FollowerActions direct;
    private final FollowerBatchStore store;
    private boolean inBatch;
    private final Set<String> packages = new HashSet<>();
    private final Map<PackageVersion, String> skips = new HashMap<>();
    private final List<PypiWrite> writes = new ArrayList<>();
    private final List<Boolean> predicted = new ArrayList<>();
    private final List<Runnable> pages = new ArrayList<>();
    /** (package, alias) → the date last queued for it in this batch. */
    private final Map<PackageVersion, Instant> aliasesSeen = new HashMap<>();
    // Indexes into writes (the current transaction) of the writes a later one may replace.
    private final Map<PackageVersion, Integer> versionsInserted = new HashMap<>();
    private final Map<PackageVersion, Integer> lastAlias = new HashMap<>();
    private final Map<String, Integer> lastDescription = new HashMap<>();
    /** Writes dropped or folded into another since the batch began (for the benchmark and tests). */
    private long writesSaved;

    BatchingFollowerActions(FollowerActions direct, FollowerBatchStore store) {
        this.direct = direct;
        this.store = store;
    }

    @Override
    public void beginBatch(List<PypiEvent> events) {
        abandonBatch();
        Set<String> names = new HashSet<>();
        Set<PackageVersion> versions = new HashSet<>();
        for (PypiEvent e : events) {
            if (e.action() == PypiAction.REMOVE) {
                continue;
            }
            String pkg = PackageNames.canonicalize(e.name());
            names.add(pkg);
            if (e.version() != null && (e.action() == PypiAction.CREATE || e.action() == PypiAction.SOURCE)) {
                versions.add(new PackageVersion(pkg, e.version()));
            }
        }
        PypiState state = store.pypiState(names, versions);
        packages.addAll(state.packages());
        for (VersionSkip v : state.versions()) {
            skips.put(new PackageVersion(v.packageName(), v.version()), v.skip());
        }
        inBatch = true;
    }

    @Override
    public void endBatch() {
        if (inBatch) {
            flush();
            abandonBatch();
        }
    }

    @Override
    public void abandonBatch() {
        inBatch = false;
        packages.clear();
        skips.clear();
        writes.clear();
        predicted.clear();
        pages.clear();
        aliasesSeen.clear();
        forgetTransaction();
    }

    private void forgetTransaction() {
        versionsInserted.clear();
        lastAlias.clear();
        lastDescription.clear();
    }

    /** How many writes were dropped or folded into others so far. */
    long writesSaved() {
        return writesSaved;
    }

    /** Sends the queued writes (one transaction), then the queued page requests. */
    private void flush() {
        forgetTransaction();
        if (!writes.isEmpty()) {
            List<PypiWrite> sent = new ArrayList<>(writes.size());
            for (PypiWrite w : writes) {
                if (w != null) {
                    sent.add(w);
                }
            }
            List<Boolean> results = store.applyPypiWrites(sent);
            if (!results.equals(predicted)) {
                LOG.warn("the database answered {} of {} package/version additions differently than expected "
                        + "(changed meanwhile by another task?)", differences(results), predicted.size());
            }
            writes.clear();
            predicted.clear();
        }
        List<Runnable> due = List.copyOf(pages);
        pages.clear();
        due.forEach(Runnable::run);
    }

    private int differences(List<Boolean> results) {
        int n = Math.abs(results.size() - predicted.size());
        for (int i = 0; i < Math.min(results.size(), predicted.size()); i++) {
            n += results.get(i).equals(predicted.get(i)) ? 0 : 1;
        }
        return n;
    }

    /** Queues a write; @return its index in this transaction's writes (valid until it is flushed). */
    private int queue(PypiWrite write) {
        writes.add(write);
        int index = writes.size() - 1;
        if (writes.size() >= MAX_QUEUED_WRITES) {
            flush();
        }
        return index;
    }

    /** Queues a write that makes the one at {@code previous} (if any, in this transaction) pointless. */
    private <K> void queueReplacing(Map<K, Integer> last, K key, PypiWrite write) {
        Integer previous = last.remove(key);
        if (previous != null) {
            writes.set(previous, null);
            writesSaved++;
        }
        int index = queue(write);
        if (!writes.isEmpty()) { // else it was flushed right away
            last.put(key, index);
        }
    }

    private void forgetPackage(String pkg) {
        versionsInserted.keySet().removeIf(k -> k.packageName().equals(pkg));
        lastAlias.keySet().removeIf(k -> k.packageName().equals(pkg));
        lastDescription.remove(pkg);
    }

    @Override
    public Set<String> allPackages() {
        return direct.allPackages();
    }

    @Override
    public Set<PackageVersion> allVersions() {
        return direct.allVersions();
    }

    @Override
    public long pypiSerial() {
        return direct.pypiSerial();
    }

    @Override
    public void setPypiSerial(long serial) {
        if (inBatch) {
            flush();
        }
        direct.setPypiSerial(serial);
    }

    @Override
    public boolean newPackage(String pkg, String skip, String description) {
        if (!inBatch) {
            return direct.newPackage(pkg, skip, description);
        }
        boolean inserted = packages.add(pkg);
        predicted.add(inserted);
        lastDescription.remove(pkg);
        queue(PypiWrite.newPackage(pkg, skip, description));
        return inserted;
    }

    @Override
    public void newPackageName(String pkg, String name, Instant seen) {
        if (!inBatch) {
            direct.newPackageName(pkg, name, seen);
            return;
        }
        // The same alias with the same date as the last one queued for it would change
        // nothing (0.23 sends the canonical name, dated 1970, with every event).
        PackageVersion alias = new PackageVersion(pkg, name);
        Instant when = seen == null ? Instant.EPOCH : seen;
        if (when.equals(aliasesSeen.put(alias, when))) {
            return;
        }
        queueReplacing(lastAlias, alias, PypiWrite.newPackageName(pkg, name, seen));
    }

    @Override
    public boolean newVersion(String pkg, String version, Instant released, String skip) {
        if (!inBatch) {
            return direct.newVersion(pkg, version, released, skip);
        }
        PackageVersion key = new PackageVersion(pkg, version);
        if (versionsInserted.containsKey(key)) {
            writesSaved++;
            return false; // inserted earlier in this transaction: it would conflict
        }
        boolean inserted = skips.putIfAbsent(key, skip) == null;
        predicted.add(inserted);
        int index = queue(PypiWrite.newVersion(pkg, version, skip, released));
        if (inserted && !writes.isEmpty()) {
            versionsInserted.put(key, index);
        }
        return inserted;
    }

    @Override
    public void setDescription(String pkg, String description) {
        if (!inBatch) {
            direct.setDescription(pkg, description);
            return;
        }
        queueReplacing(lastDescription, pkg, PypiWrite.setDescription(pkg, description));
    }

    @Override
    public void setRequiresPython(String pkg, String version, String requiresPython) {
        if (!inBatch) {
            direct.setRequiresPython(pkg, version, requiresPython);
            return;
        }
        queue(PypiWrite.setRequiresPython(pkg, version, requiresPython));
    }

    @Override
    public void skipPackage(String pkg, String reason) {
        if (!inBatch) {
            direct.skipPackage(pkg, reason);
            return;
        }
        queue(PypiWrite.skipPackage(pkg, reason));
    }

    @Override
    public void skipVersion(String pkg, String version, String reason) {
        if (!inBatch) {
            direct.skipVersion(pkg, version, reason);
            return;
        }
        PackageVersion key = new PackageVersion(pkg, version);
        skips.computeIfPresent(key, (k, old) -> reason);
        Integer inserting = versionsInserted.get(key);
        if (inserting != null) {
            // inserted by this transaction: insert it with this skip instead of updating it afterwards
            PypiWrite insert = writes.get(inserting);
            writes.set(inserting, PypiWrite.newVersion(pkg, version, reason, insert.at()));
            writesSaved++;
            return;
        }
        queue(PypiWrite.skipVersion(pkg, version, reason));
    }

    @Override
    public String versionSkip(String pkg, String version) {
        if (!inBatch) {
            return direct.versionSkip(pkg, version);
        }
        return skips.get(new PackageVersion(pkg, version));
    }

    @Override
    public void deletePackage(String pkg) {
        if (!inBatch) {
            direct.deletePackage(pkg);
            return;
        }
        packages.remove(pkg);
        skips.keySet().removeIf(k -> k.packageName().equals(pkg));
        aliasesSeen.keySet().removeIf(k -> k.packageName().equals(pkg));
        forgetPackage(pkg);
        queue(PypiWrite.deletePackage(pkg));
    }

    @Override
    public void deleteVersion(String pkg, String version) {
        if (!inBatch) {
            direct.deleteVersion(pkg, version);
            return;
        }
        skips.remove(new PackageVersion(pkg, version));
        versionsInserted.remove(new PackageVersion(pkg, version));
        queue(PypiWrite.deleteVersion(pkg, version));
    }

    @Override
    public void yankVersion(String pkg, String version) {
        if (!inBatch) {
            direct.yankVersion(pkg, version);
            return;
        }
        queue(PypiWrite.yankVersion(pkg, version));
    }

    @Override
    public void unyankVersion(String pkg, String version) {
        if (!inBatch) {
            direct.unyankVersion(pkg, version);
            return;
        }
        queue(PypiWrite.unyankVersion(pkg, version));
    }

    @Override
    public void rewriteIndexAndProject(String pkg) {
        if (inBatch) {
            pages.add(() -> direct.rewriteIndexAndProject(pkg));
        } else {
            direct.rewriteIndexAndProject(pkg);
        }
    }

    @Override
    public void rewriteProject(String pkg) {
        if (inBatch) {
            pages.add(() -> direct.rewriteProject(pkg));
        } else {
            direct.rewriteProject(pkg);
        }
    }

    @Override
    public void withdrawPackage(String pkg) {
        if (inBatch) {
            flush();
        }
        direct.withdrawPackage(pkg);
    }

    @Override
    public void withdrawVersion(String pkg, String version) {
        if (inBatch) {
            flush();
        }
        direct.withdrawVersion(pkg, version);
    }
}
