package org.piwheels.protocol.codec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piwheels.protocol.cbor.CborException;
import org.piwheels.protocol.cbor.CborWriter;

/**
 * {@code any}: any value of the generic CBOR model, {@code null} included; records
 * inside it are written with their own codecs (they arrive back as arrays).
 */
final class AnyCodec implements ValueCodec<Object> {
    static final AnyCodec INSTANCE = new AnyCodec();

    private AnyCodec() {
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(CborWriter out, Object value) {
        // containers are walked here so that records nested anywhere use their own codecs
        if (value instanceof Record) {
            Codecs.forRecord((Class<Object>) value.getClass()).write(out, value);
        } else if (value instanceof Set) {
            Set<?> set = (Set<?>) value;
            out.writeTag(258);
            out.startArray(set.size());
            for (Object item : set) {
                write(out, item);
            }
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            out.startArray(list.size());
            for (Object item : list) {
                write(out, item);
            }
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            out.startMap(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, e.getKey());
                write(out, e.getValue());
            }
        } else {
            try {
                out.writeValue(value);
            } catch (CborException e) {
                throw new InvalidDataException(e.getMessage());
            }
        }
    }

    @Override
    public Object read(Object cbor) {
        return cbor;
    }

    @Override
    public String describe() {
        return "any";
    }
}
