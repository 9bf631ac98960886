package org.piwheels.master.web;

import java.time.Duration;
import java.util.List;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.messages.WebProtocol.PageReply;
import org.piwheels.protocol.messages.WebProtocol.PageRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.web.SiteConfig;
import org.piwheels.web.SiteWriter;
import org.zeromq.SocketType;

/**
 * Writes the web site ({@code master.the_scribe}, components spec §5.4): serves page
 * requests from the page-request debouncer, looks up what it needs in the database
 * and hands it to {@link SiteWriter}. Every request is answered {@code DONE}; a
 * request that fails is logged and still answered, so one bad page cannot stop the
 * site (0.23 died here).
 */
public final class SiteWriterTask extends Task {
    /** The 0.23 task name. */
    public static final String NAME = "master.the_scribe";

    private final MessageSocket<PageReply, PageRequest> requests;
    private final DbClient db;
    private final SiteWriter writer;

    public SiteWriterTask(TaskContext context) {
        super(NAME, TaskKind.PAUSEABLE, context);
        requests = context.transport().socket(SocketType.REP, WebProtocol.WRITER);
        requests.hwm(100).bind(MasterConfig.SCRIBE);
        onReadable(requests, this::handle);
        db = new DbClient(context.transport(), context.config().dbQueue());
        writer = new SiteWriter(SiteConfig.of(context.config().outputPath()), context.clock());
    }

    @Override
    protected void once() {
        writer.start(db.allPackages());
    }

    private void handle() throws ProtocolException {
        PageRequest request;
        try {
            request = requests.recv();
        } catch (ProtocolException e) {
            requests.send(new WebProtocol.Done()); // keep the REP socket in step
            throw e;
        }
        try {
            write(request);
        } catch (RuntimeException e) {
            log.error("failed to write {}: {}", request, e.getMessage());
            log.debug("details", e);
        }
        requests.send(new WebProtocol.Done());
    }

    private void write(PageRequest request) {
        if (request instanceof WebProtocol.Project) {
            String pkg = ((WebProtocol.Project) request).packageName();
            writer.writeProjectPage(input(pkg));
        } else if (request instanceof WebProtocol.Both) {
            String pkg = ((WebProtocol.Both) request).packageName();
            writer.writeBoth(input(pkg));
        } else if (request instanceof WebProtocol.Log) {
            WebProtocol.Log l = (WebProtocol.Log) request;
            if (!writer.writeLog(l.buildId(), l.log())) {
                log.warn("build log {} exists already; kept", l.buildId());
            }
        } else if (request instanceof WebProtocol.Home) {
            writer.writeHome(((WebProtocol.Home) request).stats(), List.of());
        } else if (request instanceof WebProtocol.Search) {
            writer.writeSearchIndex(((WebProtocol.Search) request).downloads());
        } else if (request instanceof WebProtocol.DelVer) {
            WebProtocol.DelVer d = (WebProtocol.DelVer) request;
            writer.deleteVersion(input(d.packageName()), d.version(), db.versionFiles(d.packageName(), d.version()));
        } else if (request instanceof WebProtocol.DelPkg) {
            writer.deletePackage(((WebProtocol.DelPkg) request).packageName());
        }
    }

    private org.piwheels.web.ProjectInput input(String pkg) {
        return ProjectInputs.of(pkg, db.projectData(pkg), db.packageNames(pkg));
    }

    @Override
    protected void closing() {
        db.close();
    }

    /** How long a page write may take before the debouncer gives up waiting. */
    static final Duration WRITE_TIMEOUT = Duration.ofMinutes(5);
}
