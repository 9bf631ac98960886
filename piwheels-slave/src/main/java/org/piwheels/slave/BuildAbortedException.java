package org.piwheels.slave;

/** The build was stopped, or a step of it timed out; the message goes into the build log. */
public final class BuildAbortedException extends Exception {
    /** @param message the text to append to the build log */
    public BuildAbortedException(String message) {
        super(message);
    }
}
