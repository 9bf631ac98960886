package org.piwheels.master.admin;

import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.FsClient;
import org.piwheels.master.clients.PushClient;
import org.piwheels.master.clients.PlannerClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.clients.SkipClient;
import org.piwheels.master.clients.WebClient;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.AdminProtocol.AddPkg;
import org.piwheels.protocol.messages.AdminProtocol.AddVer;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Error;
import org.piwheels.protocol.messages.AdminProtocol.Import;
import org.piwheels.protocol.messages.AdminProtocol.Rebuild;
import org.piwheels.protocol.messages.AdminProtocol.RemPkg;
import org.piwheels.protocol.messages.AdminProtocol.RemVer;
import org.piwheels.protocol.messages.AdminProtocol.Sent;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.RouterSocket;

/**
 * Serves {@code piw-import}, {@code piw-add}, {@code piw-remove} and
 * {@code piw-rebuild} on the import queue ({@code master.mr_chase}, 0.23's
 * MrChase; components spec §5.9, protocol spec §6.3 and §7.3). Pauseable: while
 * the master is paused, requests wait in the queue.
 *
 * <p>Every request gets exactly one reply. Beyond 0.23, a request that cannot be
 * decoded is answered {@code ERROR} with the decoder's message (0.23 left the tool
 * hanging), and so is a request whose handling failed on an internal queue.
 */
public final class AdminRequestHandler extends Task {
    /** The task's (0.23) name. */
    public static final String NAME = "master.mr_chase";

    private final RouterSocket<AdminReply, ToolRequest> queue;
    private final DbClient db;
    private final FsClient fs;
    private final WebClient web;
    private final SkipClient skip;
    private final PushClient<StatsProtocol.StatsUpdate> stats;
    private final BuildImports imports;
    private final PackageAdditions additions;
    private final PlannerClient planner;
    private final PackageRemovals removals;
    private final PageRebuilds rebuilds;

    public AdminRequestHandler(TaskContext context) {
        super(NAME, TaskKind.PAUSEABLE, context);
        var config = context.config();
        var transport = context.transport();
        queue = transport.router(AdminProtocol.MASTER);
        if (config.importQueue().startsWith("tcp://") && config.curve() != null) {
            // other machines may reach a TCP import queue: CURVE authenticates its clients
            context.curve(queue);
        } else {
            context.admin(queue, "import queue");
        }
        queue.bind(config.importQueue());
        onReadable(queue, this::handle);
        web = new WebClient(transport, config.webQueue());
        stats = new PushClient<>(transport, StatsProtocol.REPORTER, config.statsQueue());
        skip = new SkipClient(transport);
        db = new DbClient(transport, config.dbQueue());
        fs = new FsClient(transport, config.fsQueue());
        imports = new BuildImports(db, fs, web, log);
        additions = new PackageAdditions(db, web, context.clock(), log);
        planner = new PlannerClient(context);
        removals = new PackageRemovals(db, web, skip, log);
        rebuilds = new PageRebuilds(db, web, stats, log);
    }

    private void handle() throws ProtocolException {
        Addressed<ToolRequest> request;
        try {
            request = queue.recv();
        } catch (ProtocolException e) {
            context.rejected(e.protocol());
            log.error("{}", e.getMessage());
            byte[] peer = queue.lastIdentity();
            if (peer != null) {
                imports.forget(new ClientId(peer));
                reply(peer, new Error(e.getMessage()));
            }
            return;
        }
        ClientId client = new ClientId(request.identity());
        log.debug("<< {}", request.message());
        AdminReply reply;
        try {
            reply = dispatch(client, request.message());
        } catch (RpcException e) {
            log.error("failed to handle {}: {}", request.message().getClass().getSimpleName(), e.getMessage());
            reply = new Error(e.getMessage());
        }
        if (reply instanceof Done || reply instanceof Error) {
            imports.forget(client);
        }
        if (reply instanceof Done && !(request.message() instanceof Rebuild)) {
            planner.refresh(); // what can be built may have changed
        }
        reply(request.identity(), reply);
    }

    private AdminReply dispatch(ClientId client, ToolRequest message) {
        if (message instanceof Import) {
            return imports.start(client, ((Import) message).build());
        } else if (message instanceof Sent) {
            return imports.sent(client);
        } else if (message instanceof AddPkg) {
            return additions.addPackage((AddPkg) message);
        } else if (message instanceof AddVer) {
            return additions.addVersion((AddVer) message);
        } else if (message instanceof RemPkg) {
            return removals.removePackage((RemPkg) message);
        } else if (message instanceof RemVer) {
            return removals.removeVersion((RemVer) message);
        } else {
            return rebuilds.rebuild((Rebuild) message);
        }
    }

    private void reply(byte[] peer, AdminReply reply) throws ProtocolException {
        log.debug(">> {}", reply);
        if (!queue.send(peer, reply)) {
            log.warn("client went away before its reply");
        }
    }

    @Override
    protected void closing() {
        fs.close();
        db.close();
        skip.close();
        stats.close();
        web.close();
    }
}
