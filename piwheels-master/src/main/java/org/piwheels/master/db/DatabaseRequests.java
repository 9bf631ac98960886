package org.piwheels.master.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.db.Database;
import org.piwheels.db.PackageVersion;
import org.piwheels.protocol.messages.DatabaseProtocol;
import org.piwheels.protocol.messages.DatabaseProtocol.DbRequest;

/**
 * Maps each database request to its {@link Database} operation and returns the
 * result as a value the protocol can carry (records travel as arrays and come back
 * typed in {@link org.piwheels.master.clients.DbClient}).
 */
final class DatabaseRequests {
    private final Database db;

    DatabaseRequests(Database db) {
        this.db = db;
    }

    Object execute(DbRequest r) {
        if (r instanceof DatabaseProtocol.AllPackages) {
            return db.getAllPackages();
        } else if (r instanceof DatabaseProtocol.AllVersions) {
            return db.getAllPackageVersions();
        } else if (r instanceof DatabaseProtocol.NewPackage) {
            var m = (DatabaseProtocol.NewPackage) r;
            return db.addNewPackage(m.packageName(), m.skip(), m.description());
        } else if (r instanceof DatabaseProtocol.NewVersion) {
            var m = (DatabaseProtocol.NewVersion) r;
            return db.addNewPackageVersion(m.packageName(), m.version(), m.released(), m.skip());
        } else if (r instanceof DatabaseProtocol.NewPackageName) {
            var m = (DatabaseProtocol.NewPackageName) r;
            db.addPackageName(m.packageName(), m.name(), m.seen());
        } else if (r instanceof DatabaseProtocol.GetPackageNames) {
            return db.getPackageAliases(((DatabaseProtocol.GetPackageNames) r).packageName());
        } else if (r instanceof DatabaseProtocol.SetDescription) {
            var m = (DatabaseProtocol.SetDescription) r;
            db.setPackageDescription(m.packageName(), m.description());
        } else if (r instanceof DatabaseProtocol.SkipPackage) {
            var m = (DatabaseProtocol.SkipPackage) r;
            db.skipPackage(m.packageName(), m.reason());
        } else if (r instanceof DatabaseProtocol.SkipVersion) {
            var m = (DatabaseProtocol.SkipVersion) r;
            db.skipPackageVersion(m.packageName(), m.version(), m.reason());
        } else if (r instanceof DatabaseProtocol.DeletePackage) {
            db.deletePackage(((DatabaseProtocol.DeletePackage) r).packageName());
        } else if (r instanceof DatabaseProtocol.DeleteVersion) {
            var m = (DatabaseProtocol.DeleteVersion) r;
            db.deleteVersion(m.packageName(), m.version());
        } else if (r instanceof DatabaseProtocol.YankVersion) {
            var m = (DatabaseProtocol.YankVersion) r;
            db.yankVersion(m.packageName(), m.version());
        } else if (r instanceof DatabaseProtocol.UnyankVersion) {
            var m = (DatabaseProtocol.UnyankVersion) r;
            db.unyankVersion(m.packageName(), m.version());
        } else if (r instanceof DatabaseProtocol.LogDownload) {
            db.logDownload(((DatabaseProtocol.LogDownload) r).request());
        } else if (r instanceof DatabaseProtocol.LogSearch) {
            db.logSearch(((DatabaseProtocol.LogSearch) r).request());
        } else if (r instanceof DatabaseProtocol.LogProject) {
            db.logProject(((DatabaseProtocol.LogProject) r).hit());
        } else if (r instanceof DatabaseProtocol.LogJson) {
            db.logJson(((DatabaseProtocol.LogJson) r).hit());
        } else if (r instanceof DatabaseProtocol.LogPage) {
            db.logPage(((DatabaseProtocol.LogPage) r).hit());
        } else if (r instanceof DatabaseProtocol.LogBuild) {
            return (long) db.logBuild(((DatabaseProtocol.LogBuild) r).build());
        } else if (r instanceof DatabaseProtocol.DeleteBuild) {
            var m = (DatabaseProtocol.DeleteBuild) r;
            db.deleteBuild(m.packageName(), m.version());
        } else if (r instanceof DatabaseProtocol.PackageFiles) {
            return db.getPackageFiles(((DatabaseProtocol.PackageFiles) r).packageName());
        } else if (r instanceof DatabaseProtocol.ProjectData) {
            return db.getProjectData(((DatabaseProtocol.ProjectData) r).packageName());
        } else if (r instanceof DatabaseProtocol.VersionFiles) {
            var m = (DatabaseProtocol.VersionFiles) r;
            return db.getVersionFiles(m.packageName(), m.version());
        } else if (r instanceof DatabaseProtocol.GetSkip) {
            var m = (DatabaseProtocol.GetSkip) r;
            return db.getVersionSkip(m.packageName(), m.version()).orElse(null);
        } else if (r instanceof DatabaseProtocol.PackageExists) {
            return db.testPackage(((DatabaseProtocol.PackageExists) r).packageName());
        } else if (r instanceof DatabaseProtocol.PackageDeleted) {
            return db.packageMarkedDeleted(((DatabaseProtocol.PackageDeleted) r).packageName());
        } else if (r instanceof DatabaseProtocol.VersionExists) {
            var m = (DatabaseProtocol.VersionExists) r;
            return db.testPackageVersion(m.packageName(), m.version());
        } else if (r instanceof DatabaseProtocol.VersionsDeleted) {
            return db.getVersionsDeleted(((DatabaseProtocol.VersionsDeleted) r).packageName());
        } else if (r instanceof DatabaseProtocol.GetAbis) {
            return db.getBuildAbis(((DatabaseProtocol.GetAbis) r).excludeSkipped());
        } else if (r instanceof DatabaseProtocol.GetPypiSerial) {
            return db.getPypiSerial();
        } else if (r instanceof DatabaseProtocol.SetPypiSerial) {
            db.setPypiSerial(((DatabaseProtocol.SetPypiSerial) r).serial());
        } else if (r instanceof DatabaseProtocol.SetRequiresPython) {
            var m = (DatabaseProtocol.SetRequiresPython) r;
            db.setRequiresPython(m.packageName(), m.version(), m.requiresPython());
        } else if (r instanceof DatabaseProtocol.SetCoreMetadata) {
            var m = (DatabaseProtocol.SetCoreMetadata) r;
            if (m.filenames().size() != m.hashes().size()) {
                throw new IllegalArgumentException("SETCOREMETA: " + m.filenames().size() + " file names but "
                        + m.hashes().size() + " hashes");
            }
            Map<String, String> hashes = new LinkedHashMap<>();
            for (int i = 0; i < m.filenames().size(); i++) {
                hashes.put(m.filenames().get(i), m.hashes().get(i));
            }
            return (long) db.setCoreMetadataHashes(hashes);
        } else if (r instanceof DatabaseProtocol.GetPypiState) {
            var m = (DatabaseProtocol.GetPypiState) r;
            List<PackageVersion> versions = new ArrayList<>();
            for (int i = 0; i < m.versions().size(); i++) {
                versions.add(new PackageVersion(m.versionPackages().get(i), m.versions().get(i)));
            }
            return db.getPypiState(m.packages(), versions);
        } else if (r instanceof DatabaseProtocol.ApplyPypiWrites) {
            return db.applyPypiWrites(((DatabaseProtocol.ApplyPypiWrites) r).writes());
        } else if (r instanceof DatabaseProtocol.InitStats) {
            return db.getInitialStatistics();
        } else if (r instanceof DatabaseProtocol.GetStats) {
            return db.getStatistics();
        } else if (r instanceof DatabaseProtocol.GetSearch) {
            return db.getSearchIndex();
        } else if (r instanceof DatabaseProtocol.SaveRewritesPending) {
            db.saveRewritesPending(((DatabaseProtocol.SaveRewritesPending) r).pending());
        } else if (r instanceof DatabaseProtocol.LoadRewritesPending) {
            return db.loadRewritesPending();
        } else if (r instanceof DatabaseProtocol.FileDependencies) {
            // declared by 0.23 but never handled there either; answer as clearly as we can
            throw new IllegalArgumentException("FILEDEPS is not a database operation (piwheels 0.23 never implemented it)");
        } else {
            throw new IllegalArgumentException("unknown database request " + r);
        }
        return null;
    }
}
