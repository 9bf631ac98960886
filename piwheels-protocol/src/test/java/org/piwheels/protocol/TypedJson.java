package org.piwheels.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piwheels.protocol.cbor.NoData;

/** Turns the vectors' typed JSON rendering (vectors/README.md) into the generic CBOR value model. */
final class TypedJson {
    private TypedJson() {
    }

    static Object toValue(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        } else if (n.isTextual()) {
            return n.textValue();
        } else if (n.isBoolean()) {
            return n.booleanValue();
        } else if (n.isIntegralNumber()) {
            BigInteger v = n.bigIntegerValue();
            return v.bitLength() <= 63 ? (Object) v.longValue() : v;
        } else if (n.isArray()) {
            List<Object> list = new ArrayList<>();
            n.forEach(item -> list.add(toValue(item)));
            return list;
        } else if (n.isObject()) {
            if (n.size() == 1) {
                String key = n.fieldNames().next();
                JsonNode v = n.get(key);
                switch (key) {
                    case "$float":
                        if (v.isTextual()) {
                            switch (v.textValue()) {
                                case "NaN": return Double.NaN;
                                case "Infinity": return Double.POSITIVE_INFINITY;
                                case "-Infinity": return Double.NEGATIVE_INFINITY;
                                default: throw new IllegalArgumentException(v.toString());
                            }
                        }
                        return v.doubleValue();
                    case "$datetime":
                        return java.time.OffsetDateTime.parse(v.textValue());
                    case "$timedelta":
                        return Duration.ofDays(v.get(0).longValue()).plusSeconds(v.get(1).longValue())
                                .plusNanos(v.get(2).longValue() * 1000);
                    case "$nodata":
                        return NoData.INSTANCE;
                    case "$set": {
                        Set<Object> set = new LinkedHashSet<>();
                        v.forEach(item -> set.add(toValue(item)));
                        return set;
                    }
                    case "$bytes":
                        return HexFormat.of().parseHex(v.textValue());
                    case "$map": {
                        Map<Object, Object> m = new LinkedHashMap<>();
                        v.forEach(pair -> m.put(toValue(pair.get(0)), toValue(pair.get(1))));
                        return m;
                    }
                    default:
                        break;
                }
            }
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), toValue(e.getValue()));
            }
            return m;
        } else if (n.isNumber()) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("unexpected JSON " + n);
    }
}
