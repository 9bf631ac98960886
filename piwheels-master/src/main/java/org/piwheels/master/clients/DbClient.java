package org.piwheels.master.clients;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piwheels.db.PackageVersion;
import org.piwheels.db.ProjectData;
import org.piwheels.db.PypiState;
import org.piwheels.db.SearchEntry;
import org.piwheels.db.Statistics;
import org.piwheels.protocol.codec.Codecs;
import org.piwheels.protocol.codec.InvalidDataException;
import org.piwheels.protocol.messages.DatabaseProtocol;
import org.piwheels.protocol.messages.DatabaseProtocol.DbReply;
import org.piwheels.protocol.messages.DatabaseProtocol.DbRequest;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.records.PypiWrite;
import org.piwheels.protocol.records.RewritePending;
import org.piwheels.protocol.transport.Transport;

/**
 * The database as the master's tasks see it: typed calls over the {@code the_oracle}
 * queue to the database workers (components spec §5.2). Results travel as CBOR and
 * are converted back to the types of {@link org.piwheels.db.Database}. A call that
 * the database refused throws {@link RpcException} with its message. Not
 * thread-safe: one client a task.
 */
public final class DbClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final RequestClient<DbRequest, DbReply> client;

    /** @param address the database queue ({@code --db-queue}) */
    public DbClient(Transport transport, String address) {
        this.client = new RequestClient<>(transport, DatabaseProtocol.CLIENT, address, TIMEOUT);
    }

    private Object call(DbRequest request) {
        DbReply reply = client.request(request);
        if (reply instanceof DatabaseProtocol.Error) {
            throw new RpcException(((DatabaseProtocol.Error) reply).message());
        }
        return ((DatabaseProtocol.Ok) reply).result();
    }

    @SuppressWarnings("unchecked")
    private <T> T call(DbRequest request, Type type) {
        Object result = call(request);
        try {
            return (T) Codecs.forType(type).read(result);
        } catch (InvalidDataException e) {
            throw new RpcException("unexpected result of " + request + ": " + e.getMessage());
        }
    }

    private static Type setOf(Type t) {
        return parameterized(Set.class, t);
    }

    private static Type listOf(Type t) {
        return parameterized(List.class, t);
    }

    private static Type mapOf(Type v) {
        return parameterized(Map.class, String.class, v);
    }

    private static Type parameterized(Class<?> raw, Type... args) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return args.clone();
            }

            @Override
            public Type getRawType() {
                return raw;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }

    /** @return all package names */
    public Set<String> allPackages() {
        return call(new DatabaseProtocol.AllPackages(), setOf(String.class));
    }

    /** @return all (package, version) pairs */
    public Set<PackageVersion> allVersions() {
        return call(new DatabaseProtocol.AllVersions(), setOf(PackageVersion.class));
    }

    /** @return whether the package was new */
    public boolean newPackage(String pkg, String skip, String description) {
        return call(new DatabaseProtocol.NewPackage(pkg, skip, description), Boolean.class);
    }

    /** @return whether the version was new */
    public boolean newVersion(String pkg, String version, Instant released, String skip) {
        return call(new DatabaseProtocol.NewVersion(pkg, version, released, skip), Boolean.class);
    }

    /** @return which of the packages and versions exist (the PyPI follower's batches) */
    public PypiState pypiState(Collection<String> packages, Collection<PackageVersion> versions) {
        List<String> versionPackages = new ArrayList<>(versions.size());
        List<String> versionNames = new ArrayList<>(versions.size());
        for (PackageVersion pv : versions) {
            versionPackages.add(pv.packageName());
            versionNames.add(pv.version());
        }
        return call(new DatabaseProtocol.GetPypiState(List.copyOf(packages), versionPackages, versionNames),
                PypiState.class);
    }

    /** @return the results of the NEWPKG and NEWVER writes, in order (the PyPI follower's batches) */
    public List<Boolean> applyPypiWrites(List<PypiWrite> writes) {
        return call(new DatabaseProtocol.ApplyPypiWrites(writes), listOf(Boolean.class));
    }

    /** Records an alias of a package. */
    public void newPackageName(String pkg, String name, Instant seen) {
        call(new DatabaseProtocol.NewPackageName(pkg, name, seen));
    }

    /** @return the package's aliases */
    public List<String> packageNames(String pkg) {
        return call(new DatabaseProtocol.GetPackageNames(pkg), listOf(String.class));
    }

    /** Sets a package's description. */
    public void setDescription(String pkg, String description) {
        call(new DatabaseProtocol.SetDescription(pkg, description));
    }

    /** Skips (or with "" unskips) a package. */
    public void skipPackage(String pkg, String reason) {
        call(new DatabaseProtocol.SkipPackage(pkg, reason));
    }

    /** Skips (or with "" unskips) a version. */
    public void skipVersion(String pkg, String version, String reason) {
        call(new DatabaseProtocol.SkipVersion(pkg, version, reason));
    }

    /** Deletes a package. */
    public void deletePackage(String pkg) {
        call(new DatabaseProtocol.DeletePackage(pkg));
    }

    /** Deletes a version. */
    public void deleteVersion(String pkg, String version) {
        call(new DatabaseProtocol.DeleteVersion(pkg, version));
    }

    /** Yanks a version. */
    public void yankVersion(String pkg, String version) {
        call(new DatabaseProtocol.YankVersion(pkg, version));
    }

    /** Un-yanks a version. */
    public void unyankVersion(String pkg, String version) {
        call(new DatabaseProtocol.UnyankVersion(pkg, version));
    }

    /** Logs a download. */
    public void logDownload(PipRequest r) {
        call(new DatabaseProtocol.LogDownload(r));
    }

    /** Logs a search. */
    public void logSearch(PipRequest r) {
        call(new DatabaseProtocol.LogSearch(r));
    }

    /** Logs a project-page hit. */
    public void logProject(PageHit h) {
        call(new DatabaseProtocol.LogProject(h));
    }

    /** Logs a JSON hit. */
    public void logJson(PageHit h) {
        call(new DatabaseProtocol.LogJson(h));
    }

    /** Logs a page hit. */
    public void logPage(PageHit h) {
        call(new DatabaseProtocol.LogPage(h));
    }

    /** @return the new build's id */
    public long logBuild(BuildState build) {
        return call(new DatabaseProtocol.LogBuild(build), Long.class);
    }

    /** Deletes a version's builds. */
    public void deleteBuild(String pkg, String version) {
        call(new DatabaseProtocol.DeleteBuild(pkg, version));
    }

    /** @return file name to hash of the package's files */
    public Map<String, String> packageFiles(String pkg) {
        return call(new DatabaseProtocol.PackageFiles(pkg), mapOf(String.class));
    }

    /** @return what a project page shows */
    public ProjectData projectData(String pkg) {
        return call(new DatabaseProtocol.ProjectData(pkg), ProjectData.class);
    }

    /** @return the version's file names */
    public Set<String> versionFiles(String pkg, String version) {
        return call(new DatabaseProtocol.VersionFiles(pkg, version), setOf(String.class));
    }

    /** @return the version's skip reason, or null if there is no such version */
    public String versionSkip(String pkg, String version) {
        Object r = call(new DatabaseProtocol.GetSkip(pkg, version));
        return (String) r;
    }

    /** @return whether the package exists */
    public boolean packageExists(String pkg) {
        return call(new DatabaseProtocol.PackageExists(pkg), Boolean.class);
    }

    /** @return whether the package is marked deleted */
    public boolean packageDeleted(String pkg) {
        return call(new DatabaseProtocol.PackageDeleted(pkg), Boolean.class);
    }

    /** @return whether the version exists */
    public boolean versionExists(String pkg, String version) {
        return call(new DatabaseProtocol.VersionExists(pkg, version), Boolean.class);
    }

    /** @return the package's versions marked deleted */
    public Set<String> versionsDeleted(String pkg) {
        return call(new DatabaseProtocol.VersionsDeleted(pkg), setOf(String.class));
    }

    /** @return the build ABIs */
    public Set<String> buildAbis(boolean excludeSkipped) {
        return call(new DatabaseProtocol.GetAbis(excludeSkipped), setOf(String.class));
    }

    /** @return the last PyPI serial stored */
    public long pypiSerial() {
        return call(new DatabaseProtocol.GetPypiSerial(), Long.class);
    }

    /** Stores the last PyPI serial. */
    public void setPypiSerial(long serial) {
        call(new DatabaseProtocol.SetPypiSerial(serial));
    }

    /** Stores (null or empty: forgets) a version's Requires-Python; beyond 0.23. */
    public void setRequiresPython(String pkg, String version, String requiresPython) {
        call(new DatabaseProtocol.SetRequiresPython(pkg, version, requiresPython));
    }

    /**
     * Stores the SHA-256 of the PEP 658 {@code .metadata} file of these wheels; beyond 0.23.
     *
     * @param hashes file name to lower-case hex hash
     */
    public void setCoreMetadata(Map<String, String> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(hashes.keySet());
        List<String> values = new ArrayList<>(names.size());
        names.forEach(n -> values.add(hashes.get(n)));
        call(new DatabaseProtocol.SetCoreMetadata(names, values));
    }

    /** @return all downloads ever, for the statistics at start */
    public long initialDownloads() {
        return call(new DatabaseProtocol.InitStats(), Long.class);
    }

    /** @return the current statistics */
    public Statistics statistics() {
        return call(new DatabaseProtocol.GetStats(), Statistics.class);
    }

    /** @return package to download counts */
    public Map<String, SearchEntry> searchIndex() {
        return call(new DatabaseProtocol.GetSearch(), mapOf(SearchEntry.class));
    }

    /** Saves the buffered page rewrites. */
    public void saveRewritesPending(List<RewritePending> pending) {
        call(new DatabaseProtocol.SaveRewritesPending(pending));
    }

    /** @return the buffered page rewrites */
    public List<RewritePending> loadRewritesPending() {
        return call(new DatabaseProtocol.LoadRewritesPending(), listOf(RewritePending.class));
    }

    @Override
    public void close() {
        client.close();
    }
}
