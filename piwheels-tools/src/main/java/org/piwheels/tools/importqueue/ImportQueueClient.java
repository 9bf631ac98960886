package org.piwheels.tools.importqueue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.piwheels.cli.AdminAuthOptions;
import org.piwheels.cli.CurveClientOptions;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.transport.AdminSecret;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * A tool's REQ connection to the master's import queue (MrChase, spec §6.3): one
 * request, one reply, in strict turn. The wait for a reply is sliced so a caller can show
 * progress while it lasts, and bounded by {@link #replyTimeout(Duration)}: a master that is
 * not running, or that refuses the tool's credentials or keys, is only ever silence here.
 */
public final class ImportQueueClient implements AutoCloseable {
    /** 0.23's default address of the import queue. */
    public static final String DEFAULT_ADDRESS = "ipc:///tmp/piw-import";

    private static final Duration SLICE = Duration.ofMillis(250);

    private final MessageSocket<ToolRequest, AdminReply> socket;
    private final String address;
    private Duration replyTimeout = Duration.ZERO;

    /**
     * Connects (ZeroMQ connects in the background, so nothing fails here if the master is down).
     *
     * @param transport the transport that owns the socket
     * @param address   the import queue, e.g. {@code ipc:///tmp/piw-import}
     */
    public ImportQueueClient(Transport transport, String address) {
        this(transport, address, null);
    }

    /**
     * As {@link #ImportQueueClient(Transport, String)}, a CURVE client when the queue is
     * {@code tcp://} and keys are given (the master secures only a TCP import queue).
     *
     * @param curve the tool's CURVE keys, or {@code null} for plaintext
     */
    public ImportQueueClient(Transport transport, String address, CurveClient curve) {
        this(transport, address, curve, null);
    }

    /**
     * As {@link #ImportQueueClient(Transport, String, CurveClient)}, giving the admin
     * credentials when CURVE does not apply.
     *
     * @param admin the admin credentials, or {@code null} for none (a master with {@code --admin-auth off})
     */
    public ImportQueueClient(Transport transport, String address, CurveClient curve, AdminSecret admin) {
        this.address = address;
        socket = transport.socket(SocketType.REQ, AdminProtocol.TOOL);
        socket.hwm(10);
        if (curve != null && address.startsWith("tcp://")) {
            curve.secure(socket);
        } else if (admin != null) {
            admin.secureClient(socket);
        }
        socket.connect(address);
    }

    /**
     * Reads the admin credentials named by a tool's options, unless they are off or the
     * import queue is a CURVE one (which the master authenticates by key instead).
     *
     * @return the credentials, or {@code null} when none are needed
     * @throws picocli.CommandLine.ParameterException (exit status 2) if the file cannot be read
     */
    public static AdminSecret credentials(AdminAuthOptions options, CurveClient curve, String address) {
        if (curve != null && address.startsWith("tcp://")) {
            return null;
        }
        return credentials(options);
    }

    /**
     * Reads the admin credentials named by a command's options.
     *
     * @return the credentials, or {@code null} with {@code --admin-auth off}
     * @throws picocli.CommandLine.ParameterException (exit status 2) if the file cannot be read
     */
    public static AdminSecret credentials(AdminAuthOptions options) {
        java.nio.file.Path file = options.file();
        if (file == null) {
            return null;
        }
        try {
            return AdminSecret.read(file);
        } catch (IOException e) {
            throw options.failure(e.getMessage());
        }
    }

    /**
     * Reads the CURVE certificates named by a tool's options.
     *
     * @return the keys, or {@code null} when the options ask for none
     * @throws ToolFailure if a certificate cannot be read
     */
    public static CurveClient keys(CurveClientOptions options) {
        if (!options.enabled()) {
            return null;
        }
        try {
            return CurveClient.load(options.masterKey, options.key);
        } catch (IOException e) {
            throw new ToolFailure(e.getMessage());
        }
    }

    /**
     * Bounds each wait for a reply.
     *
     * @param timeout how long the master may stay silent; zero (the default) waits for ever, as 0.23
     * @return this client
     */
    public ImportQueueClient replyTimeout(Duration timeout) {
        replyTimeout = timeout;
        return this;
    }

    /** Sends a request and waits for the reply. */
    public AdminReply request(ToolRequest request) throws ProtocolException {
        return request(request, waited -> { });
    }

    /**
     * Sends a request and waits for the reply, telling {@code waiting} how long it has
     * waited so far every quarter of a second.
     *
     * @throws ProtocolException if the request is invalid or the reply undecodable
     * @throws ToolFailure if no reply came within the {@link #replyTimeout(Duration) reply timeout}
     */
    public AdminReply request(ToolRequest request, Consumer<Duration> waiting) throws ProtocolException {
        socket.send(request);
        Instant start = Instant.now();
        while (true) {
            Duration slice = SLICE;
            if (!replyTimeout.isZero()) {
                Duration left = replyTimeout.minus(Duration.between(start, Instant.now()));
                if (left.isNegative() || left.isZero()) {
                    throw MasterSilence.onImportQueue(address, replyTimeout);
                }
                slice = left.compareTo(SLICE) < 0 ? left : SLICE;
            }
            AdminReply reply = socket.recv(slice);
            if (reply != null) {
                return reply;
            }
            waiting.accept(Duration.between(start, Instant.now()));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
