package org.piwheels.master.clients;

import java.time.Duration;
import java.util.Map;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.messages.WebProtocol.PageReply;
import org.piwheels.protocol.messages.WebProtocol.PageRequest;
import org.piwheels.protocol.records.DownloadCounts;
import org.piwheels.protocol.records.MasterStats;
import org.piwheels.protocol.transport.Transport;

/** Page requests to the web writer over {@code the_scribe} (the {@code --web-queue}). */
public final class WebClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final RequestClient<PageRequest, PageReply> client;

    /** @param address the web queue */
    public WebClient(Transport transport, String address) {
        this.client = new RequestClient<>(transport, WebProtocol.CLIENT, address, TIMEOUT);
    }

    /** Rewrites a project page. */
    public void project(String pkg) {
        client.request(new WebProtocol.Project(pkg));
    }

    /** Rewrites a project page and its simple index. */
    public void both(String pkg) {
        client.request(new WebProtocol.Both(pkg));
    }

    /** Removes a version's files and rewrites its pages. */
    public void deleteVersion(String pkg, String version) {
        client.request(new WebProtocol.DelVer(pkg, version));
    }

    /** Removes a package's files and pages. */
    public void deletePackage(String pkg) {
        client.request(new WebProtocol.DelPkg(pkg));
    }

    /** Writes a build log. */
    public void log(long buildId, String log) {
        client.request(new WebProtocol.Log(buildId, log));
    }

    /** Rewrites the home page. */
    public void home(MasterStats stats) {
        client.request(new WebProtocol.Home(stats));
    }

    /** Rewrites the search index. */
    public void search(Map<String, DownloadCounts> downloads) {
        client.request(new WebProtocol.Search(downloads));
    }

    @Override
    public void close() {
        client.close();
    }
}
