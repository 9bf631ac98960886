package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.Set;

/**
 * Every effect the PyPI follower has on the rest of the master: database
 * requests (named by their RPC message), page requests to the web queue and
 * deletion notices to the skip queue. The task implements it over the master's
 * queues; tests implement it in memory and record the calls.
 */
public interface FollowerActions {

    /** {@code ALLPKGS} */
    Set<String> allPackages();

    /** {@code ALLVERS} (reconcile mode only) */
    Set<org.piwheels.db.PackageVersion> allVersions();

    /** {@code GETPYPI} */
    long pypiSerial();

    /** {@code SETPYPI} */
    void setPypiSerial(long serial);

    /** {@code NEWPKG}. @return true if inserted, false if it existed */
    boolean newPackage(String pkg, String skip, String description);

    /** {@code NEWPKGNAME}; {@code seen} null means 1970-01-01. */
    void newPackageName(String pkg, String name, Instant seen);

    /** {@code NEWVER}. @return true if inserted, false if it existed */
    boolean newVersion(String pkg, String version, Instant released, String skip);

    /** {@code SETDESC} */
    void setDescription(String pkg, String description);

    /** {@code SETREQPY} (beyond 0.23): the version's Requires-Python, for the build queue. */
    void setRequiresPython(String pkg, String version, String requiresPython);

    /** {@code SKIPPKG} */
    void skipPackage(String pkg, String reason);

    /** {@code SKIPVER} */
    void skipVersion(String pkg, String version, String reason);

    /** {@code GETSKIP}. @return the version's skip reason, or null if there is no such version */
    String versionSkip(String pkg, String version);

    /** {@code DELPKG} (database) */
    void deletePackage(String pkg);

    /** {@code DELVER} (database) */
    void deleteVersion(String pkg, String version);

    /** {@code YANKVER} */
    void yankVersion(String pkg, String version);

    /** {@code UNYANKVER} */
    void unyankVersion(String pkg, String version);

    /** Web {@code BOTH}: rewrite the simple index and the project page; waits for {@code DONE}. */
    void rewriteIndexAndProject(String pkg);

    /** Web {@code PROJECT}: rewrite the project page; waits for {@code DONE}. */
    void rewriteProject(String pkg);

    /**
     * Web {@code DELPKG} and skip {@code DELPKG}: both sent, then both awaited,
     * so the pages go and no slave keeps building it.
     */
    void withdrawPackage(String pkg);

    /** Web {@code DELVER} and skip {@code DELVER}, both sent, then both awaited. */
    void withdrawVersion(String pkg, String version);

    /**
     * The events about to be applied, before the first of them: an implementation
     * may apply them together ({@link BatchingFollowerActions}). Does nothing by default.
     */
    default void beginBatch(java.util.List<PypiEvent> events) {
    }

    /** The batch's events have all been applied: whatever was held back is done now. */
    default void endBatch() {
    }

    /** Applying the batch failed: whatever was held back is dropped (the batch is read again). */
    default void abandonBatch() {
    }
}
