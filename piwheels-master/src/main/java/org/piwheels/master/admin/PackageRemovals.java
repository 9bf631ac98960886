package org.piwheels.master.admin;

import java.util.ArrayList;
import java.util.List;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.SkipClient;
import org.piwheels.master.clients.WebClient;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.RemPkg;
import org.piwheels.protocol.messages.AdminProtocol.RemVer;
import org.slf4j.Logger;

/**
 * {@code piw-remove}: {@code REMPKG} and {@code REMVER} (components spec §5.9),
 * with the 0.23 result words ("the last applicable word wins").
 *
 * <p>Beyond 0.23, two fixes:
 * <ul>
 * <li>the web writer and the slave driver are told before any row is deleted,
 *     as the PyPI follower does it, because the writer looks up the files to
 *     remove in the database (0.23 deleted first and left wheels behind);</li>
 * <li>{@code REMVER} with a skip reason and {@code --yank} still sends {@code DELVER}
 *     (0.23 let the {@code YANKVER} word suppress it, so a skipped version stayed
 *     queued and its wheels stayed published).</li>
 * </ul>
 */
final class PackageRemovals {
    private final DbClient db;
    private final WebClient web;
    private final SkipClient skip;
    private final Logger log;

    PackageRemovals(DbClient db, WebClient web, SkipClient skip, Logger log) {
        this.db = db;
        this.web = web;
        this.skip = skip;
        this.log = log;
    }

    AdminReply removePackage(RemPkg r) {
        String pkg = PackageNames.canonicalize(r.name());
        if (!db.packageExists(pkg)) {
            log.error("unknown package {}", pkg);
            return new Error("NOPKG");
        }
        String result = "DELPKG";
        List<String> versions = List.of();
        if (!r.skipReason().isEmpty()) {
            db.skipPackage(pkg, r.skipReason());
            result = "SKIPPKG";
        }
        if (r.builds()) {
            versions = new ArrayList<>(db.projectData(pkg).releases().keySet());
            result = "DELPKGBLD";
        }
        web.deletePackage(pkg);
        skip.deletePackage(pkg);
        if (r.builds()) {
            for (String version : versions) {
                db.deleteBuild(pkg, version);
            }
        } else if (r.skipReason().isEmpty()) {
            db.deletePackage(pkg);
        }
        log.info("{} {}", result, pkg);
        return new Done(result);
    }

    AdminReply removeVersion(RemVer r) {
        String pkg = PackageNames.canonicalize(r.name());
        String ver = r.version();
        if (!db.versionExists(pkg, ver)) {
            log.error("unknown version {} {}", pkg, ver);
            return new Error("NOVER");
        }
        boolean skipIt = !r.skipReason().isEmpty();
        boolean plainDelete = !skipIt && !r.yank() && !r.builds();
        String result = "DELVER";
        if (skipIt) {
            db.skipVersion(pkg, ver, r.skipReason());
            result = "SKIPVER";
        }
        if (r.yank()) {
            db.yankVersion(pkg, ver);
            web.both(pkg);
            result = "YANKVER";
        }
        if (r.builds()) {
            result = "DELVERBLD";
        }
        // a yank alone keeps the version's files; anything else takes them off the index
        if (skipIt || r.builds() || plainDelete) {
            web.deleteVersion(pkg, ver);
            skip.deleteVersion(pkg, ver);
        }
        if (r.builds()) {
            db.deleteBuild(pkg, ver);
        } else if (plainDelete) {
            db.deleteVersion(pkg, ver);
        }
        log.info("{} {} {}", result, pkg, ver);
        return new Done(result);
    }
}
