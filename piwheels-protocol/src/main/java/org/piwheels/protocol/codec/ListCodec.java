package org.piwheels.protocol.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.piwheels.protocol.cbor.CborWriter;

/** {@code list<T>}: an array of any length whose items all match T. */
final class ListCodec<T> implements ValueCodec<List<T>> {
    private final ValueCodec<T> item;

    ListCodec(ValueCodec<T> item) {
        this.item = item;
    }

    @Override
    public void write(CborWriter out, List<T> value) {
        if (value == null) {
            throw new InvalidDataException("expected " + describe() + ", got null");
        }
        out.startArray(value.size());
        int i = 0;
        for (T v : value) {
            try {
                item.write(out, v);
            } catch (InvalidDataException e) {
                throw e.at("[" + i + "]");
            }
            i++;
        }
    }

    @Override
    public List<T> read(Object cbor) {
        // a set (tag 258) is not an array: the reference's schema for lists rejects it
        if (!(cbor instanceof List)) {
            throw Codecs.mismatch(this, cbor);
        }
        List<?> items = (List<?>) cbor;
        List<T> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                result.add(item.read(items.get(i)));
            } catch (InvalidDataException e) {
                throw e.at("[" + i + "]");
            }
        }
        return Collections.unmodifiableList(result);
    }

    @Override
    public String describe() {
        return "list of " + item.describe();
    }
}
