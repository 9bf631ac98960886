package org.piwheels.protocol.codec;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A value that does not match its schema. It records the path to the offending
 * field as it propagates outwards; the protocol layer wraps it in a
 * {@link org.piwheels.protocol.ProtocolException}.
 */
public final class InvalidDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Deque<String> path = new ArrayDeque<>();
    private final String reason;

    /**
     * @param reason what is wrong with the value
     */
    public InvalidDataException(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** Prepends a path segment (a field name or an index) and returns this exception. */
    public InvalidDataException at(String segment) {
        path.addFirst(segment);
        return this;
    }

    /** @return what is wrong with the value */
    public String reason() {
        return reason;
    }

    /** @return the path to the offending value, e.g. {@code files[2].filesize}, or "" for the whole data */
    public String path() {
        StringBuilder sb = new StringBuilder();
        for (String s : path) {
            if (!s.startsWith("[") && sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    @Override
    public String getMessage() {
        String p = path();
        return p.isEmpty() ? reason : p + ": " + reason;
    }
}
