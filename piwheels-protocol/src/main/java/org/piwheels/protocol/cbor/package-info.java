/**
 * A small, strict CBOR (RFC 8949) reader and writer for the subset piwheels
 * uses, producing byte for byte what piwheels 0.23 (cbor2) writes.
 *
 * <p>Values are plain Java objects: {@link java.lang.String}, {@link java.lang.Long}
 * or {@link java.math.BigInteger}, {@link java.lang.Double}, {@link java.lang.Boolean},
 * {@code null}, {@link java.util.List}, {@link java.util.Map} (insertion-ordered),
 * {@link java.util.Set} (tag 258, insertion-ordered), {@code byte[]},
 * {@link java.time.OffsetDateTime} or {@link java.time.Instant} (tags 0 and 1),
 * {@link java.time.Duration} (tag 2001) and {@link org.piwheels.protocol.cbor.NoData}
 * (tag 2002).
 */
package org.piwheels.protocol.cbor;
