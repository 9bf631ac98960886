package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.Set;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.SkipClient;
import org.piwheels.master.clients.WebClient;

/** {@link FollowerActions} over the master's database, web and skip queues. */
final class QueueFollowerActions implements FollowerActions, FollowerBatchStore {

    private final DbClient db;
    private final WebClient web;
    private final SkipClient skip;
    /** Whether something became buildable since {@link #takeBuildableChanges()} was last called. */
    private boolean buildableChanges;

    QueueFollowerActions(DbClient db, WebClient web, SkipClient skip) {
        this.db = db;
        this.web = web;
        this.skip = skip;
    }

    /** @return whether new versions became buildable since the last call, resetting the answer */
    boolean takeBuildableChanges() {
        boolean changed = buildableChanges;
        buildableChanges = false;
        return changed;
    }

    @Override
    public org.piwheels.db.PypiState pypiState(java.util.Collection<String> packages,
                                               java.util.Collection<org.piwheels.db.PackageVersion> versions) {
        return db.pypiState(packages, versions);
    }

    @Override
    public java.util.List<Boolean> applyPypiWrites(java.util.List<org.piwheels.protocol.records.PypiWrite> writes) {
        java.util.List<Boolean> results = db.applyPypiWrites(writes);
        int result = 0;
        for (org.piwheels.protocol.records.PypiWrite w : writes) {
            switch (w.action()) {
                case "NEWPKG" -> result++;
                case "NEWVER" -> buildableChanges |= result < results.size() && results.get(result++)
                        && "".equals(w.second());
                case "SKIPVER" -> buildableChanges |= "".equals(w.second());
                default -> { }
            }
        }
        return results;
    }

    @Override
    public Set<String> allPackages() {
        return db.allPackages();
    }

    @Override
    public Set<org.piwheels.db.PackageVersion> allVersions() {
        return db.allVersions();
    }

    @Override
    public long pypiSerial() {
        return db.pypiSerial();
    }

    @Override
    public void setPypiSerial(long serial) {
        db.setPypiSerial(serial);
    }

    @Override
    public boolean newPackage(String pkg, String skipReason, String description) {
        return db.newPackage(pkg, skipReason, description);
    }

    @Override
    public void newPackageName(String pkg, String name, Instant seen) {
        db.newPackageName(pkg, name, seen);
    }

    @Override
    public boolean newVersion(String pkg, String version, Instant released, String skipReason) {
        boolean inserted = db.newVersion(pkg, version, released, skipReason);
        buildableChanges |= inserted && skipReason.isEmpty();
        return inserted;
    }

    @Override
    public void setDescription(String pkg, String description) {
        db.setDescription(pkg, description);
    }

    @Override
    public void setRequiresPython(String pkg, String version, String requiresPython) {
        db.setRequiresPython(pkg, version, requiresPython);
    }

    @Override
    public void skipPackage(String pkg, String reason) {
        db.skipPackage(pkg, reason);
    }

    @Override
    public void skipVersion(String pkg, String version, String reason) {
        db.skipVersion(pkg, version, reason);
        buildableChanges |= reason.isEmpty();
    }

    @Override
    public String versionSkip(String pkg, String version) {
        return db.versionSkip(pkg, version);
    }

    @Override
    public void deletePackage(String pkg) {
        db.deletePackage(pkg);
    }

    @Override
    public void deleteVersion(String pkg, String version) {
        db.deleteVersion(pkg, version);
    }

    @Override
    public void yankVersion(String pkg, String version) {
        db.yankVersion(pkg, version);
    }

    @Override
    public void unyankVersion(String pkg, String version) {
        db.unyankVersion(pkg, version);
    }

    @Override
    public void rewriteIndexAndProject(String pkg) {
        web.both(pkg);
    }

    @Override
    public void rewriteProject(String pkg) {
        web.project(pkg);
    }

    @Override
    public void withdrawPackage(String pkg) {
        // The clients are synchronous REQ sockets, so the two requests go one after
        // the other rather than both at once as in 0.23; both are answered before
        // the database row goes, which is the order that matters.
        web.deletePackage(pkg);
        skip.deletePackage(pkg);
    }

    @Override
    public void withdrawVersion(String pkg, String version) {
        web.deleteVersion(pkg, version);
        skip.deleteVersion(pkg, version);
    }
}
