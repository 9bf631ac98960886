/**
 * Maps Java records and values to CBOR and back, validating as piwheels 0.23's
 * schemas do (protocol spec §3.3). A record is an exact-length array of its
 * components in declaration order; component types choose the CBOR type:
 * {@code String} text, {@code long}/{@code int} integers, {@code double} floats,
 * {@code boolean}, {@code Instant}/{@code OffsetDateTime} datetimes,
 * {@code Duration} timedeltas, {@code List}, {@code Set} (tag 258),
 * {@code Map<String, V>}, nested records, {@code Object} for "any", and
 * {@link org.piwheels.protocol.cbor.NoData}.
 */
package org.piwheels.protocol.codec;
