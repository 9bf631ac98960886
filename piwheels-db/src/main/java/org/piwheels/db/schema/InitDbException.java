package org.piwheels.db.schema;

/** {@code piw-initdb} refused or failed; the message is meant for the operator. */
public class InitDbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with an operator-facing message. */
    public InitDbException(String message) {
        super(message);
    }

    /** An error with an operator-facing message and its cause. */
    public InitDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
