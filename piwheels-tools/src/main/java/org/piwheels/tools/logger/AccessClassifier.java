package org.piwheels.tools.logger;

import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.messages.AccessLogProtocol.LogDownload;
import org.piwheels.protocol.messages.AccessLogProtocol.LogJson;
import org.piwheels.protocol.messages.AccessLogProtocol.LogPage;
import org.piwheels.protocol.messages.AccessLogProtocol.LogProject;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.protocol.messages.AccessLogProtocol.LogSearch;
import org.piwheels.protocol.records.PageHit;

/**
 * Decides what, if anything, an access is recorded as (components spec §15.3) and
 * builds the record (§15.4). Only successful GETs with a user agent count; then the
 * first matching rule wins. The path patterns are shell patterns whose {@code *}
 * also matches {@code /}, written out here as prefix and suffix tests.
 */
final class AccessClassifier {
    private AccessClassifier() {
    }

    /** @return the record, or null if the access is not counted */
    static LogRecord classify(AccessLine a) {
        if (a.status() != 200 || !a.method().equals("GET") || a.userAgent() == null) {
            return null;
        }
        String path = a.path();
        boolean pip = a.userAgent().startsWith("pip/");
        boolean simple = path.startsWith("/simple/");
        if (pip && path.equals("/simple/")) {                                    // rule 1
            return null;
        }
        if (path.equals("/project/")) {                                         // rule 2
            return null;
        }
        if (simple && path.endsWith(".whl")) {                                 // rule 3
            return new LogDownload(UserAgentData.pipRequest(lastComponent(path), a.host(), a.time(), a.userAgent()));
        }
        if (pip && simple) {                                                    // rule 4
            return new LogSearch(UserAgentData.pipRequest(packageOf(path), a.host(), a.time(), a.userAgent()));
        }
        if (simple) {                                                           // rule 5
            return null;
        }
        if (path.startsWith("/project/") && path.indexOf("/json/", "/project".length() + 1) >= 0) { // rule 6
            return new LogJson(hit(packageOf(path), a));
        }
        if (path.startsWith("/project/")) {                                     // rule 7
            return new LogProject(hit(packageOf(path), a));
        }
        if (path.equals("/")) {                                                 // rule 8
            return new LogPage(hit("home", a));
        }
        if (path.startsWith("/") && path.endsWith(".html")) {                   // rule 9
            return new LogPage(hit(pageName(path), a));
        }
        return null;
    }

    private static PageHit hit(String name, AccessLine a) {
        return new PageHit(name, a.host(), a.time(), UserAgentData.shortAgent(a.userAgent()));
    }

    /** The canonicalised second path component: {@code /simple/MarkupSafe/} → {@code markupsafe}. */
    private static String packageOf(String path) {
        String[] parts = path.split("/", -1);
        return PackageNames.canonicalize(parts.length > 2 ? parts[2] : "");
    }

    private static String lastComponent(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code /} and {@code /index.html} are {@code home}; otherwise the path without every / and .html. */
    private static String pageName(String path) {
        if (path.equals("/index.html")) {
            return "home";
        }
        return path.replace("/", "").replace(".html", "");
    }
}
