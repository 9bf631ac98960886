package org.piwheels.protocol.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.piwheels.protocol.cbor.CborWriter;

/** {@code map<text, V>}: any number of entries with text keys, in insertion order. */
final class MapCodec<V> implements ValueCodec<Map<String, V>> {
    private final ValueCodec<V> value;

    MapCodec(ValueCodec<V> value) {
        this.value = value;
    }

    @Override
    public void write(CborWriter out, Map<String, V> map) {
        if (map == null) {
            throw new InvalidDataException("expected " + describe() + ", got null");
        }
        out.startMap(map.size());
        for (Map.Entry<String, V> e : map.entrySet()) {
            ScalarCodecs.TEXT.write(out, e.getKey());
            try {
                value.write(out, e.getValue());
            } catch (InvalidDataException ex) {
                throw ex.at("[" + quote(e.getKey()) + "]");
            }
        }
    }

    @Override
    public Map<String, V> read(Object cbor) {
        if (!(cbor instanceof Map)) {
            throw Codecs.mismatch(this, cbor);
        }
        Map<?, ?> source = (Map<?, ?>) cbor;
        Map<String, V> result = new LinkedHashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<?, ?> e : source.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new InvalidDataException("map key must be text, got " + Codecs.typeName(e.getKey()));
            }
            String k = (String) e.getKey();
            try {
                result.put(k, value.read(e.getValue()));
            } catch (InvalidDataException ex) {
                throw ex.at("[" + quote(k) + "]");
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static String quote(String key) {
        return '"' + (key.length() > 40 ? key.substring(0, 40) + "…" : key) + '"';
    }

    @Override
    public String describe() {
        return "map of text to " + value.describe();
    }
}
