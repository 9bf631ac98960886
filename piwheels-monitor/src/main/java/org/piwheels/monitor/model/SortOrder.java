package org.piwheels.monitor.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;

/**
 * How the slave rows are ordered. 0.23 always sorts by ABI, then label; the other
 * orders are ours (the {@code s} key cycles through them). Ties fall back to the id
 * so the order is stable.
 */
public enum SortOrder {
    /** By ABI, then label (0.23's only order). */
    ABI_LABEL("ABI, label", now -> Comparator.comparing(SlaveState::abi).thenComparing(SlaveState::label)),
    /** By slave id. */
    ID("id", now -> Comparator.comparingLong(SlaveState::id)),
    /** By label. */
    LABEL("label", now -> Comparator.comparing(SlaveState::label)),
    /** Longest up first. */
    UP_TIME("up time", now -> Comparator.comparing(SlaveState::firstSeen,
            Comparator.nullsLast(Comparator.naturalOrder()))),
    /** Longest at its current task first. */
    TASK_TIME("task time", now -> Comparator.comparing(SortOrder::taskStart,
            Comparator.nullsLast(Comparator.naturalOrder())));

    private final String description;
    private final Function<Instant, Comparator<SlaveState>> comparator;

    SortOrder(String description, Function<Instant, Comparator<SlaveState>> comparator) {
        this.description = description;
        this.comparator = comparator;
    }

    /** @return the comparator, with the id as the final tie-breaker */
    public Comparator<SlaveState> comparator(Instant now) {
        return comparator.apply(now).thenComparingLong(SlaveState::id);
    }

    /** @return how the status bar names it */
    public String description() {
        return description;
    }

    /** @return the order after this one */
    public SortOrder next() {
        return values()[(ordinal() + 1) % values().length];
    }

    /** The Task Time column measures from the build start, or from the last message. */
    static Instant taskStart(SlaveState s) {
        return s.buildStart() != null ? s.buildStart() : s.lastSeen();
    }
}
