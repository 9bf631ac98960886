package org.piwheels.protocol.messages;

import java.util.Map;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.DownloadCounts;
import org.piwheels.protocol.records.MasterStats;

/**
 * {@code the_scribe}: page requests to the debouncer and from it to the site
 * writer, each answered {@code DONE} (internal; spec §6.7.4).
 */
public final class WebProtocol {
    private WebProtocol() {
    }

    /** A page request. */
    public sealed interface PageRequest extends Message {
    }

    /** The reply. */
    public sealed interface PageReply extends Message {
    }

    /** Remove a version's files and rewrite its pages. @param packageName the package @param version the version */
    public record DelVer(String packageName, String version) implements PageRequest {
    }

    /** Remove a package. @param packageName the package */
    public record DelPkg(String packageName) implements PageRequest {
    }

    /** Rewrite the project page. @param packageName the package */
    public record Project(String packageName) implements PageRequest {
    }

    /** Rewrite the simple index and the project page. @param packageName the package */
    public record Both(String packageName) implements PageRequest {
    }

    /** Write a build log. @param buildId the build @param log its text */
    public record Log(long buildId, String log) implements PageRequest {
    }

    /** Rewrite the home page. @param stats the figures to show */
    public record Home(MasterStats stats) implements PageRequest {
    }

    /** Rewrite the search index. @param downloads package to its download counts */
    public record Search(Map<String, DownloadCounts> downloads) implements PageRequest {
    }

    /** Done. */
    public record Done() implements PageReply {
    }

    /** The serving side (debouncer or site writer). */
    public static final Protocol<PageReply, PageRequest> WRITER =
            Protocol.of("the_scribe", PageReply.class, PageRequest.class);

    /** A requester's side. */
    public static final Protocol<PageRequest, PageReply> CLIENT = WRITER.reverse();
}
