package org.piwheels.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a gzip-compressed ustar archive of regular files, enough for sdists (which
 * Python's {@code tarfile} reads). Names must fit the 100-byte ustar name field.
 */
public final class TarGzWriter implements AutoCloseable {
    private static final int BLOCK = 512;

    private final OutputStream out;
    private final long mtime;

    /** @param target where the archive goes; closed with this writer */
    public TarGzWriter(OutputStream target, long mtimeSeconds) throws IOException {
        this.out = new GZIPOutputStream(target);
        this.mtime = mtimeSeconds;
    }

    /** Adds a regular file with mode 0644. */
    public void add(String name, byte[] content) throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) {
            throw new IllegalArgumentException("name longer than 100 bytes: " + name);
        }
        System.arraycopy(n, 0, header, 0, n.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, content.length);
        octal(header, 136, 12, mtime);
        header[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        // the checksum is computed with its own field read as eight spaces
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        header[155] = ' ';
        out.write(header);
        out.write(content);
        int pad = (BLOCK - content.length % BLOCK) % BLOCK;
        out.write(new byte[pad]);
    }

    /** Writes {@code value} as zero-padded octal digits followed by NUL in a field of {@code len} bytes. */
    private static void octal(byte[] header, int offset, int len, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > len - 1) {
            throw new IllegalArgumentException("value too large for a tar header field: " + value);
        }
        String padded = "0".repeat(len - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, len - 1);
        header[offset + len - 1] = 0;
    }

    /** Ends the archive (two zero blocks) and closes the stream. */
    @Override
    public void close() throws IOException {
        out.write(new byte[BLOCK * 2]);
        out.close();
    }

    /** Convenience: a whole archive in memory. */
    static byte[] archive(java.util.Map<String, byte[]> files, long mtimeSeconds) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarGzWriter w = new TarGzWriter(bytes, mtimeSeconds)) {
            for (var e : files.entrySet()) {
                w.add(e.getKey(), e.getValue());
            }
        }
        return bytes.toByteArray();
    }
}
