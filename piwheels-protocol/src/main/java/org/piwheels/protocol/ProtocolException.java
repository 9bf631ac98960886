package org.piwheels.protocol;

/**
 * A message that may not be sent or was rejected on receipt. Its message names the
 * protocol, the action (when known) and the offending field, e.g.
 * {@code slave_driver: IDLE: invalid data: load_average: expected float, got int}.
 * Catching it is all a receiver has to do to survive a malformed frame.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a message was refused; the names follow piwheels 0.23's log texts (spec §3.3). */
    public enum Reason {
        /** The frame is not CBOR this codec accepts ("unable to deserialize data"). */
        UNDECODABLE("unable to deserialize data"),
        /** Neither a text string nor a two-item array. */
        INVALID_STRUCTURE("invalid message structure received"),
        /** An action this side does not accept. */
        UNKNOWN_MESSAGE("unknown message"),
        /** A bare action whose schema requires data. */
        MISSING_DATA("missing data"),
        /** A pair whose action takes no data. */
        DATA_NOT_EXPECTED("data not expected"),
        /** Data that does not match the action's schema. */
        INVALID_DATA("invalid data"),
        /** Frames of the file queue that are not a valid file-transfer message. */
        INVALID_FRAMES("invalid frames");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** @return the log text */
        public String text() {
            return text;
        }
    }

    private final String protocol;
    private final String action;
    private final Reason reason;
    private final String detail;

    /**
     * @param protocol the protocol's name
     * @param action   the action, or {@code null} if not known
     * @param reason   why the message was refused
     * @param detail   more detail (the field and what is wrong), or {@code null}
     */
    public ProtocolException(String protocol, String action, Reason reason, String detail) {
        super(format(protocol, action, reason, detail), null, false, false);
        this.protocol = protocol;
        this.action = action;
        this.reason = reason;
        this.detail = detail;
    }

    private static String format(String protocol, String action, Reason reason, String detail) {
        StringBuilder sb = new StringBuilder(protocol).append(": ");
        if (action != null) {
            sb.append(action.length() > 40 ? action.substring(0, 40) + "…" : action).append(": ");
        }
        sb.append(reason.text());
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /** @return the protocol's name, e.g. {@code slave_driver} */
    public String protocol() {
        return protocol;
    }

    /** @return the action, or {@code null} if the frame named none */
    public String action() {
        return action;
    }

    /** @return why the message was refused */
    public Reason reason() {
        return reason;
    }

    /** @return the detail (field path and problem), or {@code null} */
    public String detail() {
        return detail;
    }
}
