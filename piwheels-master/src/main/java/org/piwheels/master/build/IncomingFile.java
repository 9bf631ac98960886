package org.piwheels.master.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.piwheels.protocol.records.FileState;

/**
 * One expected wheel: its temporary file (sized up front, in {@code simple/} under a
 * dot-name that no index or web server mistakes for a wheel), the transfer
 * bookkeeping, and the checks before it may be published.
 *
 * <p>Only bytes not yet received are written, so a byte never changes once it has
 * arrived (a repeated chunk is a duplicate, spec §7.2). That lets the SHA-256 be
 * computed as the chunks arrive, over the received prefix of the file, instead of
 * reading the whole file back at {@code VERIFY}: the slave driver waits for that
 * reply, so a 200 MB wheel used to stall it for the whole hash. Whatever the
 * running digest has not covered (chunks that arrived out of order) is read back
 * from the file at verification.
 */
final class IncomingFile implements AutoCloseable {
    /** Prefix of temporary upload files; removed at start-up if a crash left any. */
    static final String TEMP_PREFIX = ".upload-";
    /** Suffix of temporary upload files. */
    static final String TEMP_SUFFIX = ".part";

    private final long slaveId;
    private final FileState file;
    private final Path temp;
    private final TransferState transfer;
    private final MessageDigest digest = sha256();
    /** Bytes {@code [0, hashed)} of the file are in {@link #digest}. */
    private long hashed;
    private FileChannel channel;
    private Instant lastActivity;

    private IncomingFile(long slaveId, FileState file, Path temp, FileChannel channel, Instant now) {
        this.slaveId = slaveId;
        this.file = file;
        this.temp = temp;
        this.channel = channel;
        this.transfer = new TransferState(file.filesize());
        this.lastActivity = now;
    }

    /** Creates the temporary file in {@code dir}, already {@code filesize} bytes long. */
    static IncomingFile create(long slaveId, FileState file, Path dir, Instant now) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ);
            if (file.filesize() > 0) {
                channel.write(ByteBuffer.allocate(1), file.filesize() - 1);
            }
            return new IncomingFile(slaveId, file, temp, channel, now);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    long slaveId() {
        return slaveId;
    }

    FileState file() {
        return file;
    }

    Path temp() {
        return temp;
    }

    TransferState transfer() {
        return transfer;
    }

    Instant lastActivity() {
        return lastActivity;
    }

    void touch(Instant now) {
        lastActivity = now;
    }

    /**
     * Writes a chunk at its offset and marks it received.
     *
     * @throws IllegalArgumentException if the chunk starts before 0 or reaches past the expected size
     */
    void write(long offset, byte[] data) throws IOException {
        // written so that a huge offset cannot overflow past the check
        if (offset < 0 || data.length > file.filesize() - offset) {
            throw new IllegalArgumentException("chunk [" + offset + ", " + (offset + data.length)
                    + ") beyond the file size " + file.filesize());
        }
        for (ByteRanges.Range r : transfer.missingIn(offset, data.length)) {
            int from = (int) (r.start() - offset);
            ByteBuffer buf = ByteBuffer.wrap(data, from, (int) r.length());
            long pos = r.start();
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            if (r.start() == hashed) {
                digest.update(data, from, (int) r.length());
                hashed = r.end();
            }
        }
        transfer.received(offset, data.length);
    }

    /** @return how many bytes from the start the running digest covers (for tests) */
    long hashed() {
        return hashed;
    }

    /** @return null if the file has the expected size and SHA-256, otherwise why not */
    String verify() throws IOException {
        close();
        long actual = Files.size(temp);
        if (actual != file.filesize()) {
            return "size " + actual + " differs from the expected " + file.filesize();
        }
        hashRest();
        String hash = HexFormat.of().formatHex(digest.digest());
        return hash.equals(file.filehash()) ? null : "SHA-256 " + hash + " differs from the expected " + file.filehash();
    }

    /** Adds to the digest what it has not covered yet, read back from the file. */
    private void hashRest() throws IOException {
        if (hashed >= file.filesize()) {
            return;
        }
        byte[] buf = new byte[65536];
        try (InputStream in = Files.newInputStream(temp)) {
            in.skipNBytes(hashed);
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
                hashed += n;
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the temporary file (kept on disk). */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Closes and deletes the temporary file; never throws. */
    void discard() {
        try {
            close();
        } catch (IOException e) {
            // deleting is what matters
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(IncomingFile.class).warn("cannot delete {}: {}", temp, e.toString());
        }
    }
}
