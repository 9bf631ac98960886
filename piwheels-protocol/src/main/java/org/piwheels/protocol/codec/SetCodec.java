package org.piwheels.protocol.codec;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.piwheels.protocol.cbor.CborWriter;

/** {@code set<T>}: tag 258 around an array; iteration order is kept so re-encoding is exact. */
final class SetCodec<T> implements ValueCodec<Set<T>> {
    private final ValueCodec<T> item;

    SetCodec(ValueCodec<T> item) {
        this.item = item;
    }

    @Override
    public void write(CborWriter out, Set<T> value) {
        if (value == null) {
            throw new InvalidDataException("expected " + describe() + ", got null");
        }
        out.writeTag(258);
        out.startArray(value.size());
        for (T v : value) {
            item.write(out, v);
        }
    }

    @Override
    public Set<T> read(Object cbor) {
        if (!(cbor instanceof Set)) {
            throw Codecs.mismatch(this, cbor);
        }
        Set<T> result = new LinkedHashSet<>();
        for (Object v : (Set<?>) cbor) {
            result.add(item.read(v));
        }
        return Collections.unmodifiableSet(result);
    }

    @Override
    public String describe() {
        return "set of " + item.describe();
    }
}
