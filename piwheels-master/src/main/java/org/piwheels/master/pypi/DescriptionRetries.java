package org.piwheels.master.pypi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects whose description could not be had when their event was applied
 * (stale JSON, PyPI trouble), to be looked up again later with a growing delay.
 * 0.23 simply stored no description in that case.
 */
public final class DescriptionRetries {

    /** Retry delays double from this... */
    public static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    /** ...up to this. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(30);
    /** After this many failed retries the description is left as it is. */
    public static final int MAX_ATTEMPTS = 8;

    private record Retry(long minSerial, int attempts, Instant due) {
    }

    private final Map<String, Retry> pending = new LinkedHashMap<>();

    /** Asks for another look at {@code name} once PyPI's JSON reflects {@code minSerial}. */
    public void schedule(String name, long minSerial, Instant now) {
        Retry old = pending.get(name);
        long serial = old == null ? minSerial : Math.max(old.minSerial(), minSerial);
        int attempts = old == null ? 0 : old.attempts();
        pending.put(name, new Retry(serial, attempts, now.plus(delay(attempts))));
    }

    /** The names due for a retry at {@code now}, oldest first, at most {@code limit}. */
    public List<String> due(Instant now, int limit) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Retry> entry : pending.entrySet()) {
            if (names.size() == limit) {
                break;
            }
            if (!entry.getValue().due().isAfter(now)) {
                names.add(entry.getKey());
            }
        }
        return names;
    }

    /** The serial the description must reflect to be used. */
    public long minSerial(String name) {
        Retry retry = pending.get(name);
        return retry == null ? ProjectSummary.UNKNOWN_SERIAL : retry.minSerial();
    }

    public void succeeded(String name) {
        pending.remove(name);
    }

    /** @return false if the retry was abandoned after too many attempts */
    public boolean failed(String name, Instant now) {
        Retry old = pending.remove(name);
        if (old == null) {
            return false;
        }
        int attempts = old.attempts() + 1;
        if (attempts >= MAX_ATTEMPTS) {
            return false;
        }
        pending.put(name, new Retry(old.minSerial(), attempts, now.plus(delay(attempts))));
        return true;
    }

    /** A deleted project needs no description. */
    public void cancel(String name) {
        pending.remove(name);
    }

    public int size() {
        return pending.size();
    }

    private static Duration delay(int attempts) {
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(attempts, 16));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
