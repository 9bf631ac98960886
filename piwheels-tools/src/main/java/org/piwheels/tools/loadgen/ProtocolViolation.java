package org.piwheels.tools.loadgen;

/** The master did something the protocol does not allow at that point: the run fails. */
final class ProtocolViolation extends Exception {
    ProtocolViolation(String message) {
        super(message);
    }
}
