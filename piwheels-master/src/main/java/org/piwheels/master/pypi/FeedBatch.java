package org.piwheels.master.pypi;

import java.util.List;

/**
 * What one turn of the {@link PypiEventFeed} produced.
 *
 * @param outcome what happened on the network
 * @param events  the events released, in order (empty unless {@code outcome} is {@link Outcome#ROWS})
 * @param serial  the serial to persist once {@code events} have all been applied
 */
public record FeedBatch(Outcome outcome, List<PypiEvent> events, long serial) {

    public enum Outcome {
        /** No request was due yet. */
        WAITING,
        /** PyPI had nothing new. */
        EMPTY,
        /** PyPI answered with rows (which may or may not have released events). */
        ROWS,
        /** The request failed; the feed backs off. */
        FAILED,
        /** Reconcile mode (beyond 0.23): projects were compared with PyPI's listing instead. */
        RECONCILED
    }

    public FeedBatch {
        events = List.copyOf(events);
    }
}
