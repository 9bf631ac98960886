package org.piwheels.master.admin;

import java.util.TreeSet;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.PushClient;
import org.piwheels.master.clients.WebClient;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.Rebuild;
import org.piwheels.protocol.messages.StatsProtocol;
import org.slf4j.Logger;

/**
 * {@code piw-rebuild}: {@code REBUILD} (components spec §5.9). The home page and
 * the search index are the statistics task's to write, so both parts only ask
 * it to run them now; project pages are requested from the web writer, for one
 * package (its name used as given) or for all.
 */
final class PageRebuilds {
    private final DbClient db;
    private final WebClient web;
    private final PushClient<StatsProtocol.StatsUpdate> stats;
    private final Logger log;

    PageRebuilds(DbClient db, WebClient web, PushClient<StatsProtocol.StatsUpdate> stats, Logger log) {
        this.db = db;
        this.web = web;
        this.stats = stats;
        this.log = log;
    }

    AdminReply rebuild(Rebuild r) {
        if (!r.hasPackage()) {
            stats.send(new StatsProtocol.Home());
        } else if (r.packageName() == null) {
            log.warn("requesting rebuild of *all* pages");
            for (String pkg : new TreeSet<>(db.allPackages())) {
                request(r.part(), pkg);
            }
        } else if (db.packageExists(r.packageName())) {
            request(r.part(), r.packageName());
        } else {
            log.error("unknown package {}", r.packageName());
            return new Error("unknown package " + r.packageName());
        }
        return new Done("REBUILD");
    }

    private void request(String part, String pkg) {
        if ("BOTH".equals(part)) {
            web.both(pkg);
        } else {
            web.project(pkg);
        }
    }
}
