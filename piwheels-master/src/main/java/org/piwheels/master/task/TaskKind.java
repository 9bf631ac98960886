package org.piwheels.master.task;

/** How a task reacts to PAUSE (components spec §4.4). */
public enum TaskKind {
    /** Logs and keeps working (database router and workers, file receiver). */
    NON_STOP,
    /** Sets a flag its handlers consult and keeps serving its sockets. */
    PAUSING,
    /** Stops serving anything but its control queue until RESUME. */
    PAUSEABLE
}
