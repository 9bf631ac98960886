package org.piwheels.protocol.wheels;

/** A wheel that cannot be described (bad name, no METADATA, not a zip): fails a build or refuses an import. */
public final class BadWheelException extends Exception {
    /** @param message what is wrong, for the build log or the operator */
    public BadWheelException(String message) {
        super(message);
    }
}
