package org.piwheels.protocol.codec;

import org.piwheels.protocol.cbor.CborWriter;

/**
 * A hand-written wire format for a record whose data does not follow the
 * component-per-array-item rule (only {@code REBUILD} in piwheels). Named by
 * {@link CustomFormat} on the record; needs a public no-argument constructor.
 *
 * @param <T> the record type
 */
public interface DataFormat<T> {
    /** Writes the value; throws {@link InvalidDataException} if it cannot be sent. */
    void write(CborWriter out, T value);

    /** Converts a decoded CBOR value; throws {@link InvalidDataException} if it does not match. */
    T read(Object cbor);
}
