package org.piwheels.master.db;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseUnavailableException;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.DatabaseProtocol;
import org.piwheels.protocol.messages.DatabaseProtocol.DbReply;
import org.piwheels.protocol.messages.DatabaseProtocol.DbRequest;
import org.piwheels.protocol.transport.RawSocket;
import org.zeromq.SocketType;

/**
 * Runs database requests ({@code master.the_oracle_N}, components spec §5.2): each
 * request from the router becomes one {@link Database} call, answered {@code OK}
 * with the result or {@code ERROR} with the message. A request it cannot decode is
 * answered {@code ERROR} too, so the REQ/REP lock-step never breaks.
 */
public final class DatabaseWorker extends Task {
    private static final byte[] EMPTY = new byte[0];

    private final RawSocket socket;
    private final Database database;
    private final DatabaseRequests requests;

    /**
     * @param index    1, 2 or 3
     * @param database this worker's connection pool (the worker closes it)
     */
    public DatabaseWorker(TaskContext context, int index, Database database) {
        super("master.the_oracle_" + index, TaskKind.NON_STOP, context);
        this.database = database;
        this.requests = new DatabaseRequests(database);
        socket = context.transport().raw(SocketType.REQ);
        socket.hwm(10).connect(MasterConfig.ORACLE);
        onReadable(socket, this::handle);
    }

    @Override
    protected void once() {
        socket.send("READY".getBytes(StandardCharsets.US_ASCII));
    }

    private void handle() {
        List<byte[]> frames = socket.recv();
        if (frames.size() != 3) {
            log.error("invalid message structure from router ({} frames)", frames.size());
            socket.send(EMPTY, EMPTY, encode(new DatabaseProtocol.Error("invalid message structure")));
            return;
        }
        byte[] client = frames.get(0);
        DbReply reply;
        try {
            DbRequest request = DatabaseProtocol.WORKER.decode(frames.get(2));
            reply = new DatabaseProtocol.Ok(requests.execute(request));
        } catch (ProtocolException e) {
            context.rejected(e.protocol());
            log.error("{}", e.getMessage());
            reply = new DatabaseProtocol.Error(e.getMessage());
        } catch (DatabaseUnavailableException e) {
            log.error("Error handling db request: {}", e.getMessage());
            reply = new DatabaseProtocol.Error(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Error handling db request: {}", String.valueOf(e.getMessage()));
            log.debug("details", e);
            reply = new DatabaseProtocol.Error(String.valueOf(e.getMessage()));
        }
        socket.send(client, EMPTY, encode(reply));
    }

    private static byte[] encode(DbReply reply) {
        try {
            return DatabaseProtocol.WORKER.encode(reply);
        } catch (ProtocolException e) {
            try {
                return DatabaseProtocol.WORKER.encode(new DatabaseProtocol.Error("cannot encode result: " + e.getMessage()));
            } catch (ProtocolException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    @Override
    protected void closing() {
        database.close();
    }
}
