package org.piwheels.tools.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bytes the master asks for twice count once in the progress, and apart as sent again. */
class ProgressCounterTest {
    @Test
    void aChunkAskedForAgainCountsOnce() {
        ProgressCounter c = new ProgressCounter();
        c.start(2, 300);
        c.fileStarted(200, false);
        c.sent(100);
        c.sent(100);
        c.sent(50); // a chunk the master did not get in time, sent again
        assertThat(c.bytesDone()).isEqualTo(200);
        c.fileSent();
        c.fileStarted(100, false);
        c.sent(40);
        assertThat(c.bytesDone()).isEqualTo(240);
        assertThat(c.percent()).isEqualTo(80);
        c.sent(60);
        c.fileSent();
        assertThat(c.filesDone).isEqualTo(2);
        assertThat(c.bytesDone()).isEqualTo(300);
        assertThat(c.percent()).isEqualTo(100);
        assertThat(c.bytesResent()).isEqualTo(50);
    }

    @Test
    void aFileSentAgainAfterAFailedVerificationUndoesItsCompletion() {
        ProgressCounter c = new ProgressCounter();
        c.start(1, 100);
        c.fileStarted(100, false);
        c.sent(100);
        c.fileSent();
        c.fileStarted(100, true);
        assertThat(c.filesDone).isZero();
        assertThat(c.bytesDone()).isZero();
        c.sent(100);
        c.fileSent();
        assertThat(c.filesDone).isEqualTo(1);
        assertThat(c.bytesDone()).isEqualTo(100);
        assertThat(c.bytesResent()).isEqualTo(100);
    }
}
