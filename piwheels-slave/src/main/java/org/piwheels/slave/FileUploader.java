package org.piwheels.slave;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one file to the master's file queue (components spec §6.6, protocol §7.2): a
 * fresh DEALER, {@code HELLO <id>}, again after every 5 s of silence, a {@code CHUNK}
 * read from the file for every {@code FETCH}, until {@code DONE}. Anything else is
 * ignored. Whether the file arrived intact is the master's {@code VERIFY}'s business.
 * Beyond 0.23: when the master says nothing for the slave's master timeout (it was
 * restarted and no longer knows the transfer, say), the upload gives up so the slave
 * can start over with a fresh HELLO instead of waiting for ever.
 */
final class FileUploader {
    static final Duration HELLO_AGAIN = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(FileUploader.class);

    private final Transport transport;
    private final String address;
    private final Duration helloAgain;

    private final CurveClient curve;
    private final Duration giveUpAfter;

    /** How an upload ended. */
    enum Outcome { DONE, STOPPED, MASTER_SILENT }

    FileUploader(Transport transport, String address, Duration helloAgain, Duration giveUpAfter) {
        this(transport, address, helloAgain, null, giveUpAfter);
    }

    /**
     * @param curve CURVE keys for the file queue, or {@code null} for plaintext
     * @param giveUpAfter how long the master may say nothing at all before the upload is given up
     */
    FileUploader(Transport transport, String address, Duration helloAgain, CurveClient curve, Duration giveUpAfter) {
        this.transport = transport;
        this.address = address;
        this.helloAgain = helloAgain;
        this.curve = curve;
        this.giveUpAfter = giveUpAfter;
    }

    /**
     * @param stop polled between messages; when it says so the upload is abandoned
     * @return DONE when the master said so, STOPPED when {@code stop} said so, MASTER_SILENT
     *         when the master said nothing for the give-up time
     */
    Outcome upload(long slaveId, Path file, BooleanSupplier stop) throws IOException {
        try (FileTransferDealer dealer = transport.fileDealer();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            dealer.hwm(10);
            Handshakes.harden(dealer);
            if (curve != null) {
                curve.secure(dealer);
            }
            dealer.connect(address);
            FileTransferProtocol.Hello hello = new FileTransferProtocol.Hello(slaveId);
            dealer.send(hello);
            long size = channel.size();
            // a wheel does not change while it is sent (the build is over); mapping it spares a copy per chunk
            MappedByteBuffer mapped = size > 0 && size <= Integer.MAX_VALUE
                    ? channel.map(FileChannel.MapMode.READ_ONLY, 0, size) : null;
            long lastHeard = System.nanoTime();
            long lastFromMaster = lastHeard;
            while (!stop.getAsBoolean()) {
                ReceiverMessage m;
                try {
                    m = dealer.recv(Duration.ofMillis(Math.min(1000, helloAgain.toMillis())));
                } catch (ProtocolException e) {
                    LOG.debug("ignoring unexpected frames on the file queue: {}", e.getMessage());
                    continue;
                }
                if (m == null) {
                    if (System.nanoTime() - lastFromMaster >= giveUpAfter.toNanos()) {
                        return Outcome.MASTER_SILENT;
                    }
                    if (System.nanoTime() - lastHeard >= helloAgain.toNanos()) {
                        dealer.send(hello); // the master may have lost track; it restarts the transfer
                        lastHeard = System.nanoTime();
                    }
                    continue;
                }
                lastHeard = System.nanoTime();
                lastFromMaster = lastHeard;
                if (m instanceof Fetch) {
                    Fetch f = (Fetch) m;
                    if (mapped != null) {
                        // a slice of the mapped wheel: ZeroMQ writes it to the socket without a copy
                        int from = (int) Math.min(f.offset(), size);
                        dealer.sendChunk(f.offset(), mapped.slice(from, (int) Math.min(f.length(), size - from)));
                    } else {
                        dealer.send(new Chunk(f.offset(), read(channel, f.offset(), f.length(), size)));
                    }
                } else {
                    return Outcome.DONE;
                }
            }
            return Outcome.STOPPED;
        }
    }

    /** Reads up to {@code length} bytes at {@code offset} (fewer at the end of the file). */
    private static byte[] read(FileChannel channel, long offset, long length, long size) throws IOException {
        int n = (int) Math.max(0, Math.min(length, size - Math.min(offset, size)));
        ByteBuffer buf = ByteBuffer.allocate(n);
        long pos = offset;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, pos);
            if (r < 0) {
                break;
            }
            pos += r;
        }
        return buf.position() == n ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    }
}
