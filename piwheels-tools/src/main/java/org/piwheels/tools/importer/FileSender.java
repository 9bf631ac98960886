package org.piwheels.tools.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one file to the master's file queue as slave 0 (components spec §6.6,
 * protocol §7.2): {@code HELLO 0}, then a {@code CHUNK} for every {@code FETCH} until
 * {@code DONE}; {@code HELLO} again after a silence, since the master may have lost
 * it. Chunks are read from the file as asked, so a large wheel is never held in memory.
 */
final class FileSender {
    /** The importer's slave id. */
    static final long IMPORTER_ID = 0;
    /** 0.23's silence before a repeated HELLO. */
    static final Duration DEFAULT_SILENCE = Duration.ofSeconds(5);


    /** Looked up on first use: piw-import reads DEFAULT_SILENCE before it knows whether it only prints --help. */
    private static Logger log() {
        return LoggerFactory.getLogger("import");
    }

    private final Transport transport;
    private final String address;
    private final Duration silence;

    private final CurveClient curve;

    FileSender(Transport transport, String address, Duration silence) {
        this(transport, address, silence, null);
    }

    /** @param curve CURVE keys for the file queue, or {@code null} for plaintext */
    FileSender(Transport transport, String address, Duration silence, CurveClient curve) {
        this.transport = transport;
        this.address = address;
        this.silence = silence;
        this.curve = curve;
    }

    /** Serves the master's FETCHes until it says DONE. */
    void send(Path file, ImportProgress progress) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileTransferDealer dealer = transport.fileDealer()) {
            dealer.hwm(10);
            if (curve != null) {
                curve.secure(dealer);
            }
            dealer.connect(address);
            dealer.send(new Hello(IMPORTER_ID));
            long size = in.size();
            while (true) {
                ReceiverMessage m;
                try {
                    m = dealer.recv(silence);
                } catch (ProtocolException e) {
                    log().debug("ignoring a malformed message on the file queue: {}", e.getMessage());
                    continue; // 0.23 ignores anything but FETCH and DONE
                }
                if (m == null) {
                    dealer.send(new Hello(IMPORTER_ID));
                } else if (m instanceof Fetch) {
                    Fetch f = (Fetch) m;
                    byte[] data = read(in, f.offset(), (int) Math.min(f.length(), Math.max(0, size - f.offset())));
                    dealer.send(new Chunk(f.offset(), data));
                    progress.sent(data.length);
                } else if (m instanceof FileTransferProtocol.Done) {
                    return;
                }
            }
        }
    }

    private static byte[] read(FileChannel in, long offset, int length) throws IOException {
        // the master asks for 64 KiB; a FETCH for more is answered with at most 1 MiB rather than
        // allocating whatever a broken peer names
        ByteBuffer buf = ByteBuffer.allocate(Math.min(length, FileTransferProtocol.CHUNK_SIZE * 16));
        while (buf.hasRemaining()) {
            int n = in.read(buf, offset + buf.position());
            if (n < 0) {
                break;
            }
        }
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
    }
}
