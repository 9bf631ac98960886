package org.piwheels.protocol.transport;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A message and the identity of the peer that sent it, as a ROUTER sees it.
 *
 * @param identity the peer's routing identity (opaque)
 * @param message  the message
 * @param <M>      the message type
 */
public record Addressed<M>(byte[] identity, M message) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Addressed && Arrays.equals(((Addressed<?>) o).identity, identity)
                && ((Addressed<?>) o).message.equals(message);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(identity) * 31 + message.hashCode();
    }

    @Override
    public String toString() {
        return "Addressed[" + HexFormat.of().formatHex(identity) + ", " + message + "]";
    }
}
