package org.piwheels.protocol.gen;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.cbor.NoData;
import org.piwheels.protocol.messages.AdminProtocol;

/**
 * Random valid messages of any protocol, built generically by reflection: each
 * message record's components get values of their declared types (see
 * {@link ScalarArbitraries}), nested records recursively, {@link Nullable} components
 * are sometimes {@code null}, and {@code Object} ("any") components get generic CBOR
 * values ({@link GenericValues}). The one hand-formatted message, {@code REBUILD},
 * has its own generator.
 */
public final class MessageArbitraries {
    private static final int MAX_COLLECTION = 5;
    private static final int ANY_DEPTH = 3;

    private MessageArbitraries() {
    }

    /** A message of one type paired with the protocol side that sends it. */
    public record Sample(Protocol<Message, Message> sender, Message message) {
        @Override
        public String toString() {
            String text = String.valueOf(message);
            return sender.name() + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /** @return the message record classes a protocol side can send */
    public static List<Class<?>> messageTypes(Protocol<?, ?> sender) {
        return Arrays.asList(sender.sendType().getPermittedSubclasses());
    }

    /** Random messages of every type every protocol side sends, each type equally likely. */
    public static Arbitrary<Sample> anyMessage() {
        List<Arbitrary<Sample>> all = new ArrayList<>();
        for (Protocol<?, ?> p : AllProtocols.senders()) {
            for (Class<?> type : messageTypes(p)) {
                all.add(samples(p, type));
            }
        }
        return Arbitraries.oneOf(all);
    }

    /** Random messages of one type, sent by {@code sender}. */
    @SuppressWarnings("unchecked")
    public static Arbitrary<Sample> samples(Protocol<?, ?> sender, Class<?> type) {
        Protocol<Message, Message> p = (Protocol<Message, Message>) sender;
        return forClass(type).map(m -> new Sample(p, (Message) m));
    }

    /** Random values of a record class. */
    public static Arbitrary<Object> forClass(Class<?> type) {
        if (type == AdminProtocol.Rebuild.class) {
            return rebuild();
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException("no generator for " + type.getName());
        }
        RecordComponent[] components = type.getRecordComponents();
        Constructor<?> constructor = canonical(type, components);
        if (components.length == 0) {
            return Arbitraries.just(construct(constructor, List.of()));
        }
        List<Arbitrary<Object>> parts = new ArrayList<>();
        for (RecordComponent rc : components) {
            parts.add(forAnnotatedType(rc.getAnnotatedType(), rc.isAnnotationPresent(Nullable.class)));
        }
        return Combinators.combine(parts).as(values -> construct(constructor, values));
    }

    /** {@code REBUILD}: HOME and SEARCH without a package, PROJECT and BOTH with a package or {@code null}. */
    private static Arbitrary<Object> rebuild() {
        Arbitrary<Object> bare = Arbitraries.of("HOME", "SEARCH").map(part -> new AdminProtocol.Rebuild(part, null));
        Arbitrary<Object> withPackage = Combinators.combine(
                        Arbitraries.of("PROJECT", "BOTH"), ScalarArbitraries.text().injectNull(0.3))
                .as(AdminProtocol.Rebuild::new);
        return Arbitraries.oneOf(bare, withPackage);
    }

    private static Arbitrary<Object> forAnnotatedType(AnnotatedType annotated, boolean nullable) {
        Arbitrary<Object> base = forType(annotated.getType(), annotated);
        return nullable || annotated.isAnnotationPresent(Nullable.class) ? base.injectNull(0.25) : base;
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> forType(Type type, AnnotatedType annotated) {
        if (type instanceof Class<?> c) {
            Arbitrary<?> scalar = scalar(c);
            if (scalar != null) {
                return (Arbitrary<Object>) scalar;
            }
            if (c == Object.class) {
                return GenericValues.any(ANY_DEPTH);
            }
            if (c.isRecord()) {
                return Arbitraries.lazy(() -> forClass(c));
            }
        } else if (type instanceof ParameterizedType p) {
            AnnotatedType[] args = ((AnnotatedParameterizedType) annotated).getAnnotatedActualTypeArguments();
            Type raw = p.getRawType();
            if (raw == List.class) {
                return forAnnotatedType(args[0], false).list().ofMaxSize(MAX_COLLECTION).map(ArrayList::new);
            } else if (raw == Set.class) {
                return forAnnotatedType(args[0], false).set().ofMaxSize(MAX_COLLECTION).map(LinkedHashSet::new);
            } else if (raw == Map.class && args[0].getType() == String.class) {
                return Arbitraries.maps(ScalarArbitraries.text(), forAnnotatedType(args[1], false))
                        .ofMaxSize(MAX_COLLECTION).map(LinkedHashMap::new);
            }
        }
        throw new IllegalArgumentException("no generator for component type " + type.getTypeName()
                + "; add one to " + MessageArbitraries.class.getSimpleName());
    }

    private static Arbitrary<?> scalar(Class<?> c) {
        if (c == String.class) {
            return ScalarArbitraries.text();
        } else if (c == long.class || c == Long.class) {
            return ScalarArbitraries.int64();
        } else if (c == int.class || c == Integer.class) {
            return ScalarArbitraries.int32();
        } else if (c == BigInteger.class) {
            return ScalarArbitraries.bigInteger();
        } else if (c == double.class || c == Double.class) {
            return ScalarArbitraries.float64();
        } else if (c == boolean.class || c == Boolean.class) {
            return ScalarArbitraries.bool();
        } else if (c == Instant.class) {
            return ScalarArbitraries.instant();
        } else if (c == OffsetDateTime.class) {
            return ScalarArbitraries.offsetDateTime();
        } else if (c == Duration.class) {
            return ScalarArbitraries.duration();
        } else if (c == NoData.class) {
            return Arbitraries.just(NoData.INSTANCE);
        }
        return null;
    }

    private static Constructor<?> canonical(Class<?> type, RecordComponent[] components) {
        try {
            Constructor<?> c = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no canonical constructor in " + type.getName(), e);
        }
    }

    private static Object construct(Constructor<?> constructor, List<Object> values) {
        try {
            return constructor.newInstance(values.toArray());
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot construct " + constructor.getDeclaringClass().getName(), e);
        }
    }
}
