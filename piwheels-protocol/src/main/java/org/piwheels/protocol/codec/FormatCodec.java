package org.piwheels.protocol.codec;

import org.piwheels.protocol.cbor.CborWriter;

/** Adapts a record's hand-written {@link DataFormat} to {@link ValueCodec}. */
final class FormatCodec<T> implements ValueCodec<T> {
    private final String name;
    private final DataFormat<T> format;

    FormatCodec(String name, DataFormat<T> format) {
        this.name = name;
        this.format = format;
    }

    @Override
    public void write(CborWriter out, T value) {
        if (value == null) {
            throw new InvalidDataException("expected " + name + ", got null");
        }
        format.write(out, value);
    }

    @Override
    public T read(Object cbor) {
        return format.read(cbor);
    }

    @Override
    public String describe() {
        return name;
    }
}
