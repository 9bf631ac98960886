package org.piwheels.protocol.codec;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.cbor.NoData;

/**
 * Finds the {@link ValueCodec} for a Java type. Record codecs are built once, by
 * reflection, and cached.
 */
public final class Codecs {
    private static final Map<Class<?>, ValueCodec<?>> RECORDS = new ConcurrentHashMap<>();

    private Codecs() {
    }

    /**
     * The codec of a record class (its components as an exact-length array), or of its
     * {@link CustomFormat}.
     */
    @SuppressWarnings("unchecked")
    public static <R> ValueCodec<R> forRecord(Class<R> type) {
        ValueCodec<?> c = RECORDS.get(type);
        if (c == null) {
            // built outside computeIfAbsent: building may recurse into other records
            c = buildRecord(type);
            ValueCodec<?> prior = RECORDS.putIfAbsent(type, c);
            if (prior != null) {
                c = prior;
            }
        }
        return (ValueCodec<R>) c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ValueCodec<?> buildRecord(Class<?> type) {
        CustomFormat custom = type.getAnnotation(CustomFormat.class);
        if (custom != null) {
            try {
                DataFormat format = custom.value().getDeclaredConstructor().newInstance();
                return new FormatCodec<>(type.getSimpleName(), format);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot create the format of " + type.getName(), e);
            }
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        return new RecordCodec<>(type);
    }

    /** The codec of a component type, honouring {@link Nullable} on it and its type arguments. */
    public static ValueCodec<?> forAnnotatedType(AnnotatedType type, boolean nullable) {
        ValueCodec<?> base = forType(type.getType(), type);
        return nullable || type.isAnnotationPresent(Nullable.class) ? NullableCodec.of(base) : base;
    }

    /** The codec of a type without nullability annotations (nothing may be {@code null}). */
    public static ValueCodec<?> forType(Type type) {
        return forType(type, null);
    }

    private static ValueCodec<?> forType(Type type, AnnotatedType annotated) {
        if (type instanceof Class) {
            Class<?> c = (Class<?>) type;
            if (c == String.class) {
                return ScalarCodecs.TEXT;
            } else if (c == long.class || c == Long.class) {
                return ScalarCodecs.INT64;
            } else if (c == int.class || c == Integer.class) {
                return ScalarCodecs.INT32;
            } else if (c == BigInteger.class) {
                return ScalarCodecs.BIGINT;
            } else if (c == double.class || c == Double.class) {
                return ScalarCodecs.FLOAT;
            } else if (c == boolean.class || c == Boolean.class) {
                return ScalarCodecs.BOOL;
            } else if (c == Instant.class) {
                return ScalarCodecs.INSTANT;
            } else if (c == OffsetDateTime.class) {
                return ScalarCodecs.OFFSET_DATETIME;
            } else if (c == Duration.class) {
                return ScalarCodecs.DURATION;
            } else if (c == NoData.class) {
                return ScalarCodecs.NO_DATA;
            } else if (c == byte[].class) {
                return ScalarCodecs.BYTES;
            } else if (c == Object.class) {
                return AnyCodec.INSTANCE;
            } else if (c.isRecord() || c.isAnnotationPresent(CustomFormat.class)) {
                return forRecord(c);
            }
        } else if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            Type raw = p.getRawType();
            AnnotatedType[] args = annotated instanceof AnnotatedParameterizedType
                    ? ((AnnotatedParameterizedType) annotated).getAnnotatedActualTypeArguments()
                    : null;
            if (raw == List.class) {
                return new ListCodec<>(argument(p, args, 0));
            } else if (raw == Set.class) {
                return new SetCodec<>(argument(p, args, 0));
            } else if (raw == Map.class) {
                if (p.getActualTypeArguments()[0] != String.class) {
                    throw new IllegalArgumentException("map keys must be String: " + type);
                }
                return new MapCodec<>(argument(p, args, 1));
            }
        }
        throw new IllegalArgumentException("no CBOR mapping for " + type.getTypeName());
    }

    private static ValueCodec<?> argument(ParameterizedType p, AnnotatedType[] annotated, int i) {
        if (annotated != null) {
            return forAnnotatedType(annotated[i], false);
        }
        return forType(p.getActualTypeArguments()[i]);
    }

    /** Names the CBOR type of a decoded generic value, for error messages. */
    static String typeName(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String) {
            return "text";
        } else if (v instanceof Long || v instanceof BigInteger) {
            return "int";
        } else if (v instanceof Double) {
            return "float";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof Set) {
            return "set";
        } else if (v instanceof List) {
            return "array";
        } else if (v instanceof Map) {
            return "map";
        } else if (v instanceof OffsetDateTime || v instanceof Instant) {
            return "datetime";
        } else if (v instanceof Duration) {
            return "timedelta";
        } else if (v == NoData.INSTANCE) {
            return "no-data marker";
        } else if (v instanceof byte[]) {
            return "bytes";
        }
        return v.getClass().getSimpleName();
    }

    static InvalidDataException mismatch(ValueCodec<?> expected, Object got) {
        return new InvalidDataException("expected " + expected.describe() + ", got " + typeName(got));
    }
}
