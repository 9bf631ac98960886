package org.piwheels.protocol.codec;

import org.piwheels.protocol.cbor.CborWriter;

/** {@code T?}: {@code null} or a value of the wrapped codec. */
final class NullableCodec<T> implements ValueCodec<T> {
    private final ValueCodec<T> inner;

    private NullableCodec(ValueCodec<T> inner) {
        this.inner = inner;
    }

    static <T> ValueCodec<T> of(ValueCodec<T> inner) {
        return inner instanceof NullableCodec || inner instanceof AnyCodec ? inner : new NullableCodec<>(inner);
    }

    @Override
    public void write(CborWriter out, T value) {
        if (value == null) {
            out.writeNull();
        } else {
            inner.write(out, value);
        }
    }

    @Override
    public T read(Object cbor) {
        return cbor == null ? null : inner.read(cbor);
    }

    @Override
    public String describe() {
        return inner.describe() + " or null";
    }
}
