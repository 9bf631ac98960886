package org.piwheels.master.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.ReceiverMessage;

/**
 * Which bytes of an upload to ask for next: the 0.23 credit and cursor algorithm
 * (spec protocol.md §7.2, components §5.7). The credit bounds the FETCHes in
 * flight; the cursor walks the missing ranges in chunk-sized steps and wraps to
 * the first missing range, so ranges lost in flight are asked for again. No I/O.
 *
 * <p>Beyond 0.23: a FETCH's length is the master's choice and every sender answers
 * any length (0.23's slave reads what is asked; ours and the importer up to 1 MiB),
 * so files of {@link #LARGE_FILE} bytes or more are fetched in {@link #LARGE_CHUNK}
 * steps with at most {@link #LARGE_PIPELINE} in flight. Each FETCH/CHUNK exchange
 * costs a fixed amount of work at both ends (socket wake-ups, a message through
 * ZeroMQ's I/O threads), which for 64 KiB chunks capped a transfer at a small part
 * of what the connection carries; see docs/benchmarks.md, "File transfer". Smaller
 * files keep 0.23's 64 KiB × 10 exactly, as recorded in the spec.
 */
final class TransferState {
    static final int CHUNK_SIZE = FileTransferProtocol.CHUNK_SIZE;
    static final int PIPELINE = FileTransferProtocol.MAX_CREDIT;
    /** Files at least this long are fetched in large chunks. */
    static final long LARGE_FILE = 1 << 20;
    /** The chunk size for large files: the most the importer answers in one CHUNK. */
    static final int LARGE_CHUNK = 1 << 20;
    /** The most large chunks in flight (4 MiB per transfer, whatever the file's size). */
    static final int LARGE_PIPELINE = 4;

    private final long size;
    private final int chunkSize;
    private final ByteRanges missing;
    private long cursor;
    private int credit;
    /** The FETCHes sent and not yet answered: offset to length (a chunk answering none is logged). */
    private final Map<Long, Long> asked = new HashMap<>();

    /** @param size the file's length in bytes */
    TransferState(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative file size " + size);
        }
        this.size = size;
        this.chunkSize = chunkSize(size);
        this.missing = new ByteRanges(0, size);
        resetCredit();
    }

    /** @return the FETCH length for a file of this size */
    static int chunkSize(long size) {
        return size >= LARGE_FILE ? LARGE_CHUNK : CHUNK_SIZE;
    }

    /** @return the credit a transfer starts with, and returns to on every reset */
    static int initialCredit(long size) {
        int pipeline = size >= LARGE_FILE ? LARGE_PIPELINE : PIPELINE;
        return (int) Math.max(1, Math.min(pipeline, size / chunkSize(size)));
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

    /**
     * Takes a chunk's range off the FETCHes outstanding.
     *
     * @return whether some FETCH asked for exactly this range (a sender that answers otherwise is
     * broken or hostile; the bytes are still used where they fit)
     */
    boolean answers(long offset, long length) {
        Long want = asked.get(offset);
        if (want != null && want == length) {
            asked.remove(offset);
            return true;
        }
        return false;
    }

    /** @return whether every byte has arrived */
    boolean complete() {
        return missing.isEmpty();
    }

    /** @return the parts of {@code [offset, offset+length)} not yet received, ascending */
    List<ByteRanges.Range> missingIn(long offset, long length) {
        return length > 0 ? missing.overlaps(new ByteRanges.Range(offset, offset + length)) : List.of();
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
            asked.put(next.start(), next.length());
        }
        return out;
    }

    private ByteRanges.Range nextRange() {
        ByteRanges.Range first = missing.first();
        if (first == null) {
            return null;
        }
        ByteRanges.Range r = missing.firstOverlap(new ByteRanges.Range(cursor, cursor + chunkSize));
        if (r == null) {
            r = first.intersect(new ByteRanges.Range(first.start(), first.start() + chunkSize));
        }
        cursor = r.end();
        return r;
    }
}
