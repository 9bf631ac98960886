package org.piwheels.protocol.transport;

import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ context and the factory of typed sockets on it. Closing it closes every
 * socket it made.
 */
public final class Transport implements AutoCloseable {
    /** How long a closing socket may keep trying to deliver queued messages, in ms. */
    public static final int DEFAULT_LINGER_MS = 1000;

    /** How long a connection may take to finish the ZeroMQ handshake before it is dropped and retried. */
    public static final int HANDSHAKE_MS = 5000;

    private final ZContext context;
    private ZapHandler zapHandler;
    private final java.util.List<HandshakeWatch> watches = new java.util.ArrayList<>();

    /** Creates a transport with its own context (one I/O thread). */
    public Transport() {
        this.context = new ZContext(1);
        this.context.setLinger(DEFAULT_LINGER_MS);
    }

    /**
     * A socket for a single-frame pattern.
     *
     * @param type     REQ, REP, PUSH, PULL, PUB or SUB
     * @param protocol what this side sends and receives
     */
    public <S extends Message, R extends Message> MessageSocket<S, R> socket(SocketType type, Protocol<S, R> protocol) {
        switch (type) {
            case REQ: case REP: case PUSH: case PULL: case PUB: case SUB: case PAIR:
                return new MessageSocket<>(context, create(type), type, protocol);
            default:
                throw new IllegalArgumentException(type + " sockets carry more than one frame; use router() or the file-transfer sockets");
        }
    }

    /**
     * A ROUTER serving REQ clients: frames {@code [identity, empty, payload]}.
     *
     * @param protocol what this side sends and receives
     */
    public <S extends Message, R extends Message> RouterSocket<S, R> router(Protocol<S, R> protocol) {
        return new RouterSocket<>(context, create(SocketType.ROUTER), protocol);
    }

    /** The master's end of the file queue (a ROUTER). */
    public FileTransferRouter fileRouter() {
        return new FileTransferRouter(context, create(SocketType.ROUTER));
    }

    /** A sender's end of the file queue (a DEALER); make a fresh one for every file. */
    public FileTransferDealer fileDealer() {
        return new FileTransferDealer(context, create(SocketType.DEALER));
    }

    /** A socket carrying raw multi-frame messages, for queues outside the typed protocols. */
    public RawSocket raw(SocketType type) {
        return new RawSocket(context, create(type), type);
    }

    /** A poller to wait on several sockets of this transport. */
    public Poller poller() {
        return new Poller(context);
    }

    private ZMQ.Socket create(SocketType type) {
        ZMQ.Socket s = context.createSocket(type);
        s.setIPv6(true);
        // JeroMQ 0.6.0 occasionally leaves a fresh TCP connection without a finished
        // handshake; giving up after 5 s (instead of libzmq's 30 s) makes it reconnect soon
        s.setHandshakeIvl(HANDSHAKE_MS);
        return s;
    }

    /** @return the underlying JeroMQ context, for what this API does not cover */
    public ZContext context() {
        return context;
    }

    /**
     * The ZAP handler of this transport's context, started on first use. Secured sockets
     * ({@link CurveServer}) ask for it before they are bound, so it is always listening
     * before their first peer connects.
     */
    public synchronized ZapHandler zapHandler() {
        if (zapHandler == null) {
            zapHandler = new ZapHandler(context);
        }
        return zapHandler;
    }

    /**
     * Reports every failed handshake of a socket (wrong or missing credentials); call
     * before binding it. The listener runs on the watch's own thread.
     *
     * @param socket    the socket to watch
     * @param name      what to call it in the log, e.g. {@code control queue}
     * @param onFailure told why each failed handshake failed
     */
    public synchronized HandshakeWatch watchHandshakes(QueueSocket socket, String name,
                                                       java.util.function.Consumer<String> onFailure) {
        HandshakeWatch watch = new HandshakeWatch(context, socket.zmq(), name, onFailure);
        watches.add(watch);
        return watch;
    }

    /** Closes every socket of this transport and the context. */
    @Override
    public void close() {
        synchronized (this) {
            watches.forEach(HandshakeWatch::close);
            if (zapHandler != null) {
                zapHandler.close();
            }
        }
        context.close();
    }
}
