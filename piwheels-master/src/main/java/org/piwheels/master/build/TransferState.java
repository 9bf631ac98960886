package org.piwheels.master.build;

import java.util.ArrayList;
import java.util.List;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;

/**
 * Which bytes of an upload to ask for next: the 0.23 credit and cursor algorithm
 * (spec protocol.md §7.2, components §5.7). The credit bounds the FETCHes in
 * flight; the cursor walks the missing ranges in chunk-sized steps and wraps to
 * the first missing range, so ranges lost in flight are asked for again. No I/O.
 */
final class TransferState {
    static final int CHUNK_SIZE = FileTransferProtocol.CHUNK_SIZE;
    static final int PIPELINE = FileTransferProtocol.MAX_CREDIT;

    private final long size;
    private final ByteRanges missing;
    private long cursor;
    private int credit;

    /** @param size the file's length in bytes */
    TransferState(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative file size " + size);
        }
        this.size = size;
        this.missing = new ByteRanges(0, size);
        resetCredit();
    }

    /** @return the credit a transfer starts with, and returns to on every reset */
    static int initialCredit(long size) {
        return (int) Math.max(1, Math.min(PIPELINE, size / CHUNK_SIZE));
    }

    long size() {
        return size;
    }

    int credit() {
        return credit;
    }

    /** Sets the credit, e.g. to replay a recorded situation. */
    void credit(int credit) {
        this.credit = credit;
    }

    /** Back to the initial credit: the uploader said HELLO again, or sent something wrong. */
    void resetCredit() {
        credit = initialCredit(size);
    }

    /** Marks {@code [offset, offset+length)} received; a received chunk earns one credit. */
    void received(long offset, long length) {
        missing.exclude(offset, offset + length);
        credit = missing.isEmpty() ? 0 : credit + 1;
    }

    /** @return whether every byte has arrived */
    boolean complete() {
        return missing.isEmpty();
    }

    /** @return the ranges still missing */
    List<ByteRanges.Range> missing() {
        return missing.ranges();
    }

    /** @return the FETCHes the credit allows now (spending it) */
    List<ReceiverMessage> fetches() {
        List<ReceiverMessage> out = new ArrayList<>();
        while (credit > 0) {
            credit--;
            ByteRanges.Range next = nextRange();
            if (next == null) {
                break;
            }
            out.add(new Fetch(next.start(), next.length()));
        }
        return out;
    }

    private ByteRanges.Range nextRange() {
        ByteRanges.Range first = missing.first();
        if (first == null) {
            return null;
        }
        ByteRanges.Range r = missing.firstOverlap(new ByteRanges.Range(cursor, cursor + CHUNK_SIZE));
        if (r == null) {
            r = first.intersect(new ByteRanges.Range(first.start(), first.start() + CHUNK_SIZE));
        }
        cursor = r.end();
        return r;
    }
}
