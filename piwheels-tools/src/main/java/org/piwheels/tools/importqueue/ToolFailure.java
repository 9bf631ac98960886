package org.piwheels.tools.importqueue;

/**
 * A refusal by the master or a failure the operator can act on: the message is
 * logged alone (no stack trace) and the command exits with status 1.
 */
public final class ToolFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, for the operator */
    public ToolFailure(String message) {
        super(message);
    }
}
