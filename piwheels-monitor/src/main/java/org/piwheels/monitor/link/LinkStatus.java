package org.piwheels.monitor.link;

/** What the status bar says about the master connection (components spec §8.3). */
public enum LinkStatus {
    /** Attached, no master HELLO seen yet. */
    WAITING("Waiting for connection"),
    /** The master answered and keeps talking. */
    CONNECTED("Connected to master"),
    /** It was talking, then fell silent; the monitor keeps re-attaching. */
    NOT_RESPONDING("Master not responding; reconnecting");

    private final String text;

    LinkStatus(String text) {
        this.text = text;
    }

    /** @return the status bar text */
    public String text() {
        return text;
    }
}
