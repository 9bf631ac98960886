package org.piwheels.master.admin;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.WebClient;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.messages.AdminProtocol.AddPkg;
import org.piwheels.protocol.messages.AdminProtocol.AddVer;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.slf4j.Logger;

/**
 * {@code piw-add}: {@code ADDPKG} and {@code ADDVER} (components spec §5.9). The
 * name is canonicalised; every alias, the canonical name and the name as typed
 * (last, so it becomes the display name) are recorded, then one page rewrite is
 * requested.
 *
 * <p>Beyond 0.23: an {@code ADDVER} that is refused ({@code SKIPVER}, {@code YANKVER})
 * changes nothing; 0.23 had already cleared the skip reason when it refused a yank.
 */
final class PackageAdditions {
    /** Which page rewrite an outcome needs. */
    private enum Page { PROJECT, BOTH }

    private final DbClient db;
    private final WebClient web;
    private final Clock clock;
    private final Logger log;

    PackageAdditions(DbClient db, WebClient web, Clock clock, Logger log) {
        this.db = db;
        this.web = web;
        this.clock = clock;
        this.log = log;
    }

    AdminReply addPackage(AddPkg r) {
        String pkg = PackageNames.canonicalize(r.name());
        Page page;
        String result;
        if (db.newPackage(pkg, r.skipReason(), r.description())) {
            log.info("added package {}", pkg);
            page = Page.BOTH;
            result = "NEWPKG";
        } else {
            if (!r.skipReason().isEmpty()) {
                log.error("refusing to skip known package {} (use piw-remove)", pkg);
                return new Error("SKIPPKG");
            }
            if (r.unskip()) {
                db.skipPackage(pkg, "");
            }
            if (!r.description().isEmpty()) {
                db.setDescription(pkg, r.description());
            }
            log.info("updated package {}", pkg);
            page = Page.PROJECT;
            result = "UPDPKG";
        }
        return finish(pkg, r.name(), r.aliases(), page, result);
    }

    AdminReply addVersion(AddVer r) {
        String pkg = PackageNames.canonicalize(r.name());
        if (!db.packageExists(pkg)) {
            log.error("unknown package {}", pkg);
            return new Error("NOPKG");
        }
        Page page;
        String result;
        if (db.newVersion(pkg, r.version(), r.released(), r.skipReason())) {
            if (r.yank()) {
                db.yankVersion(pkg, r.version());
            }
            log.info("added version {} {}", pkg, r.version());
            page = Page.PROJECT;
            result = "NEWVER";
        } else {
            // refuse before changing anything, so a refused request has no effect
            if (!r.skipReason().isEmpty()) {
                log.error("refusing to skip known version {} {} (use piw-remove)", pkg, r.version());
                return new Error("SKIPVER");
            }
            if (r.yank()) {
                log.error("refusing to yank known version {} {} (use piw-remove)", pkg, r.version());
                return new Error("YANKVER");
            }
            if (r.unskip()) {
                db.skipVersion(pkg, r.version(), "");
            }
            if (r.unyank()) {
                db.unyankVersion(pkg, r.version());
            }
            log.info("updated version {} {}", pkg, r.version());
            page = Page.BOTH;
            result = "UPDVER";
        }
        return finish(pkg, r.name(), r.aliases(), page, result);
    }

    private AdminReply finish(String pkg, String typed, List<String> given, Page page, String result) {
        for (String alias : aliases(pkg, typed, given)) {
            db.newPackageName(pkg, alias, clock.instant()); // each alias is stamped when it is recorded
        }
        if (page == Page.BOTH) {
            web.both(pkg);
        } else {
            web.project(pkg);
        }
        return new Done(result);
    }

    /** @return the given aliases, then the canonical name, then the name as typed (last: the display name) */
    static Set<String> aliases(String canonical, String typed, List<String> given) {
        Set<String> all = new LinkedHashSet<>(given);
        all.add(canonical);
        all.remove(typed);
        all.add(typed);
        return all;
    }
}
