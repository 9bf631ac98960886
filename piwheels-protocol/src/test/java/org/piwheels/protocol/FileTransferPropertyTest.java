package org.piwheels.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.piwheels.protocol.gen.DecodeGuard;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Done;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;

/**
 * The raw frames of the file queue: valid messages survive frames-then-parse, and
 * any list of frames is parsed or rejected with a {@link ProtocolException}, never
 * anything else.
 */
class FileTransferPropertyTest {
    /** The parser takes at most 18 decimal digits. */
    private static final long MAX_NUMBER = 999_999_999_999_999_999L;

    @Property(tries = 500)
    void senderMessagesRoundTrip(@ForAll("senderMessages") SenderMessage m) throws ProtocolException {
        assertThat(FileTransferProtocol.parseSender(Arrays.asList(FileTransferProtocol.frames(m)))).isEqualTo(m);
    }

    @Property(tries = 300)
    void receiverMessagesRoundTrip(@ForAll("receiverMessages") ReceiverMessage m) throws ProtocolException {
        assertThat(FileTransferProtocol.parseReceiver(Arrays.asList(FileTransferProtocol.frames(m)))).isEqualTo(m);
    }

    @Property(tries = 1000)
    void anyFramesAreParsedOrRejected(@ForAll("frameLists") List<byte[]> frames) {
        assertParsedOrRejected(DecodeGuard.thrownBy(() -> FileTransferProtocol.parseSender(frames)));
        assertParsedOrRejected(DecodeGuard.thrownBy(() -> FileTransferProtocol.parseReceiver(frames)));
    }

    private static void assertParsedOrRejected(Throwable thrown) {
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ProtocolException.class);
            assertThat(thrown.getMessage()).startsWith("file_juggler_files: ");
        }
    }

    @Provide
    Arbitrary<SenderMessage> senderMessages() {
        Arbitrary<Long> numbers = Arbitraries.longs().between(0, MAX_NUMBER);
        Arbitrary<SenderMessage> hello = numbers.map(Hello::new);
        Arbitrary<SenderMessage> chunk = Combinators.combine(numbers,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)).as(Chunk::new);
        return Arbitraries.oneOf(hello, chunk);
    }

    @Provide
    Arbitrary<ReceiverMessage> receiverMessages() {
        Arbitrary<Long> numbers = Arbitraries.longs().between(0, MAX_NUMBER);
        return Arbitraries.oneOf(Combinators.combine(numbers, numbers).as(Fetch::new), Arbitraries.just(new Done()));
    }

    @Provide
    Arbitrary<List<byte[]>> frameLists() {
        Arbitrary<byte[]> verb = Arbitraries.of("HELLO", "CHUNK", "FETCH", "DONE", "hello", "HELLO ", "", "DONE\0")
                .map(FileTransferPropertyTest::ascii);
        Arbitrary<byte[]> number = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().map(v -> ascii(Long.toString(v)))),
                Tuple.of(1, Arbitraries.strings().withChars("0123456789+- x").ofMaxLength(25)
                        .map(FileTransferPropertyTest::ascii)));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(30);
        Arbitrary<byte[]> frame = Arbitraries.frequencyOf(Tuple.of(2, verb), Tuple.of(3, number), Tuple.of(2, raw));
        return frame.list().ofMaxSize(5);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
