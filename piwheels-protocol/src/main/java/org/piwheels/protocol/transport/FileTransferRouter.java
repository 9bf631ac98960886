package org.piwheels.protocol.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The master's end of the file queue: a ROUTER seeing {@code [identity, verb, args…]}. */
public final class FileTransferRouter extends QueueSocket {
    private byte[] lastIdentity;

    FileTransferRouter(ZContext context, ZMQ.Socket socket) {
        super(context, socket);
    }

    /**
     * Waits for a sender's message.
     *
     * @throws ProtocolException if the frames are not a HELLO or CHUNK; {@link #lastIdentity()} names the peer
     */
    public Addressed<SenderMessage> recv() throws ProtocolException {
        List<byte[]> frames = new ArrayList<>(4);
        do {
            frames.add(socket.recv(0));
        } while (socket.hasReceiveMore());
        lastIdentity = frames.get(0);
        return new Addressed<>(lastIdentity, FileTransferProtocol.parseSender(frames.subList(1, frames.size())));
    }

    /** @return the message, or {@code null} if none arrived in time */
    public Addressed<SenderMessage> recv(Duration timeout) throws ProtocolException {
        return poll(timeout) ? recv() : null;
    }

    /** @return the identity of the peer of the last frames received */
    public byte[] lastIdentity() {
        return lastIdentity;
    }

    /**
     * Sends FETCH or DONE to a sender.
     *
     * @return {@code false} if it could not be queued (peer gone or too far behind)
     */
    public boolean send(byte[] identity, ReceiverMessage message) {
        byte[][] frames = FileTransferProtocol.frames(message);
        if (!socket.sendMore(identity)) {
            return false;
        }
        for (int i = 0; i < frames.length - 1; i++) {
            socket.sendMore(frames[i]);
        }
        return socket.send(frames[frames.length - 1], 0);
    }
}
