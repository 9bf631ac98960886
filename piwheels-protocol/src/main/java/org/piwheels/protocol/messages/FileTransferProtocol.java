package org.piwheels.protocol.messages;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.piwheels.protocol.ProtocolException;

/**
 * {@code file_juggler_files}: wheels travel from a slave or importer (a fresh
 * DEALER per file) to the master (ROUTER, default {@code tcp://*:5556}) as raw
 * frames, not CBOR: verbs and numbers are ASCII, chunks are raw bytes (spec §6.2,
 * §7.2). This class converts between messages and the frames at the DEALER; a
 * ROUTER adds the peer identity in front.
 */
public final class FileTransferProtocol {
    /** Bytes asked for in one FETCH. */
    public static final int CHUNK_SIZE = 65536;
    /** The most FETCHes the master keeps outstanding. */
    public static final int MAX_CREDIT = 10;

    private static final String NAME = "file_juggler_files";
    private static final byte[] HELLO = ascii("HELLO");
    private static final byte[] CHUNK = ascii("CHUNK");
    private static final byte[] FETCH = ascii("FETCH");
    private static final byte[] DONE = ascii("DONE");

    private FileTransferProtocol() {
    }

    /** What the sender of a file sends. */
    public sealed interface SenderMessage {
    }

    /** What the master sends back. */
    public sealed interface ReceiverMessage {
    }

    /** Start (or restart) the transfer expected from this slave. @param slaveId the slave, 0 for an importer */
    public record Hello(long slaveId) implements SenderMessage {
    }

    /**
     * Some bytes of the file.
     *
     * @param offset where they start
     * @param data   the bytes
     */
    public record Chunk(long offset, byte[] data) implements SenderMessage {
        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk && ((Chunk) o).offset == offset && Arrays.equals(((Chunk) o).data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Chunk[offset=" + offset + ", length=" + data.length + "]";
        }
    }

    /** Send {@code length} bytes from {@code offset}. @param offset start @param length how many */
    public record Fetch(long offset, long length) implements ReceiverMessage {
    }

    /** Every byte arrived; close the socket. */
    public record Done() implements ReceiverMessage {
    }

    /** The frames of a sender's message. */
    public static byte[][] frames(SenderMessage m) {
        if (m instanceof Hello) {
            return new byte[][] {HELLO.clone(), number(((Hello) m).slaveId())};
        }
        Chunk c = (Chunk) m;
        return new byte[][] {CHUNK.clone(), number(c.offset()), c.data()};
    }

    /** The frames of the master's message. */
    public static byte[][] frames(ReceiverMessage m) {
        if (m instanceof Fetch) {
            Fetch f = (Fetch) m;
            return new byte[][] {FETCH.clone(), number(f.offset()), number(f.length())};
        }
        return new byte[][] {DONE.clone()};
    }

    /**
     * Parses what the master received (without the identity frame).
     *
     * @throws ProtocolException for anything but a well-formed HELLO or CHUNK
     */
    public static SenderMessage parseSender(List<byte[]> frames) throws ProtocolException {
        if (frames.isEmpty()) {
            throw invalid(null, "no frames");
        }
        byte[] verb = frames.get(0);
        if (Arrays.equals(verb, HELLO)) {
            expect(frames, 2, "HELLO");
            return new Hello(parseNumber(frames.get(1), "HELLO", "slave id"));
        } else if (Arrays.equals(verb, CHUNK)) {
            expect(frames, 3, "CHUNK");
            return new Chunk(parseNumber(frames.get(1), "CHUNK", "offset"), frames.get(2));
        }
        throw invalid(printable(verb), "unknown verb");
    }

    /**
     * Parses what the sender received.
     *
     * @throws ProtocolException for anything but a well-formed FETCH or DONE
     */
    public static ReceiverMessage parseReceiver(List<byte[]> frames) throws ProtocolException {
        if (frames.isEmpty()) {
            throw invalid(null, "no frames");
        }
        byte[] verb = frames.get(0);
        if (Arrays.equals(verb, FETCH)) {
            expect(frames, 3, "FETCH");
            return new Fetch(parseNumber(frames.get(1), "FETCH", "offset"), parseNumber(frames.get(2), "FETCH", "length"));
        } else if (Arrays.equals(verb, DONE)) {
            expect(frames, 1, "DONE");
            return new Done();
        }
        throw invalid(printable(verb), "unknown verb");
    }

    private static void expect(List<byte[]> frames, int n, String verb) throws ProtocolException {
        if (frames.size() != n) {
            throw invalid(verb, "expected " + n + " frames, got " + frames.size());
        }
    }

    /** Parses a non-negative ASCII decimal of at most 18 digits. */
    private static long parseNumber(byte[] frame, String verb, String what) throws ProtocolException {
        if (frame.length == 0 || frame.length > 18) {
            throw invalid(verb, what + " is not a decimal number");
        }
        long v = 0;
        for (byte b : frame) {
            if (b < '0' || b > '9') {
                throw invalid(verb, what + " is not a decimal number: '" + printable(frame) + "'");
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    /** Refuses, before anything is sent, a number the peer's parser would reject (spec §3.2). */
    private static byte[] number(long v) {
        if (v < 0 || v > 999_999_999_999_999_999L) {
            throw new IllegalArgumentException("file-transfer numbers must be 0 to 18 digits: " + v);
        }
        return ascii(Long.toString(v));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 20); i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return b.length > 20 ? sb + "…" : sb.toString();
    }

    private static ProtocolException invalid(String verb, String detail) {
        return new ProtocolException(NAME, verb, ProtocolException.Reason.INVALID_FRAMES, detail);
    }
}
