package org.piwheels.protocol.messages;

import java.time.Instant;
import java.util.List;
import org.piwheels.protocol.Action;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.records.PypiWrite;
import org.piwheels.protocol.records.RewritePending;

/**
 * {@code the_oracle}: database requests from the master's tasks (REQ) to the
 * database workers, through the router; each is answered {@code OK} with a result or
 * {@code ERROR} with a message (internal; spec §6.7.7).
 */
public final class DatabaseProtocol {
    private DatabaseProtocol() {
    }

    /** A database request. */
    public sealed interface DbRequest extends Message {
    }

    /** The reply. */
    public sealed interface DbReply extends Message {
    }

    /** All package names. */
    @Action("ALLPKGS")
    public record AllPackages() implements DbRequest {
    }

    /** All (package, version) pairs. */
    @Action("ALLVERS")
    public record AllVersions() implements DbRequest {
    }

    /** Add a package. @param packageName name @param skip skip reason or "" @param description description */
    @Action("NEWPKG")
    public record NewPackage(String packageName, String skip, String description) implements DbRequest {
    }

    /** Add a version. @param packageName package @param version version @param released release time, null for now @param skip skip reason or "" */
    @Action("NEWVER")
    public record NewVersion(String packageName, String version, @Nullable Instant released, String skip)
            implements DbRequest {
    }

    /** Record an alias. @param packageName package @param name alias @param seen when seen, null for the epoch */
    @Action("NEWPKGNAME")
    public record NewPackageName(String packageName, String name, @Nullable Instant seen) implements DbRequest {
    }

    /** A package's aliases. @param packageName package */
    @Action("GETPKGNAMES")
    public record GetPackageNames(String packageName) implements DbRequest {
    }

    /** Set a description. @param packageName package @param description description */
    @Action("SETDESC")
    public record SetDescription(String packageName, String description) implements DbRequest {
    }

    /** Skip a package. @param packageName package @param reason reason, "" to unskip */
    @Action("SKIPPKG")
    public record SkipPackage(String packageName, String reason) implements DbRequest {
    }

    /** Skip a version. @param packageName package @param version version @param reason reason, "" to unskip */
    @Action("SKIPVER")
    public record SkipVersion(String packageName, String version, String reason) implements DbRequest {
    }

    /** Delete a package. @param packageName package */
    @Action("DELPKG")
    public record DeletePackage(String packageName) implements DbRequest {
    }

    /** Delete a version. @param packageName package @param version version */
    @Action("DELVER")
    public record DeleteVersion(String packageName, String version) implements DbRequest {
    }

    /** Yank a version. @param packageName package @param version version */
    @Action("YANKVER")
    public record YankVersion(String packageName, String version) implements DbRequest {
    }

    /** Un-yank a version. @param packageName package @param version version */
    @Action("UNYANKVER")
    public record UnyankVersion(String packageName, String version) implements DbRequest {
    }

    /** Log a download. @param request it */
    @Action("LOGDOWNLOAD")
    public record LogDownload(PipRequest request) implements DbRequest {
    }

    /** Log a search. @param request it */
    @Action("LOGSEARCH")
    public record LogSearch(PipRequest request) implements DbRequest {
    }

    /** Log a project-page hit. @param hit it */
    @Action("LOGPROJECT")
    public record LogProject(PageHit hit) implements DbRequest {
    }

    /** Log a JSON hit. @param hit it */
    @Action("LOGJSON")
    public record LogJson(PageHit hit) implements DbRequest {
    }

    /** Log a page hit. @param hit it */
    @Action("LOGPAGE")
    public record LogPage(PageHit hit) implements DbRequest {
    }

    /** Record a build; the result is its new id. @param build it */
    @Action("LOGBUILD")
    public record LogBuild(BuildState build) implements DbRequest {
    }

    /** Delete a version's builds. @param packageName package @param version version */
    @Action("DELBUILD")
    public record DeleteBuild(String packageName, String version) implements DbRequest {
    }

    /** A package's files and hashes. @param packageName package */
    @Action("PKGFILES")
    public record PackageFiles(String packageName) implements DbRequest {
    }

    /** Everything a project page shows. @param packageName package */
    @Action("PROJDATA")
    public record ProjectData(String packageName) implements DbRequest {
    }

    /** A version's file names. @param packageName package @param version version */
    @Action("VERFILES")
    public record VersionFiles(String packageName, String version) implements DbRequest {
    }

    /** A version's skip reason. @param packageName package @param version version */
    @Action("GETSKIP")
    public record GetSkip(String packageName, String version) implements DbRequest {
    }

    /** Whether a package exists. @param packageName package */
    @Action("PKGEXISTS")
    public record PackageExists(String packageName) implements DbRequest {
    }

    /** Whether a package is marked deleted. @param packageName package */
    @Action("PKGDELETED")
    public record PackageDeleted(String packageName) implements DbRequest {
    }

    /** Whether a version exists. @param packageName package @param version version */
    @Action("VEREXISTS")
    public record VersionExists(String packageName, String version) implements DbRequest {
    }

    /** A package's versions marked deleted. @param packageName package */
    @Action("VERSDELETED")
    public record VersionsDeleted(String packageName) implements DbRequest {
    }

    /** The build ABIs. @param excludeSkipped whether to leave out skipped ones */
    @Action("GETABIS")
    public record GetAbis(boolean excludeSkipped) implements DbRequest {
    }

    /** The last PyPI serial seen. */
    @Action("GETPYPI")
    public record GetPypiSerial() implements DbRequest {
    }

    /** Store the last PyPI serial seen. @param serial it */
    @Action("SETPYPI")
    public record SetPypiSerial(long serial) implements DbRequest {
    }

    /** The statistics needed at start. */
    @Action("INITSTATS")
    public record InitStats() implements DbRequest {
    }

    /** The current statistics. */
    @Action("GETSTATS")
    public record GetStats() implements DbRequest {
    }

    /** Download counts for the search index. */
    @Action("GETSEARCH")
    public record GetSearch() implements DbRequest {
    }

    /** A file's dependencies (declared but never implemented in 0.23). @param filename the file */
    @Action("FILEDEPS")
    public record FileDependencies(String filename) implements DbRequest {
    }

    /** Save the buffered page rewrites. @param pending them */
    @Action("SAVERWP")
    public record SaveRewritesPending(List<RewritePending> pending) implements DbRequest {
    }

    /** Load the buffered page rewrites. */
    @Action("LOADRWP")
    public record LoadRewritesPending() implements DbRequest {
    }

    /**
     * Beyond 0.23 (internal to the master, so no 0.23 peer ever sees it): store a
     * version's Requires-Python from PyPI's JSON API, so the build queue skips the
     * ABIs it excludes.
     *
     * @param packageName    the package
     * @param version        the version
     * @param requiresPython the specifier, or null / empty to forget it
     */
    @Action("SETREQPY")
    public record SetRequiresPython(String packageName, String version, @Nullable String requiresPython)
            implements DbRequest {
    }

    /**
     * Beyond 0.23 (internal): which of these packages, and which of these versions
     * (given as two parallel lists), the database holds, with the versions' skip
     * reasons; the PyPI follower asks once per batch of events.
     *
     * @param packages        package names
     * @param versionPackages the package of each version asked for
     * @param versions        the versions asked for
     */
    @Action("PYPISTATE")
    public record GetPypiState(List<String> packages, List<String> versionPackages, List<String> versions)
            implements DbRequest {
    }

    /**
     * Beyond 0.23 (internal): the PyPI follower's writes of a batch of events, in
     * order, applied in one transaction; answered with the results of its
     * {@code NEWPKG} and {@code NEWVER} writes.
     *
     * @param writes the writes
     */
    @Action("PYPIWRITES")
    public record ApplyPypiWrites(List<PypiWrite> writes) implements DbRequest {
    }

    /**
     * Beyond 0.23 (internal): store the SHA-256 of the PEP 658 {@code .metadata}
     * file of these wheels (two parallel lists); answered with how many files'
     * hashes changed. Files the database does not hold are ignored.
     *
     * @param filenames the wheels
     * @param hashes    their core-metadata hashes, lower-case hex
     */
    @Action("SETCOREMETA")
    public record SetCoreMetadata(List<String> filenames, List<String> hashes) implements DbRequest {
    }

    /** Success. @param result the request's result (see spec §6.7.7) */
    public record Ok(@Nullable Object result) implements DbReply {
    }

    /** Failure. @param message the error */
    public record Error(String message) implements DbReply {
    }

    /** A database worker's side. */
    public static final Protocol<DbReply, DbRequest> WORKER =
            Protocol.of("the_oracle", DbReply.class, DbRequest.class);

    /** A client's side. */
    public static final Protocol<DbRequest, DbReply> CLIENT = WORKER.reverse();
}
