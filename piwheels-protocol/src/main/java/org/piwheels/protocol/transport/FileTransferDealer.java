package org.piwheels.protocol.transport;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A sender's end of the file queue: a DEALER, fresh for each file. */
public final class FileTransferDealer extends QueueSocket {
    FileTransferDealer(ZContext context, ZMQ.Socket socket) {
        super(context, socket);
    }

    /** Sends HELLO or CHUNK. */
    public boolean send(SenderMessage message) {
        byte[][] frames = FileTransferProtocol.frames(message);
        for (int i = 0; i < frames.length - 1; i++) {
            socket.sendMore(frames[i]);
        }
        return socket.send(frames[frames.length - 1], 0);
    }

    /**
     * Sends {@code CHUNK offset data} without copying {@code data}'s bytes: give it a
     * direct buffer (a slice of a mapped file, say) that nobody changes afterwards,
     * since ZeroMQ's I/O thread writes it later. A heap array is copied by the JDK
     * into a direct buffer on every (partial) socket write, which for large chunks
     * costs more than the transfer.
     */
    public boolean sendChunk(long offset, ByteBuffer data) {
        byte[][] frames = FileTransferProtocol.frames(new FileTransferProtocol.Chunk(offset, new byte[0]));
        socket.sendMore(frames[0]);
        socket.sendMore(frames[1]);
        return socket.sendByteBuffer(data, 0) >= 0;
    }

    /**
     * Waits at most {@code timeout} for the master.
     *
     * @return FETCH or DONE, or {@code null} if nothing arrived in time
     * @throws ProtocolException if the frames are neither
     */
    public ReceiverMessage recv(Duration timeout) throws ProtocolException {
        if (!poll(timeout)) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(3);
        do {
            frames.add(socket.recv(0));
        } while (socket.hasReceiveMore());
        return FileTransferProtocol.parseReceiver(frames);
    }
}
