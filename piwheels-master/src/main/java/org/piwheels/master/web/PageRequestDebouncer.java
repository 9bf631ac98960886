package org.piwheels.master.web;

import java.time.Duration;
import java.util.List;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.messages.WebProtocol.PageReply;
import org.piwheels.protocol.messages.WebProtocol.PageRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.web.PageCommand;
import org.piwheels.web.PageRequestBuffer;
import org.piwheels.web.Rewrite;
import org.zeromq.SocketType;

/**
 * Coalesces page requests ({@code master.the_secretary}, components spec §5.5) in
 * front of the site writer. Beyond 0.23, the first PROJECT or BOTH for a package is
 * written at once and only the ones that follow within the window (60 s, 3 s in
 * development mode) wait and merge, so a new wheel is listed within seconds while a
 * burst still costs one write. The buffer is saved on stop and restored on start.
 */
public final class PageRequestDebouncer extends Task {
    /** The 0.23 task name. */
    public static final String NAME = "master.the_secretary";

    private final MessageSocket<PageReply, PageRequest> requests;
    private final MessageSocket<PageRequest, PageReply> scribe;
    private final DbClient db;
    private final PageRequestBuffer buffer;
    /** Whether the buffer changed since it was last saved. */
    private boolean dirty;

    public PageRequestDebouncer(TaskContext context) {
        super(NAME, TaskKind.PAUSING, context);
        requests = context.transport().socket(SocketType.REP, WebProtocol.WRITER);
        requests.bind(context.config().webQueue());
        onReadable(requests, this::handle);
        scribe = owned(context.transport().socket(SocketType.REQ, WebProtocol.CLIENT));
        scribe.connect(MasterConfig.SCRIBE);
        db = new DbClient(context.transport(), context.config().dbQueue());
        buffer = new PageRequestBuffer(context.clock(),
                context.config().devMode() ? PageRequestBuffer.DEV_WINDOW : PageRequestBuffer.WINDOW);
        every("flush", Duration.ofSeconds(1), this::flush);
        // beyond 0.23: saving while running means a crash loses no pending rewrite
        every("save", Duration.ofSeconds(10), this::save);
    }

    @Override
    protected void once() {
        buffer.restore(db.loadRewritesPending());
    }

    private void handle() throws ProtocolException {
        PageRequest request;
        try {
            request = requests.recv();
        } catch (ProtocolException e) {
            requests.send(new WebProtocol.Done()); // 0.23 left the REP socket wedged here
            throw e;
        }
        if (request instanceof WebProtocol.Project) {
            offer(((WebProtocol.Project) request).packageName(), PageCommand.PROJECT);
        } else if (request instanceof WebProtocol.Both) {
            offer(((WebProtocol.Both) request).packageName(), PageCommand.BOTH);
        } else {
            if (request instanceof WebProtocol.DelPkg) {
                dirty |= buffer.drop(((WebProtocol.DelPkg) request).packageName());
            } else if (request instanceof WebProtocol.DelVer) {
                dirty |= buffer.drop(((WebProtocol.DelVer) request).packageName());
            }
            forward(request);
        }
        requests.send(new WebProtocol.Done());
    }

    private void offer(String pkg, PageCommand command) throws ProtocolException {
        dirty = true;
        if (paused()) {
            // while paused nothing is written; the request waits in the buffer
            buffer.offer(pkg, command);
            return;
        }
        buffer.offer(pkg, command).ifPresent(this::write);
    }

    private void flush() throws ProtocolException {
        if (!paused()) {
            for (Rewrite r : buffer.releaseDue()) {
                dirty = true;
                write(r);
            }
        }
    }

    private void save() {
        if (dirty) {
            try {
                db.saveRewritesPending(buffer.export());
                dirty = false;
            } catch (RuntimeException e) {
                log.warn("cannot save pending page rewrites: {}", e.getMessage());
            }
        }
    }

    private void write(Rewrite r) {
        try {
            forward(r.command() == PageCommand.BOTH ? new WebProtocol.Both(r.packageName())
                    : new WebProtocol.Project(r.packageName()));
        } catch (ProtocolException e) {
            log.error("cannot request a page: {}", e.getMessage());
        }
    }

    private void forward(PageRequest request) throws ProtocolException {
        scribe.send(request);
        if (scribe.recv(SiteWriterTask.WRITE_TIMEOUT) == null) {
            throw new RpcException("the site writer did not answer within " + SiteWriterTask.WRITE_TIMEOUT);
        }
    }

    @Override
    protected void closing() {
        try {
            List<org.piwheels.protocol.records.RewritePending> pending = buffer.export();
            db.saveRewritesPending(pending);
            log.info("saved {} pending page rewrites", pending.size());
        } catch (RuntimeException e) {
            log.error("cannot save pending page rewrites: {}", e.getMessage());
        } finally {
            db.close();
        }
    }
}
