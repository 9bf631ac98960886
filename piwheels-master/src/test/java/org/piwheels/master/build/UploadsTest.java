package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Done;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;
import org.piwheels.protocol.records.FileState;
import org.slf4j.LoggerFactory;

/** The upload protocol without sockets, against the recorded 0.23 transfer. */
class UploadsTest {
    private static final JsonNode VECTORS = TestVectors.load("file_juggler_files.json");
    private static final byte[] PEER = {0, (byte) 0x80, 0, 0, 1};
    private static final Instant NOW = Instant.parse("2024-05-17T12:00:00Z");

    @TempDir
    Path simple;
    private Uploads uploads;
    private final AtomicInteger rejected = new AtomicInteger();

    @BeforeEach
    void create() {
        uploads = new Uploads(simple, LoggerFactory.getLogger("test.uploads"), rejected::incrementAndGet);
    }

    private static FileState recordedFile() {
        return TestVectors.fileState(VECTORS.get("transfer").get("file_state"));
    }

    private List<String> feed(byte[] peer, List<byte[]> frames) {
        List<ReceiverMessage> replies;
        try {
            replies = uploads.received(peer, FileTransferProtocol.parseSender(frames), NOW);
        } catch (ProtocolException e) {
            replies = uploads.invalid(peer, NOW);
        }
        List<String> out = new ArrayList<>();
        replies.forEach(r -> out.add(String.join(" ", TestVectors.hexFrames(List.of(FileTransferProtocol.frames(r))))));
        return out;
    }

    @Test
    void theRecordedTransferGetsExactlyTheRecordedFetchesAndDone() throws IOException {
        uploads.expect(1, recordedFile(), NOW);
        List<String> expected = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (JsonNode event : VECTORS.get("transfer").get("events")) {
            List<byte[]> frames = TestVectors.frames(event.get("frames_at_dealer"));
            if (event.get("direction").asText().equals("master->slave")) {
                expected.add(String.join(" ", TestVectors.hexFrames(frames)));
            } else {
                sent.addAll(feed(PEER, frames));
            }
        }
        assertThat(expected).hasSize(7);
        assertThat(sent).isEqualTo(expected);
        IncomingFile done = uploads.takeComplete(1);
        assertThat(done).isNotNull();
        assertThat(Files.size(done.temp())).isEqualTo(199498);
        done.discard();
    }

    @Test
    void ignoredFirstMessagesGetNoReplyAndLeaveThePendingTransferAlone() throws IOException {
        uploads.expect(1, recordedFile(), NOW);
        for (JsonNode v : VECTORS.get("ignored_messages")) {
            assertThat(feed(PEER, TestVectors.frames(v.get("frames_at_dealer")))).as(v.get("description").asText()).isEmpty();
        }
        assertThat(uploads.counts()).containsExactly(1, 0, 0);
        assertThat(rejected).as("the HELLO nobody expected").hasValue(1);
        assertThat(feed(PEER, List.of(ascii("HELLO"), ascii("1")))).hasSize(3);
    }

    @Test
    void framesThatCrashed023AreRejectedAndTheTransferCarriesOn() throws IOException {
        uploads.expect(1, recordedFile(), NOW);
        byte[] addr = ascii("addr");
        assertThat(feed(addr, List.of(ascii("HELLO"), ascii("1")))).hasSize(3);
        for (JsonNode v : VECTORS.get("crashing_messages")) {
            List<byte[]> frames = TestVectors.frames(v.get("frames_at_router"));
            List<byte[]> payload = frames.subList(1, frames.size());
            assertThatThrownBy(() -> FileTransferProtocol.parseSender(payload)).isInstanceOf(ProtocolException.class);
            // from the active peer: credit reset, FETCHes again
            assertThat(feed(addr, payload)).as(v.get("description").asText()).hasSize(3);
        }
        assertThat(uploads.counts()).containsExactly(0, 1, 0);
    }

    @Test
    void anUnrecognisedHeaderResetsTheCreditOfAnActiveTransfer() throws IOException {
        uploads.expect(1, recordedFile(), NOW);
        byte[] addr = ascii("addr");
        feed(addr, List.of(ascii("HELLO"), ascii("1")));
        JsonNode resync = VECTORS.get("resync_example");
        List<byte[]> frames = TestVectors.frames(resync.get("frames_at_router"));
        List<String> sent = feed(addr, frames.subList(1, frames.size()));
        assertThat(sent).hasSize(resync.get("router_sent").size());
        // a peer without a transfer gets nothing for the same frames
        assertThat(feed(ascii("other"), frames.subList(1, frames.size()))).isEmpty();
    }

    @Test
    void aRepeatedHelloReRequestsWhatIsMissing() throws IOException {
        byte[] content = TestVectors.content(123456, 1);
        uploads.expect(1, TestVectors.wheel("foo-0.1-cp34-cp34m-linux_armv7l.whl", content), NOW);
        assertThat(uploads.received(PEER, new Hello(1), NOW)).containsExactly(new Fetch(0, 65536));
        assertThat(uploads.received(PEER, new Chunk(0, slice(content, 0, 65536)), NOW))
                .containsExactly(new Fetch(65536, 57920));
        assertThat(uploads.received(PEER, new Hello(1), NOW)).containsExactly(new Fetch(65536, 57920));
        assertThat(uploads.received(PEER, new Chunk(65536, slice(content, 65536, 123456)), NOW))
                .containsExactly(new Done());
        IncomingFile f = uploads.takeComplete(1);
        assertThat(f.verify()).isNull();
        assertThat(Files.readAllBytes(f.temp())).isEqualTo(content);
        f.discard();
    }

    @Test
    void aLargeFileIsFetchedInMebibyteChunksFourAtATimeAndHashedAsItArrives() throws IOException {
        int size = 5 * (1 << 20) + 12345;
        byte[] content = TestVectors.content(size, 7);
        uploads.expect(1, TestVectors.wheel("big-1.0-py3-none-any.whl", content), NOW);
        List<ReceiverMessage> fetches = uploads.received(PEER, new Hello(1), NOW);
        assertThat(fetches).containsExactly(new Fetch(0, 1 << 20), new Fetch(1 << 20, 1 << 20),
                new Fetch(2 << 20, 1 << 20), new Fetch(3 << 20, 1 << 20));
        List<ReceiverMessage> replies = List.of();
        for (int off = 0; off < size; off += 1 << 20) {
            replies = uploads.received(PEER, new Chunk(off, slice(content, off, Math.min(size, off + (1 << 20)))), NOW);
        }
        assertThat(replies).containsExactly(new Done());
        IncomingFile f = uploads.takeComplete(1);
        assertThat(f.hashed()).isEqualTo(size); // nothing left to read back at VERIFY
        assertThat(f.verify()).isNull();
        assertThat(Files.readAllBytes(f.temp())).isEqualTo(content);
        f.discard();
    }

    @Test
    void chunksArrivingOutOfOrderStillVerify() throws IOException {
        byte[] content = TestVectors.content(3 * 65536 + 100, 8);
        uploads.expect(1, TestVectors.wheel("foo-0.1-py3-none-any.whl", content), NOW);
        uploads.received(PEER, new Hello(1), NOW);
        uploads.received(PEER, new Chunk(65536, slice(content, 65536, 131072)), NOW);
        uploads.received(PEER, new Chunk(0, slice(content, 0, 65536)), NOW);
        uploads.received(PEER, new Chunk(3 * 65536, slice(content, 3 * 65536, content.length)), NOW);
        assertThat(uploads.received(PEER, new Chunk(131072, slice(content, 131072, 3 * 65536)), NOW))
                .containsExactly(new Done());
        IncomingFile f = uploads.takeComplete(1);
        assertThat(f.hashed()).isEqualTo(65536); // the rest is read back from the file
        assertThat(f.verify()).isNull();
        f.discard();
    }

    @Test
    void aDuplicateChunkWithOtherBytesChangesNothingReceived() throws IOException {
        byte[] content = TestVectors.content(2 * 65536, 9);
        uploads.expect(1, TestVectors.wheel("foo-0.1-py3-none-any.whl", content), NOW);
        uploads.received(PEER, new Hello(1), NOW);
        uploads.received(PEER, new Chunk(0, slice(content, 0, 65536)), NOW);
        byte[] other = slice(content, 0, 2 * 65536);
        other[5] ^= 1; // the first chunk again, different, and the second one with it
        assertThat(uploads.received(PEER, new Chunk(0, other), NOW)).containsExactly(new Done());
        IncomingFile f = uploads.takeComplete(1);
        assertThat(f.verify()).isNull();
        assertThat(Files.readAllBytes(f.temp())).isEqualTo(content);
        f.discard();
    }

    @Test
    void corruptedContentFailsVerification() throws IOException {
        byte[] content = TestVectors.content(1000, 2);
        uploads.expect(1, TestVectors.wheel("foo-0.1-py3-none-any.whl", content), NOW);
        uploads.received(PEER, new Hello(1), NOW);
        byte[] bad = content.clone();
        bad[10] ^= 1;
        assertThat(uploads.received(PEER, new Chunk(0, bad), NOW)).containsExactly(new Done());
        IncomingFile f = uploads.takeComplete(1);
        assertThat(f.verify()).contains("SHA-256");
        f.discard();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aChunkBeyondTheExpectedSizeIsRefusedAndTheCreditReset() throws IOException {
        byte[] content = TestVectors.content(1000, 3);
        uploads.expect(1, TestVectors.wheel("foo-0.1-py3-none-any.whl", content), NOW);
        uploads.received(PEER, new Hello(1), NOW);
        assertThat(uploads.received(PEER, new Chunk(900, new byte[200]), NOW)).containsExactly(new Fetch(0, 1000));
        assertThat(Files.size(tempFiles().get(0))).isEqualTo(1000);
    }

    @Test
    void temporaryFilesAreDotNamedAndSizedAndGoWhenReplacedOrDiscarded() throws IOException {
        byte[] content = TestVectors.content(5000, 4);
        uploads.expect(2, TestVectors.wheel("foo-0.1-py3-none-any.whl", content), NOW);
        List<Path> temps = tempFiles();
        assertThat(temps).hasSize(1);
        assertThat(temps.get(0).getFileName().toString()).startsWith(".").doesNotEndWith(".whl");
        assertThat(Files.size(temps.get(0))).isEqualTo(5000);
        uploads.expect(2, TestVectors.wheel("foo-0.2-py3-none-any.whl", content), NOW);
        assertThat(tempFiles()).hasSize(1).doesNotContain(temps.get(0));
        uploads.discardAll();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aSecondImportIsRefusedWhileTheFirstIsAliveButMayReplaceAStaleOne() throws IOException {
        byte[] content = TestVectors.content(5000, 5);
        uploads.expect(Uploads.IMPORT_ID, TestVectors.wheel("foo-0.1-py3-none-any.whl", content), NOW);
        uploads.received(PEER, new Hello(0), NOW);
        assertThatThrownBy(() -> uploads.expect(Uploads.IMPORT_ID,
                TestVectors.wheel("bar-0.1-py3-none-any.whl", content), NOW.plusSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another import");
        // the first import is untouched and still completes
        assertThat(uploads.received(PEER, new Chunk(0, content), NOW.plusSeconds(6))).containsExactly(new Done());
        assertThat(uploads.takeComplete(0).file().filename()).isEqualTo("foo-0.1-py3-none-any.whl");

        uploads.expect(Uploads.IMPORT_ID, TestVectors.wheel("baz-0.1-py3-none-any.whl", content), NOW);
        uploads.expect(Uploads.IMPORT_ID, TestVectors.wheel("qux-0.1-py3-none-any.whl", content),
                NOW.plus(Uploads.IMPORT_IDLE).plusSeconds(1));
        assertThat(uploads.counts()).containsExactly(1, 0, 0);
    }

    @Test
    void anEmptyFileIsDoneAtHello() throws IOException {
        uploads.expect(3, TestVectors.wheel("foo-0.1-py3-none-any.whl", new byte[0]), NOW);
        assertThat(uploads.received(PEER, new Hello(3), NOW)).containsExactly(new Done());
        assertThat(uploads.takeComplete(3).verify()).isNull();
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(simple)) {
            return s.filter(p -> p.getFileName().toString().startsWith(IncomingFile.TEMP_PREFIX)).toList();
        }
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
