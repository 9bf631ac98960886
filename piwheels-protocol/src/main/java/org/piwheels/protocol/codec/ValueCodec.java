package org.piwheels.protocol.codec;

import org.piwheels.protocol.cbor.CborWriter;

/**
 * Converts one Java type to CBOR and back, with validation. Obtain instances from
 * {@link Codecs}; they are immutable and thread-safe.
 *
 * @param <T> the Java type
 */
public interface ValueCodec<T> {
    /**
     * Writes a value.
     *
     * @throws InvalidDataException if the value may not be sent (e.g. a {@code null}
     *                              where none is allowed)
     */
    void write(CborWriter out, T value);

    /**
     * Converts a value of the generic CBOR model (as {@link org.piwheels.protocol.cbor.CborReader}
     * returns it).
     *
     * @throws InvalidDataException if it does not match this type's schema
     */
    T read(Object cbor);

    /** @return a short description of the schema, for error messages */
    String describe();
}
