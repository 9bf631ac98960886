package org.piwheels.monitor.link;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides, from when the master was last heard, whether it is connected, silent, or
 * due a reconnect. The master publishes STATS every 10 s, so a silence of several
 * periods means it went away (or restarted and lost our subscription's HELLO).
 */
public final class MasterWatch {
    private final Duration silenceLimit;
    private LinkStatus status = LinkStatus.WAITING;
    private Instant lastHeard;
    private Instant lastAttached;

    /** @param silenceLimit how long a silence means "not responding" (and how often to re-attach) */
    public MasterWatch(Duration silenceLimit) {
        this.silenceLimit = silenceLimit;
    }

    /** The link (re)attached at {@code now}. */
    public void attached(Instant now) {
        lastAttached = now;
    }

    /**
     * A status message arrived.
     *
     * @param masterHello whether it was the master's HELLO (the first one connects us)
     */
    public void heard(Instant now, boolean masterHello) {
        lastHeard = now;
        if (masterHello || status == LinkStatus.NOT_RESPONDING) {
            status = LinkStatus.CONNECTED;
        }
    }

    /** The master's connection dropped (it stopped or restarted): it is not responding until heard again. */
    public void lost() {
        if (status != LinkStatus.WAITING) {
            status = LinkStatus.NOT_RESPONDING;
        }
    }

    /**
     * The timer: marks the master silent when nothing arrived for the limit.
     *
     * @return whether to re-attach now (silent for the limit since the last message and the last attach)
     */
    public boolean check(Instant now) {
        Instant reference = lastHeard == null || (lastAttached != null && lastAttached.isAfter(lastHeard))
                ? lastAttached : lastHeard;
        if (reference == null || Duration.between(reference, now).compareTo(silenceLimit) < 0) {
            return false;
        }
        if (lastHeard != null) {
            status = LinkStatus.NOT_RESPONDING;
        }
        return true;
    }

    /** @return the status bar's connection state */
    public LinkStatus status() {
        return status;
    }
}
