package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.piwheels.db.Database;
import org.piwheels.db.PackageVersion;
import org.piwheels.db.PypiState;
import org.piwheels.protocol.records.PypiWrite;

/**
 * The follower's effects straight on the data layer (a real PostgreSQL), the page
 * and skip-queue requests recorded as {@code "BOTH foo"}, {@code "PROJECT foo"},
 * {@code "DELPKG foo"}, {@code "DELVER foo 1.0"}. Can be told to fail at the
 * n-th database write, to simulate the master dying in the middle of a batch.
 */
final class DatabaseFollowerActions implements FollowerActions, FollowerBatchStore {

    final Database db;
    final List<String> pages = new CopyOnWriteArrayList<>();
    private final boolean keepPages;
    private long pageRequests;
    private long writes;
    private long failAtWrite = -1;

    DatabaseFollowerActions(Database db) {
        this(db, true);
    }

    /** @param keepPages false: page requests are only counted (a benchmark's hundreds of thousands) */
    DatabaseFollowerActions(Database db, boolean keepPages) {
        this.db = db;
        this.keepPages = keepPages;
    }

    long pageRequests() {
        return pageRequests;
    }

    /** Database writes so far (each of a PYPIWRITES batch counts). */
    long writesSent() {
        return writes;
    }

    private void page(String request) {
        pageRequests++;
        if (keepPages) {
            pages.add(request);
        }
    }

    /** The n-th database write from now (1-based) throws instead. */
    void failAtWrite(int n) {
        failAtWrite = writes + n;
    }

    private void write() {
        if (++writes == failAtWrite) {
            failAtWrite = -1;
            throw new IllegalStateException("simulated crash at database write " + writes);
        }
    }

    @Override
    public PypiState pypiState(Collection<String> packages, Collection<PackageVersion> versions) {
        return db.getPypiState(packages, versions);
    }

    /** A simulated crash at one of the writes rolls the whole transaction back: none is applied. */
    @Override
    public List<Boolean> applyPypiWrites(List<PypiWrite> writes) {
        for (int i = 0; i < writes.size(); i++) {
            write();
        }
        return db.applyPypiWrites(writes);
    }

    @Override
    public Set<String> allPackages() {
        return db.getAllPackages();
    }

    @Override
    public Set<PackageVersion> allVersions() {
        return db.getAllPackageVersions();
    }

    @Override
    public long pypiSerial() {
        return db.getPypiSerial();
    }

    @Override
    public void setPypiSerial(long serial) {
        write();
        db.setPypiSerial(serial);
    }

    @Override
    public boolean newPackage(String pkg, String skip, String description) {
        write();
        return db.addNewPackage(pkg, skip, description);
    }

    @Override
    public void newPackageName(String pkg, String name, Instant seen) {
        write();
        db.addPackageName(pkg, name, seen);
    }

    @Override
    public boolean newVersion(String pkg, String version, Instant released, String skip) {
        write();
        return db.addNewPackageVersion(pkg, version, released, skip);
    }

    @Override
    public void setDescription(String pkg, String description) {
        write();
        db.setPackageDescription(pkg, description);
    }

    @Override
    public void setRequiresPython(String pkg, String version, String requiresPython) {
        write();
        db.setRequiresPython(pkg, version, requiresPython);
    }

    @Override
    public void skipPackage(String pkg, String reason) {
        write();
        db.skipPackage(pkg, reason);
    }

    @Override
    public void skipVersion(String pkg, String version, String reason) {
        write();
        db.skipPackageVersion(pkg, version, reason);
    }

    @Override
    public String versionSkip(String pkg, String version) {
        return db.getVersionSkip(pkg, version).orElse(null);
    }

    @Override
    public void deletePackage(String pkg) {
        write();
        db.deletePackage(pkg);
    }

    @Override
    public void deleteVersion(String pkg, String version) {
        write();
        db.deleteVersion(pkg, version);
    }

    @Override
    public void yankVersion(String pkg, String version) {
        write();
        db.yankVersion(pkg, version);
    }

    @Override
    public void unyankVersion(String pkg, String version) {
        write();
        db.unyankVersion(pkg, version);
    }

    @Override
    public void rewriteIndexAndProject(String pkg) {
        page("BOTH " + pkg);
    }

    @Override
    public void rewriteProject(String pkg) {
        page("PROJECT " + pkg);
    }

    @Override
    public void withdrawPackage(String pkg) {
        page("DELPKG " + pkg);
    }

    @Override
    public void withdrawVersion(String pkg, String version) {
        page("DELVER " + pkg + " " + version);
    }
}
