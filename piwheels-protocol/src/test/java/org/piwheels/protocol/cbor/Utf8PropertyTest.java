package org.piwheels.protocol.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The fast UTF-8 paths of {@link Utf8} decide exactly as a strict JDK coder does:
 * same text or same refusal, for any bytes and any UTF-16 string, lone surrogates,
 * literal U+FFFD and literal {@code '?'} included.
 */
class Utf8PropertyTest {

    @Property(tries = 500)
    void decodingAgreesWithAStrictDecoder(@ForAll("utf8ish") byte[] bytes) {
        String strict = strictDecode(bytes);
        if (strict == null) {
            assertThat(catching(() -> Utf8.decode(bytes, 0, bytes.length))).isInstanceOf(CborException.class);
        } else {
            assertThat(Utf8.decode(bytes, 0, bytes.length)).isEqualTo(strict);
        }
    }

    @Property(tries = 500)
    void encodingAgreesWithAStrictEncoder(@ForAll("utf16ish") String s) {
        byte[] strict = strictEncode(s);
        if (strict == null) {
            assertThat(catching(() -> Utf8.encode(s))).isInstanceOf(CborException.class);
        } else {
            assertThat(Utf8.encode(s)).isEqualTo(strict);
        }
    }

    @Property(tries = 300)
    void questionMarksAreCountedExactly(@ForAll("utf8ish") byte[] bytes) {
        int expected = 0;
        for (byte b : bytes) {
            expected += b == '?' ? 1 : 0;
        }
        assertThat(Utf8.count(bytes, (byte) '?')).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<byte[]> piece = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().ofMaxLength(12).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(6)),
                Tuple.of(1, Arbitraries.of(
                        new byte[] {(byte) 0xef, (byte) 0xbf, (byte) 0xbd}, // U+FFFD itself
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
                        new byte[] {(byte) 0xc0, (byte) 0x80},              // overlong NUL
                        new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
                        new byte[] {'?'})));
        return piece.list().ofMaxSize(12).map(Utf8PropertyTest::concat);
    }

    @Provide
    Arbitrary<String> utf16ish() {
        Arbitrary<Character> c = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.chars().ascii()),
                Tuple.of(2, Arbitraries.chars()),
                Tuple.of(1, Arbitraries.chars().range('\uD800', '\uDFFF')),
                Tuple.of(1, Arbitraries.of('?', '\uFFFD')));
        return c.list().ofMaxSize(80).map(chars -> {
            StringBuilder sb = new StringBuilder();
            chars.forEach(sb::append);
            return sb.toString();
        });
    }

    private static byte[] concat(java.util.List<byte[]> pieces) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        pieces.forEach(p -> out.write(p, 0, p.length));
        return out.toByteArray();
    }

    private static String strictDecode(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] strictEncode(String s) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
