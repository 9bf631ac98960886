package org.piwheels.master.db;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.transport.RawSocket;
import org.zeromq.SocketType;

/**
 * Routes database requests to free workers ({@code master.seraph}, components spec
 * §5.1). It never looks inside a request; while no worker is free, requests wait in
 * the front socket.
 */
public final class DatabaseRouter extends Task {
    /** The 0.23 task name. */
    public static final String NAME = "master.seraph";
    private static final byte[] READY = "READY".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final RawSocket front;
    private final RawSocket back;
    private final Deque<byte[]> idle = new ArrayDeque<>();

    public DatabaseRouter(TaskContext context) {
        super(NAME, TaskKind.NON_STOP, context);
        front = context.transport().raw(SocketType.ROUTER);
        front.bind(context.config().dbQueue());
        back = context.transport().raw(SocketType.ROUTER);
        back.bind(MasterConfig.ORACLE);
        onReadable(front, this::handleClient);
        onReadable(back, this::handleWorker);
        watch(front, false);
    }

    private void handleClient() {
        List<byte[]> frames = front.recv();
        if (frames.size() != 3) {
            context.rejected("the_oracle");
            log.error("invalid message structure from database client ({} frames)", frames.size());
            return;
        }
        byte[] worker = idle.removeFirst();
        back.send(worker, EMPTY, frames.get(0), EMPTY, frames.get(2));
        if (idle.isEmpty()) {
            watch(front, false);
        }
    }

    private void handleWorker() {
        List<byte[]> frames = back.recv();
        byte[] worker = frames.get(0);
        if (frames.size() == 3 && java.util.Arrays.equals(frames.get(2), READY)) {
            // a worker announcing itself
        } else if (frames.size() == 5) {
            front.send(frames.get(2), EMPTY, frames.get(4));
        } else {
            log.error("invalid message structure from database worker ({} frames)", frames.size());
            return;
        }
        idle.addLast(worker);
        watch(front, true);
    }
}
