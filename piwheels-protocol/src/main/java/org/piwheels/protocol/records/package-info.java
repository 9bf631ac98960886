/**
 * The data records that travel inside piwheels messages (protocol spec §5).
 *
 * <p>Every record is encoded as a CBOR array of its components in declaration
 * order, which is the wire order of piwheels 0.23. Components marked
 * {@link org.piwheels.protocol.Nullable} may be {@code null}; all others must
 * not be.
 */
package org.piwheels.protocol.records;
