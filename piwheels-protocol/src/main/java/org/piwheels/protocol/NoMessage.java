package org.piwheels.protocol;

/**
 * The direction of a one-way protocol that carries nothing: a {@link Protocol}
 * whose send (or receive) side is {@code NoMessage} can send (or receive) nothing.
 * No class implements it.
 */
public interface NoMessage extends Message {
}
