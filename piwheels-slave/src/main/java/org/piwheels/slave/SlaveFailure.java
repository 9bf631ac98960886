package org.piwheels.slave;

/** Something the slave cannot carry on from (an unexpected reply, a build that will not end); it says BYE and exits non-zero. */
public final class SlaveFailure extends Exception {
    /** @param message what went wrong */
    public SlaveFailure(String message) {
        super(message);
    }

    /** @param message what went wrong @param cause why */
    public SlaveFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
