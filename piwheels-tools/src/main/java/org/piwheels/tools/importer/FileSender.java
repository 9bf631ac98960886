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
import org.piwheels.tools.importqueue.MasterSilence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one file to the master's file queue as slave 0 (components spec §6.6,
 * protocol §7.2): {@code HELLO 0}, then a {@code CHUNK} for every {@code FETCH} until
 * {@code DONE}; {@code HELLO} again after a silence, since the master may have lost
 * it. Chunks are read from the file as asked, so a large wheel is never held in memory.
 * A file queue silent for the whole reply timeout (nobody there, or keys it refuses)
 * ends the upload: repeated HELLOs alone would wait for ever.
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
    private final Duration giveUp;

    /**
     * @param curve  CURVE keys for the file queue, or {@code null} for plaintext
     * @param giveUp how long the master may stay silent before the upload fails; zero waits for ever
     */
    FileSender(Transport transport, String address, Duration silence, CurveClient curve, Duration giveUp) {
        this.transport = transport;
        this.address = address;
        this.silence = silence;
        this.curve = curve;
        this.giveUp = giveUp;
    }

    /** Serves the master's FETCHes until it says DONE. */
    void send(Path file, ImportProgress progress) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileTransferDealer dealer = transport.fileDealer()) {
            dealer.hwm(10);
            if (curve != null) {
                curve.secure(dealer);
            }
            if (!giveUp.isZero()) {
                // a DEALER whose queue is full (nobody there) would block a send for ever
                dealer.zmq().setSendTimeOut((int) Math.min(Integer.MAX_VALUE, giveUp.toMillis()));
            }
            dealer.connect(address);
            hello(dealer);
            long size = in.size();
            long heard = System.nanoTime();
            while (true) {
                ReceiverMessage m;
                try {
                    m = dealer.recv(nextWait(heard));
                } catch (ProtocolException e) {
                    log().debug("ignoring a malformed message on the file queue: {}", e.getMessage());
                    heard = System.nanoTime(); // the master is there, if confused
                    continue; // 0.23 ignores anything but FETCH and DONE
                }
                if (m != null) {
                    heard = System.nanoTime();
                } else if (!giveUp.isZero() && System.nanoTime() - heard >= giveUp.toNanos()) {
                    throw MasterSilence.onFileQueue(address, giveUp);
                }
                if (m == null) {
                    hello(dealer);
                } else if (m instanceof Fetch) {
                    Fetch f = (Fetch) m;
                    byte[] data = read(in, f.offset(), (int) Math.min(f.length(), Math.max(0, size - f.offset())));
                    if (!dealer.send(new Chunk(f.offset(), data))) {
                        throw MasterSilence.onFileQueue(address, giveUp);
                    }
                    progress.sent(data.length);
                } else if (m instanceof FileTransferProtocol.Done) {
                    return;
                }
            }
        }
    }

    private void hello(FileTransferDealer dealer) {
        if (!dealer.send(new Hello(IMPORTER_ID))) {
            throw MasterSilence.onFileQueue(address, giveUp);
        }
    }

    /** The next wait: the HELLO interval, cut short where the reply timeout ends. */
    private Duration nextWait(long heard) {
        if (giveUp.isZero()) {
            return silence;
        }
        // at least a millisecond: a zero poll would spin, sending HELLOs until the queue is full
        long leftMs = (giveUp.toNanos() - (System.nanoTime() - heard) + 999_999) / 1_000_000;
        return Duration.ofMillis(Math.max(1, Math.min(leftMs, silence.toMillis())));
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
