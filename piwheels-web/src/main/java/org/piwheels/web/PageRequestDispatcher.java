package org.piwheels.web;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.piwheels.protocol.messages.WebProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one {@link WebProtocol.PageRequest} with a {@link SiteWriter}:
 * the body of the site-writer task. A failing request is logged and reported
 * as {@code false}, never thrown, so the task replies {@code DONE} and keeps
 * serving (0.23 died instead; web spec §3.8).
 */
public final class PageRequestDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(PageRequestDispatcher.class);

    private final SiteWriter writer;
    private final ProjectSource source;
    private final Supplier<List<BlogPost>> blog;

    /**
     * @param writer the site writer, already {@link SiteWriter#start started}
     * @param source package data from the database
     * @param blog   the home page's blog posts, e.g. {@code BlogFeed::latest}
     */
    public PageRequestDispatcher(SiteWriter writer, ProjectSource source, Supplier<List<BlogPost>> blog) {
        this.writer = writer;
        this.source = source;
        this.blog = blog;
    }

    /**
     * @param request any page request
     * @return whether it was carried out; false if it failed (already logged)
     */
    public boolean handle(WebProtocol.PageRequest request) {
        try {
            if (request instanceof WebProtocol.Home home) {
                writer.writeHome(home.stats(), blog.get());
            } else if (request instanceof WebProtocol.Search search) {
                writer.writeSearchIndex(search.downloads());
            } else if (request instanceof WebProtocol.Log log) {
                writer.writeLog(log.buildId(), log.log());
            } else if (request instanceof WebProtocol.Project project) {
                doRewrite(new Rewrite(project.packageName(), PageCommand.PROJECT));
            } else if (request instanceof WebProtocol.Both both) {
                doRewrite(new Rewrite(both.packageName(), PageCommand.BOTH));
            } else if (request instanceof WebProtocol.DelVer delVer) {
                Optional<ProjectInput> data = source.project(delVer.packageName());
                ProjectInput project = data.orElseGet(() ->
                        new ProjectInput(delVer.packageName(), null, "", List.of(), List.of()));
                writer.deleteVersion(project, delVer.version(),
                        source.versionFiles(delVer.packageName(), delVer.version()));
            } else if (request instanceof WebProtocol.DelPkg delPkg) {
                writer.deletePackage(delPkg.packageName());
            } else {
                LOG.error("unknown page request {}", request);
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.error("page request {} failed", describe(request), e);
            return false;
        }
    }

    /**
     * Carries out a rewrite released by the {@link PageRequestBuffer}. A package
     * the database no longer knows is skipped (debug log), as web spec §3.8 asks.
     *
     * @param rewrite what to rewrite
     * @return whether it was carried out (or skipped); false if it failed (already logged)
     */
    public boolean rewrite(Rewrite rewrite) {
        try {
            doRewrite(rewrite);
            return true;
        } catch (RuntimeException e) {
            LOG.error("{} of {} failed", rewrite.command(), rewrite.packageName(), e);
            return false;
        }
    }

    private void doRewrite(Rewrite rewrite) {
        Optional<ProjectInput> data = source.project(rewrite.packageName());
        if (data.isEmpty()) {
            LOG.debug("{} for unknown package {} ignored", rewrite.command(), rewrite.packageName());
            return;
        }
        if (rewrite.command() == PageCommand.BOTH) {
            writer.writeBoth(data.get());
        } else {
            writer.writeProjectPage(data.get());
        }
    }

    private static String describe(WebProtocol.PageRequest request) {
        // A LOG carries a whole build log; keep the error line short.
        return request instanceof WebProtocol.Log log ? "Log[buildId=" + log.buildId() + "]" : request.toString();
    }
}
