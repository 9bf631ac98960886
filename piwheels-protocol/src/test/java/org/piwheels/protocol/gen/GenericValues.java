package org.piwheels.protocol.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.piwheels.protocol.cbor.NoData;

/**
 * Random values of the generic CBOR model, exactly as {@link org.piwheels.protocol.cbor.CborReader}
 * returns them, so that a decoded value equals the generated one: {@code null},
 * text, {@code Long}, {@code BigInteger} (only outside the 64-bit range), {@code Double},
 * {@code Boolean}, {@code OffsetDateTime}, {@code Duration}, the no-data marker,
 * and nested lists, sets and maps (text or integer keys).
 */
public final class GenericValues {
    private GenericValues() {
    }

    /** Any generic value, nested up to {@code maxDepth} containers deep. */
    public static Arbitrary<Object> any(int maxDepth) {
        return Arbitraries.recursive(GenericValues::scalar, GenericValues::container, 0, maxDepth);
    }

    /** A generic scalar. */
    public static Arbitrary<Object> scalar() {
        Arbitrary<Object> big = ScalarArbitraries.bigInteger()
                .filter(b -> b.bitLength() > 63)
                .map(b -> b);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(4, ScalarArbitraries.text().map(v -> v)),
                Tuple.of(4, ScalarArbitraries.int64().map(v -> v)),
                Tuple.of(1, big),
                Tuple.of(2, ScalarArbitraries.float64().map(v -> v)),
                Tuple.of(2, ScalarArbitraries.bool().map(v -> v)),
                Tuple.of(1, ScalarArbitraries.offsetDateTime().map(v -> v)),
                Tuple.of(1, ScalarArbitraries.duration().map(v -> v)),
                Tuple.of(1, Arbitraries.just(NoData.INSTANCE)));
    }

    private static Arbitrary<Object> container(Arbitrary<Object> element) {
        Arbitrary<Object> list = element.list().ofMaxSize(5).map(ArrayList::new);
        Arbitrary<Object> set = element.set().ofMaxSize(4).map(LinkedHashSet::new);
        Arbitrary<Object> key = Arbitraries.oneOf(ScalarArbitraries.text().map(v -> v), ScalarArbitraries.int64().map(v -> v));
        Arbitrary<Object> map = Arbitraries.maps(key, element).ofMaxSize(4).map(GenericValues::linked);
        return Arbitraries.oneOf(list, set, map);
    }

    private static Object linked(Map<Object, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
