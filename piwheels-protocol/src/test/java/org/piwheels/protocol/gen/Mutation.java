package org.piwheels.protocol.gen;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One damage done to an encoded frame: a bit flip, an overwritten byte, a
 * truncation, inserted or deleted bytes, a duplicated run, or a head claiming a huge
 * length. Positions are taken modulo the frame's size.
 *
 * @param kind     what to do
 * @param position where (any non-negative number)
 * @param value    the bit, byte value or count involved
 */
public record Mutation(Kind kind, int position, int value) {
    /** The kinds of damage. */
    public enum Kind {
        FLIP_BIT, SET_BYTE, TRUNCATE, INSERT, DELETE, DUPLICATE, HUGE_LENGTH
    }

    /** Heads of byte strings, text, arrays and maps with 8-byte (and 4-byte) lengths. */
    private static final int[] LONG_HEADS = {0x5b, 0x7b, 0x9b, 0xbb, 0x5a, 0x7a, 0x9a, 0xba, 0xdb};

    /** Random mutations. */
    public static Arbitrary<Mutation> any() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
    }

    /** Applies several mutations in turn. */
    public static byte[] applyAll(byte[] frame, List<Mutation> mutations) {
        byte[] b = frame;
        for (Mutation m : mutations) {
            b = m.apply(b);
        }
        return b;
    }

    /** @return a damaged copy of {@code frame} */
    public byte[] apply(byte[] frame) {
        int n = frame.length;
        int at = n == 0 ? 0 : position % n;
        byte[] b = frame.clone();
        switch (kind) {
            case FLIP_BIT:
                if (n > 0) {
                    b[at] ^= (byte) (1 << (value & 7));
                }
                return b;
            case SET_BYTE:
                if (n > 0) {
                    b[at] = (byte) value;
                }
                return b;
            case TRUNCATE:
                return Arrays.copyOf(frame, at);
            case INSERT:
                return splice(frame, at, 0, filler(value % 9 + 1));
            case DELETE:
                return splice(frame, at, Math.min(n - at, value % 9 + 1), new byte[0]);
            case DUPLICATE:
                return splice(frame, at, 0, Arrays.copyOfRange(frame, at, Math.min(n, at + value % 17 + 1)));
            case HUGE_LENGTH:
            default:
                byte[] head = new byte[9];
                head[0] = (byte) LONG_HEADS[value % LONG_HEADS.length];
                Arrays.fill(head, 1, 9, (byte) (value < 128 ? 0xff : 0x7f));
                return splice(frame, at, Math.min(n - at, 1), head);
        }
    }

    private byte[] filler(int count) {
        byte[] f = new byte[count];
        for (int i = 0; i < count; i++) {
            f[i] = (byte) (value * 31 + i * 17 + position);
        }
        return f;
    }

    private static byte[] splice(byte[] frame, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length + insert.length);
        out.write(frame, 0, at);
        out.write(insert, 0, insert.length);
        out.write(frame, at + remove, frame.length - at - remove);
        return out.toByteArray();
    }
}
