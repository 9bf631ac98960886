package org.piwheels.master.pypi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Releases PyPI changelog rows in timestamp order (components spec §5.11.2).
 *
 * <p>PyPI's timestamps are not monotonic in serial order: before serial
 * {@value #EPOCH} they jump about wildly, after it by at most a few minutes. So
 * rows are buffered and only released, sorted by (timestamp, serial), once rows
 * at least {@value #SETTLE_SECONDS} s newer have been seen. {@link #serial()} is
 * then the serial of the first row <em>not</em> yet released; persisting it and
 * restarting from it re-reads {@value #MARGIN} serials earlier, re-buffers rows
 * that sort before the resume point without releasing them again, and releases
 * the rows with smaller serials but later timestamps that were never released.
 *
 * <p>Pure state, no I/O: the caller fetches {@link #nextRequestSerial()} and
 * {@link #offer offers} the answer.
 */
public final class ReorderBuffer {

    /** Before this serial PyPI's history is too disordered to start mid-way. */
    public static final long EPOCH = 628_000;
    /** More serials than PyPI has ever produced in a settle window. */
    public static final long MARGIN = 2_000;
    /** How much newer than a row the newest buffered row must be before it is released. */
    public static final long SETTLE_SECONDS = 300;

    private long serial;
    private long next;
    private Long timestamp;
    private final List<ChangelogRow> rows = new ArrayList<>();

    public ReorderBuffer(long serial) {
        reset(serial);
    }

    /** Starts over from {@code serial}, forgetting everything buffered. */
    public void reset(long newSerial) {
        serial = newSerial;
        next = Math.max(0, (newSerial < EPOCH ? 0 : newSerial) - MARGIN);
        timestamp = null;
        rows.clear();
    }

    /** The serial of the first row not yet released: what to persist. */
    public long serial() {
        return serial;
    }

    /** The argument for the next {@code changelog_since_serial} call. */
    public long nextRequestSerial() {
        return next;
    }

    /** How many rows are held back. */
    public int buffered() {
        return rows.size();
    }

    /** The timestamp of the first unreleased row, once known (for the lag metric). */
    public Long pendingTimestamp() {
        return timestamp;
    }

    /**
     * Takes one answer to {@code changelog_since_serial(nextRequestSerial())}.
     *
     * @return the rows released by it, in (timestamp, serial) order; often none
     */
    public List<ChangelogRow> offer(List<ChangelogRow> answer) {
        List<ChangelogRow> page = newRowsOf(answer);
        if (page.isEmpty()) {
            return List.of();
        }
        next = page.get(page.size() - 1).serial();
        if (timestamp == null && serial <= next) {
            timestamp = page.stream().filter(r -> r.serial() >= serial).findFirst().orElseThrow().timestamp();
        }
        rows.addAll(page);
        if (next <= EPOCH || timestamp == null) {
            return List.of();
        }
        rows.sort(ChangelogRow.BY_TIME_THEN_SERIAL);
        long finishTimestamp = rows.get(rows.size() - 1).timestamp() - SETTLE_SECONDS;
        if (timestamp >= finishTimestamp) {
            return List.of();
        }
        int start = firstIndex(r -> r.timestamp() > timestamp
                || (r.timestamp() == timestamp && r.serial() >= serial));
        int finish = firstIndex(r -> r.timestamp() >= finishTimestamp);
        if (start >= finish) {
            return List.of(); // cannot happen while the resume row stays buffered; be safe anyway
        }
        List<ChangelogRow> released = List.copyOf(rows.subList(start, finish));
        ChangelogRow resume = rows.get(finish);
        serial = resume.serial();
        timestamp = resume.timestamp();
        rows.subList(0, finish).clear();
        return released;
    }

    /**
     * Rows PyPI should not have sent again (serial at or before the one asked
     * for, e.g. from a lagging replica) are dropped so the read position never
     * moves backwards; the rest are put in serial order.
     */
    private List<ChangelogRow> newRowsOf(List<ChangelogRow> answer) {
        List<ChangelogRow> page = new ArrayList<>(answer.size());
        for (ChangelogRow row : answer) {
            if (row.serial() > next) {
                page.add(row);
            }
        }
        page.sort(Comparator.comparingLong(ChangelogRow::serial));
        return page;
    }

    private int firstIndex(Predicate<ChangelogRow> test) {
        // rows are sorted and both predicates are monotonic: binary search
        int low = 0;
        int high = rows.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (test.test(rows.get(mid))) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
