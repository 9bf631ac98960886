package org.piwheels.protocol.cbor;

/**
 * A byte string that is not a CBOR item this codec accepts, or a value it cannot
 * encode. Unchecked because it never escapes the protocol layer, which turns it
 * into a {@link org.piwheels.protocol.ProtocolException}.
 */
public final class CborException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, and where
     */
    public CborException(String message) {
        super(message, null, false, false);
    }
}
