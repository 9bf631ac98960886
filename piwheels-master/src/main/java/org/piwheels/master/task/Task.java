package org.piwheels.master.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.piwheels.master.MasterConfig;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Poller;
import org.piwheels.protocol.transport.QueueSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;

/**
 * A master task (components spec §4): one thread, its own sockets, a control queue
 * at {@code inproc://ctrl-<name>}, declared periodic handlers and socket handlers.
 * The loop runs due periodic handlers, then waits for readable sockets (up to a second,
 * or until the next periodic handler is due) and calls each one's handler once per
 * message already waiting on it, up to {@link #BATCH} in a row. A handler that throws a
 * {@link ProtocolException} has its message logged and counted; anything else
 * escaping a handler stops the task and asks the master to quit.
 *
 * <p>Subclasses make their sockets in the constructor (binds happen in dependency
 * order there), register them with {@link #onReadable}, declare periodic work with
 * {@link #every}, and may override {@link #once()}, {@link #onControl} and
 * {@link #closing()}.
 */
public abstract class Task {
    /** A periodic handler. */
    public static final class Periodic {
        private final String name;
        private final Duration interval;
        private final Handler action;
        private long dueNanos;

        Periodic(String name, Duration interval, Handler action) {
            this.name = name;
            this.interval = interval;
            this.action = action;
            this.dueNanos = System.nanoTime(); // due at once when registered
        }
    }

    /** Work done when a socket is readable or a period is due. */
    @FunctionalInterface
    public interface Handler {
        /** Does the work. */
        void run() throws Exception;
    }

    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * The most messages of one socket handled in a row before the loop polls again. A
     * turn of the loop (JeroMQ's poll: a selector and its bookkeeping) cost more CPU
     * than handling a message, and under load messages queue up; stopping after a
     * batch keeps the other sockets, the control queue and the periodic handlers served.
     */
    static final int BATCH = 64;

    protected final Logger log;
    protected final TaskContext context;
    private final String name;
    private final TaskKind kind;
    private final Protocol<NoMessage, ? extends Message> controlProtocol;
    private final MessageSocket<NoMessage, ? extends Message> control;
    private final List<QueueSocket> sockets = new ArrayList<>();
    private final Map<QueueSocket, Handler> handlers = new IdentityHashMap<>();
    private final List<Periodic> periodics = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final java.util.Set<QueueSocket> muted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private Poller poller;
    private Thread thread;
    private volatile boolean running;
    private boolean paused;
    private volatile Throwable failure;

    /**
     * @param name    the 0.23 task name, e.g. {@code master.slave_driver} (logger and control queue)
     * @param kind    how the task pauses
     * @param context what the tasks share
     */
    protected Task(String name, TaskKind kind, TaskContext context) {
        this(name, kind, context, TaskControlProtocols.TASK);
    }

    /** As {@link #Task(String, TaskKind, TaskContext)} with an extended control protocol. */
    protected Task(String name, TaskKind kind, TaskContext context, Protocol<NoMessage, ? extends Message> controlProtocol) {
        this.name = name;
        this.kind = kind;
        this.context = context;
        this.controlProtocol = controlProtocol;
        this.log = LoggerFactory.getLogger(name);
        this.control = context.transport().socket(SocketType.PULL, controlProtocol);
        control.hwm(10).bind(MasterConfig.controlAddress(name));
    }

    /** @return the task's name */
    public final String name() {
        return name;
    }

    /** @return the task's kind */
    public final TaskKind kind() {
        return kind;
    }

    /** Registers a socket and the handler to call when it is readable. */
    protected final <S extends QueueSocket> S onReadable(S socket, Handler handler) {
        sockets.add(socket);
        handlers.put(socket, handler);
        return socket;
    }

    /**
     * Stops or resumes watching a registered socket, e.g. a router's front end while
     * no worker is free. Call from the task's own thread (or before it starts).
     */
    protected final void watch(QueueSocket socket, boolean on) {
        if (!handlers.containsKey(socket)) {
            throw new IllegalArgumentException("socket has no handler");
        }
        boolean changed = on ? muted.remove(socket) : muted.add(socket);
        if (changed && poller != null) {
            if (on) {
                poller.register(socket);
            } else {
                poller.unregister(socket);
            }
        }
    }

    /** Keeps a socket to close with the task, without a handler (e.g. a PUSH). */
    protected final <S extends QueueSocket> S owned(S socket) {
        sockets.add(socket);
        return socket;
    }

    /** Declares a periodic handler, due at once and then {@code interval} after each run ends. */
    protected final Periodic every(String what, Duration interval, Handler action) {
        Periodic p = new Periodic(what, interval, action);
        periodics.add(p);
        return p;
    }

    /** Makes a periodic handler due at the next turn of the loop. */
    protected final void force(Periodic p) {
        if (!periodics.contains(p)) {
            throw new IllegalArgumentException("not a periodic handler of " + name);
        }
        p.dueNanos = System.nanoTime();
    }

    /** @return whether a PAUSING task is paused */
    protected final boolean paused() {
        return paused;
    }

    /** One-time initialisation, run on the task's thread before it is ready. */
    protected void once() throws Exception {
    }

    /** Handles a control message other than PAUSE, RESUME and QUIT. */
    protected void onControl(Message message) throws Exception {
        throw new IllegalStateException("unknown control message " + message);
    }

    /** Runs on the task's thread when it stops, before its sockets close. */
    protected void closing() throws Exception {
    }

    /** Starts the task's thread. */
    public final void start() {
        thread = new Thread(this::run, name.length() > 15 ? name.substring(0, 15) : name);
        thread.setDaemon(true);
        running = true;
        thread.start();
    }

    /** @return whether the task became ready (or failed) within the timeout */
    public final boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the error that stopped the task, or null */
    public final Throwable failure() {
        return failure;
    }

    /** Waits for the task's thread to end. */
    public final boolean join(Duration timeout) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    /** @return whether the thread is running */
    public final boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        log.info("starting");
        try (Poller poller = context.transport().poller()) {
            this.poller = poller;
            poller.register(control);
            for (QueueSocket s : sockets) {
                if (handlers.containsKey(s) && !muted.contains(s)) {
                    poller.register(s);
                }
            }
            once();
            ready.countDown();
            log.info("started");
            while (running) {
                runDuePeriodics();
                for (QueueSocket s : poller.poll(untilNextPeriodic())) {
                    if (muted.contains(s)) {
                        continue; // muted by an earlier handler of this turn
                    } else if (s == control) {
                        handleControl();
                    } else {
                        handleWaiting(handlers.get(s), s);
                    }
                    if (!running) {
                        break;
                    }
                }
            }
            log.info("stopping");
        } catch (Throwable t) {
            failure = t;
            log.error("unhandled exception in {}", name, t);
            askMasterToQuit();
        } finally {
            ready.countDown();
            try {
                closing();
            } catch (Exception e) {
                log.error("error while closing", e);
            }
            for (QueueSocket s : sockets) {
                s.close();
            }
            control.close();
            log.info("stopped");
        }
    }

    private Duration untilNextPeriodic() {
        long now = System.nanoTime();
        long wait = POLL.toNanos();
        for (Periodic p : periodics) {
            wait = Math.min(wait, Math.max(0, p.dueNanos - now));
        }
        // the poll counts whole milliseconds: rounded down, a deadline less than one away
        // would poll without waiting, again and again, until it is due
        return Duration.ofMillis((wait + 999_999) / 1_000_000);
    }

    /**
     * Calls the socket's handler, then again while another message is already waiting,
     * up to {@link #BATCH} times, unless the task stops or the handler mutes the socket.
     */
    private void handleWaiting(Handler h, QueueSocket s) throws Exception {
        int handled = 0;
        do {
            handle(h, s);
        } while (++handled < BATCH && running && !muted.contains(s)
                && s.hasWaiting());
    }

    private void runDuePeriodics() throws Exception {
        for (Periodic p : periodics) {
            if (System.nanoTime() - p.dueNanos >= 0) {
                p.action.run();
                p.dueNanos = System.nanoTime() + p.interval.toNanos();
            }
        }
    }

    private void handle(Handler h, QueueSocket s) throws Exception {
        try {
            h.run();
        } catch (ProtocolException e) {
            context.rejected(e.protocol());
            log.error("{}", e.getMessage());
        }
    }

    private void handleControl() throws Exception {
        Message m;
        try {
            m = control.recv();
        } catch (ProtocolException e) {
            context.rejected(e.protocol());
            log.error("{}", e.getMessage());
            return;
        }
        String action = m.getClass().getSimpleName();
        switch (action) {
            case "Quit":
                running = false;
                return;
            case "Pause":
                pause();
                return;
            case "Resume":
                if (kind == TaskKind.PAUSING && paused) {
                    paused = false;
                    log.info("resumed");
                } else if (kind == TaskKind.NON_STOP) {
                    log.info("resumed");
                } else {
                    log.warn("resumed while not paused");
                }
                return;
            default:
                onControl(m);
        }
    }

    private void pause() throws Exception {
        log.info("paused");
        if (kind == TaskKind.PAUSING) {
            paused = true;
        } else if (kind == TaskKind.PAUSEABLE) {
            // serve nothing but the control queue until RESUME or QUIT
            while (true) {
                Message m;
                try {
                    m = control.recv();
                } catch (ProtocolException e) {
                    log.error("{}", e.getMessage());
                    continue;
                }
                String action = m.getClass().getSimpleName();
                if (action.equals("Resume")) {
                    log.info("resumed");
                    return;
                } else if (action.equals("Quit")) {
                    running = false;
                    return;
                } else if (!action.equals("Pause")) {
                    onControl(m);
                }
            }
        }
    }

    private void askMasterToQuit() {
        try (MessageSocket<MasterControlProtocol.ControlRequest, NoMessage> quit =
                     context.transport().socket(SocketType.PUSH, MasterControlProtocol.MONITOR)) {
            quit.hwm(10).linger(Duration.ofSeconds(1));
            if (context.config().adminSecret() != null) {
                context.config().adminSecret().secureClient(quit); // the control queue asks for them
            }
            quit.connect(context.config().controlQueue());
            quit.trySend(new MasterControlProtocol.Quit());
        } catch (Exception e) {
            log.error("cannot ask the master to quit", e);
        }
    }

    /**
     * Sends a control message to a task by name, on a short-lived PUSH socket.
     *
     * @param protocol the sending side of the task's control protocol
     */
    public static <M extends Message> void sendControl(TaskContext context, String taskName,
                                                       Protocol<M, NoMessage> protocol, M message) throws ProtocolException {
        try (MessageSocket<M, NoMessage> push = context.transport().socket(SocketType.PUSH, protocol)) {
            push.linger(Duration.ofSeconds(1));
            push.connect(MasterConfig.controlAddress(taskName));
            push.send(message);
        }
    }

    /** Asks this task to stop (it finishes its current handler first). */
    public final void quit() {
        try {
            sendControl(context, name, TaskControlProtocols.TASK.reverse(), new TaskControlProtocols.Quit());
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }
}
