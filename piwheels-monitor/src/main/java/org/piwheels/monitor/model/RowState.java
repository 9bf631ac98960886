package org.piwheels.monitor.model;

/** The health of a row, shown as the colour of its {@code ▪} marker (components spec §17.6). */
public enum RowState {
    /** A slave with nothing to do. */
    IDLE,
    /** The master, healthy. */
    OKAY,
    /** A slave with a build in progress. */
    BUILDING,
    /** A slave uploading a wheel. */
    SENDING,
    /** A slave cleaning up after a build. */
    CLEANING,
    /** Something needs a look: silence, or a resource running short. */
    ALERT,
    /** Gone: terminated, or silent beyond its busy timeout. */
    DEAD
}
