package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;

class TransferStateTest {
    @Test
    void initialCreditIsTheChunkCountBetweenOneAndTen() {
        assertThat(TransferState.initialCredit(0)).isEqualTo(1);
        assertThat(TransferState.initialCredit(65535)).isEqualTo(1);
        assertThat(TransferState.initialCredit(123456)).isEqualTo(1);
        assertThat(TransferState.initialCredit(199498)).isEqualTo(3);
        assertThat(TransferState.initialCredit(15L * 65536)).isEqualTo(10);
    }

    @Test
    void filesOfAMebibyteOrMoreAreFetchedInMebibytesAtMostFourAtATime() {
        assertThat(TransferState.chunkSize((1 << 20) - 1)).isEqualTo(65536);
        assertThat(TransferState.initialCredit((1 << 20) - 1)).isEqualTo(10);
        assertThat(TransferState.chunkSize(1 << 20)).isEqualTo(1 << 20);
        assertThat(TransferState.initialCredit(1 << 20)).isEqualTo(1);
        assertThat(TransferState.initialCredit(3L << 20)).isEqualTo(3);
        assertThat(TransferState.initialCredit(200_000_000)).isEqualTo(4);
        TransferState t = new TransferState((3L << 20) + 10);
        assertThat(t.fetches()).containsExactly(new Fetch(0, 1 << 20), new Fetch(1 << 20, 1 << 20),
                new Fetch(2 << 20, 1 << 20));
        t.received(0, 1 << 20);
        assertThat(t.fetches()).containsExactly(new Fetch(3L << 20, 10));
    }

    @Test
    void aTwoChunkFileIsFetchedChunkByChunk() {
        TransferState t = new TransferState(123456);
        assertThat(t.fetches()).containsExactly(new Fetch(0, 65536));
        assertThat(t.fetches()).isEmpty();
        t.received(0, 65536);
        assertThat(t.fetches()).containsExactly(new Fetch(65536, 57920));
        t.received(65536, 57920);
        assertThat(t.complete()).isTrue();
        assertThat(t.credit()).isZero();
        assertThat(t.fetches()).isEmpty();
    }

    @Test
    void withMoreCreditThanRangesTheFetchesCycleThroughWhatIsMissing() {
        TransferState t = new TransferState(123456);
        t.credit(10);
        List<ReceiverMessage> first = t.fetches();
        assertThat(first).startsWith(new Fetch(0, 65536), new Fetch(65536, 57920), new Fetch(0, 65536));
        t.received(0, 65536);
        t.credit(3);
        assertThat(t.fetches()).containsOnly(new Fetch(65536, 57920)).hasSize(3);
    }

    @Test
    void aResetTransferAsksFromTheStartAsRecordedInTheResyncExample() {
        JsonNode resync = TestVectors.load("file_juggler_files.json").get("resync_example");
        List<String> expected = new ArrayList<>();
        for (JsonNode frames : resync.get("router_sent")) {
            List<String> hex = TestVectors.hexFrames(TestVectors.frames(frames));
            expected.add(String.join(" ", hex.subList(1, hex.size())));
        }
        TransferState t = new TransferState(199498);
        t.resetCredit();
        List<String> sent = new ArrayList<>();
        for (ReceiverMessage m : t.fetches()) {
            sent.add(String.join(" ", TestVectors.hexFrames(List.of(FileTransferProtocol.frames(m)))));
        }
        assertThat(sent).isEqualTo(expected);
    }

    @Test
    void aChunkEarnsOneCreditUntilTheFileIsComplete() {
        TransferState t = new TransferState(3 * 65536);
        assertThat(t.fetches()).hasSize(3);
        t.received(65536, 65536);
        assertThat(t.credit()).isEqualTo(1);
        assertThat(t.missing()).containsExactly(new ByteRanges.Range(0, 65536), new ByteRanges.Range(131072, 196608));
    }
}
