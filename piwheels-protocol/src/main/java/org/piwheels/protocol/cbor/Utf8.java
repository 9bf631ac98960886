package org.piwheels.protocol.cbor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: malformed input and unpaired surrogates are errors, never replaced.
 *
 * <p>Long texts (build logs) go through the JDK's own, vectorised, String coding,
 * which is lenient, and are then checked for what leniency would have hidden: the
 * JDK replaces each malformed input sequence with U+FFFD when decoding and each
 * unpaired surrogate with {@code '?'} when encoding. Only texts where such a
 * character shows up are redone with a strict coder, which then decides.
 */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUESTION_MARKS = 0x3f3f_3f3f_3f3f_3f3fL;
    private static final long LOW_7_BITS = 0x7f7f_7f7f_7f7f_7f7fL;

    private Utf8() {
    }

    /**
     * @throws CborException if {@code s} holds an unpaired surrogate
     */
    static byte[] encode(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        // every '?' of s becomes one '?' byte, every unpaired surrogate one more; nothing else yields 0x3f
        if (count(utf8, (byte) '?') != count(s, '?')) {
            return encodeStrict(s);
        }
        return utf8;
    }

    private static byte[] encodeStrict(String s) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new CborException("text is not encodable as UTF-8 (unpaired surrogate)");
        }
    }

    /**
     * @throws CborException if the bytes are not valid UTF-8
     */
    static String decode(byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        // the JDK decodes every malformed sequence as U+FFFD; a real U+FFFD is rare, and checked strictly
        if (s.indexOf('\uFFFD') >= 0) {
            return decodeStrict(b, off, len);
        }
        return s;
    }

    private static String decodeStrict(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CborException("invalid UTF-8 in text string");
        }
    }

    /** Counts the bytes equal to {@code c}, eight at a time. */
    static int count(byte[] b, byte c) {
        int n = 0;
        int i = 0;
        if (c == '?') {
            for (; i + 8 <= b.length; i += 8) {
                long x = (long) LONGS.get(b, i) ^ QUESTION_MARKS;
                // a byte of x is zero exactly where its high bit stays clear here
                long t = ((x & LOW_7_BITS) + LOW_7_BITS) | x;
                n += Long.bitCount(~t & ~LOW_7_BITS);
            }
        }
        for (; i < b.length; i++) {
            if (b[i] == c) {
                n++;
            }
        }
        return n;
    }

    /** Counts the occurrences of {@code c} in {@code s}. */
    static int count(String s, char c) {
        int n = 0;
        for (int i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }
}
