package org.piwheels.protocol.gen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Frames assembled from random CBOR tokens: heads of every major type with
 * arguments at the edges of each width (huge lengths included), the tags the
 * decoder knows and some it does not, reserved additional information, break
 * codes, and short payloads, often after the start of a real {@code [action, …]}
 * pair. They reach far deeper into the decoder than uniformly random bytes.
 */
public final class CborTokens {
    private static final List<Long> TAGS = List.of(0L, 1L, 2L, 3L, 258L, 2001L, 2002L, 4L, 24L, 55799L,
            0xffff_ffffL, -1L);
    private static final List<Long> EDGES = List.of(0L, 1L, 23L, 24L, 255L, 256L, 65535L, 65536L, 0xffff_ffffL,
            0x1_0000_0000L, Long.MAX_VALUE, -1L, 3L, 2L, 9L);

    private CborTokens() {
    }

    /** Random token sequences, prefixed with a pair head and one of {@code actions} half of the time. */
    public static Arbitrary<byte[]> frames(List<String> actions) {
        Arbitrary<byte[]> token = Arbitraries.frequencyOf(
                Tuple.of(6, head()),
                Tuple.of(3, tag()),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(6)),
                Tuple.of(1, Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xf7},
                        new byte[] {(byte) 0xf8, 0x20}, new byte[] {(byte) 0xfc}, new byte[] {(byte) 0x1c})));
        Arbitrary<byte[]> prefix = actions.isEmpty()
                ? Arbitraries.just(new byte[0])
                : Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(new byte[0])),
                        Tuple.of(2, Arbitraries.of(actions).map(CborTokens::pairStart)));
        return Combinators.combine(prefix, token.list().ofMaxSize(12)).as(CborTokens::concat);
    }

    /** A head of any major type with an edge-valued or random argument, in any width. */
    static Arbitrary<byte[]> head() {
        Arbitrary<Long> argument = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(EDGES)),
                Tuple.of(1, Arbitraries.longs()));
        return Combinators.combine(Arbitraries.integers().between(0, 7), argument,
                Arbitraries.integers().between(0, 5)).as(CborTokens::encodeHead);
    }

    static Arbitrary<byte[]> tag() {
        return Arbitraries.of(TAGS).map(t -> encodeHead(6, t, 4));
    }

    /**
     * @param width 0 shortest form possible, 1-4 the 1, 2, 4 or 8 byte argument forms,
     *              5 the indefinite-length form (info 31)
     */
    static byte[] encodeHead(int major, long argument, int width) {
        int mt = major << 5;
        if (width == 5) {
            return new byte[] {(byte) (mt | 31)};
        }
        if (width == 0 && argument >= 0 && argument < 24) {
            return new byte[] {(byte) (mt | (int) argument)};
        }
        int bytes = width == 0 ? 8 : 1 << (width - 1);
        byte[] out = new byte[1 + bytes];
        out[0] = (byte) (mt | (24 + Integer.numberOfTrailingZeros(bytes)));
        for (int i = 0; i < bytes; i++) {
            out[bytes - i] = (byte) (argument >>> (8 * i));
        }
        return out;
    }

    private static byte[] pairStart(String action) {
        byte[] text = action.getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = new ArrayList<>();
        parts.add(new byte[] {(byte) 0x82});
        parts.add(encodeHead(3, text.length, 0));
        parts.add(text);
        return concat(new byte[0], parts);
    }

    private static byte[] concat(byte[] prefix, List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(prefix, 0, prefix.length);
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
