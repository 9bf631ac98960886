package org.piwheels.master.pypi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Counts events over a sliding minute. */
final class EventRate {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private record Sample(Instant at, int count) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private int total;

    void record(Instant now, int count) {
        if (count > 0) {
            samples.addLast(new Sample(now, count));
            total += count;
        }
        expire(now);
    }

    int lastMinute(Instant now) {
        expire(now);
        return total;
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(WINDOW);
        while (!samples.isEmpty() && !samples.peekFirst().at().isAfter(cutoff)) {
            total -= samples.removeFirst().count();
        }
    }
}
