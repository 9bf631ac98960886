package org.piwheels.master.build;

import java.util.ArrayList;
import java.util.List;

/**
 * An ascending list of disjoint, non-empty half-open byte ranges: the parts of a
 * file still missing during an upload (0.23's {@code piwheels/ranges.py}).
 */
final class ByteRanges {
    /** A half-open range {@code [start, end)}. */
    record Range(long start, long end) {
        Range {
            if (start > end) {
                throw new IllegalArgumentException("range ends before it starts: [" + start + ", " + end + ")");
            }
        }

        long length() {
            return end - start;
        }

        /** @return the overlap of the two ranges, or null if they do not overlap */
        Range intersect(Range other) {
            long s = Math.max(start, other.start);
            long e = Math.min(end, other.end);
            return s < e ? new Range(s, e) : null;
        }

        @Override
        public String toString() {
            return "[" + start + ", " + end + ")";
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    /** @param start first byte @param end one past the last byte; an empty span gives an empty list */
    ByteRanges(long start, long end) {
        if (start < end) {
            ranges.add(new Range(start, end));
        }
    }

    /** Removes {@code [start, end)} from the list, splitting a range it falls inside. */
    void exclude(long start, long end) {
        if (start >= end) {
            return;
        }
        List<Range> kept = new ArrayList<>(ranges.size() + 1);
        for (Range r : ranges) {
            if (r.end <= start || r.start >= end) {
                kept.add(r);
                continue;
            }
            if (r.start < start) {
                kept.add(new Range(r.start, start));
            }
            if (end < r.end) {
                kept.add(new Range(end, r.end));
            }
        }
        ranges.clear();
        ranges.addAll(kept);
    }

    /** @return the first non-empty overlap of the window with a range, or null */
    Range firstOverlap(Range window) {
        for (Range r : ranges) {
            Range i = r.intersect(window);
            if (i != null) {
                return i;
            }
            if (r.start >= window.end) {
                return null;
            }
        }
        return null;
    }

    /** @return every non-empty overlap of the window with a range, ascending */
    List<Range> overlaps(Range window) {
        List<Range> out = new ArrayList<>(1);
        for (Range r : ranges) {
            if (r.start >= window.end) {
                break;
            }
            Range i = r.intersect(window);
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** @return the first range, or null if nothing is left */
    Range first() {
        return ranges.isEmpty() ? null : ranges.get(0);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** @return a copy of the ranges, ascending */
    List<Range> ranges() {
        return List.copyOf(ranges);
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
