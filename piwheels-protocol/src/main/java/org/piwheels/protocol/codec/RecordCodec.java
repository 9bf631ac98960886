package org.piwheels.protocol.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.piwheels.protocol.cbor.CborWriter;

/**
 * A record as an exact-length array of its components, in declaration order.
 * Accessors and the canonical constructor are method handles, so encoding and
 * decoding cost no reflection once built.
 */
final class RecordCodec<R> implements ValueCodec<R> {
    private final String name;
    private final String[] names;
    private final ValueCodec<Object>[] codecs;
    private final MethodHandle[] getters;
    /** per component: how to write it without boxing (primitive long, double, boolean), else OBJECT */
    private final byte[] kinds;
    private final MethodHandle constructor;

    private static final byte OBJECT = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte BOOLEAN = 3;

    @SuppressWarnings("unchecked")
    RecordCodec(Class<R> type) {
        this.name = type.getSimpleName();
        RecordComponent[] components = type.getRecordComponents();
        int n = components.length;
        names = new String[n];
        codecs = new ValueCodec[n];
        getters = new MethodHandle[n];
        kinds = new byte[n];
        Class<?>[] parameterTypes = new Class<?>[n];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < n; i++) {
                RecordComponent rc = components[i];
                names[i] = rc.getName();
                boolean nullable = rc.isAnnotationPresent(org.piwheels.protocol.Nullable.class);
                codecs[i] = (ValueCodec<Object>) Codecs.forAnnotatedType(rc.getAnnotatedType(), nullable);
                kinds[i] = primitiveKind(rc.getType(), codecs[i]);
                Class<?> returned = kinds[i] == OBJECT ? Object.class : rc.getType();
                getters[i] = lookup.unreflect(rc.getAccessor()).asType(MethodType.methodType(returned, Object.class));
                parameterTypes[i] = rc.getType();
            }
            constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(parameterTypes))
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot map record " + type.getName(), e);
        }
    }

    /** Primitive components with their plain scalar codec are written straight from the accessor. */
    private static byte primitiveKind(Class<?> type, ValueCodec<?> codec) {
        if (type == long.class && codec == ScalarCodecs.INT64) {
            return LONG;
        } else if (type == double.class && codec == ScalarCodecs.FLOAT) {
            return DOUBLE;
        } else if (type == boolean.class && codec == ScalarCodecs.BOOL) {
            return BOOLEAN;
        }
        return OBJECT;
    }

    /** @return the number of components */
    int arity() {
        return names.length;
    }

    @Override
    public void write(CborWriter out, R value) {
        if (value == null) {
            throw new InvalidDataException("expected " + describe() + ", got null");
        }
        out.startArray(names.length);
        for (int i = 0; i < names.length; i++) {
            switch (kinds[i]) {
                case LONG:
                    out.writeInt(getLong(i, value));
                    break;
                case DOUBLE:
                    out.writeDouble(getDouble(i, value));
                    break;
                case BOOLEAN:
                    out.writeBoolean(getBoolean(i, value));
                    break;
                default:
                    Object v = get(i, value);
                    try {
                        codecs[i].write(out, v);
                    } catch (InvalidDataException e) {
                        throw e.at(names[i]);
                    }
            }
        }
    }

    private Object get(int i, Object value) {
        try {
            return getters[i].invokeExact(value);
        } catch (Throwable t) {
            throw accessorFailed(i, t);
        }
    }

    private long getLong(int i, Object value) {
        try {
            return (long) getters[i].invokeExact(value);
        } catch (Throwable t) {
            throw accessorFailed(i, t);
        }
    }

    private double getDouble(int i, Object value) {
        try {
            return (double) getters[i].invokeExact(value);
        } catch (Throwable t) {
            throw accessorFailed(i, t);
        }
    }

    private boolean getBoolean(int i, Object value) {
        try {
            return (boolean) getters[i].invokeExact(value);
        } catch (Throwable t) {
            throw accessorFailed(i, t);
        }
    }

    private IllegalStateException accessorFailed(int i, Throwable t) {
        return new IllegalStateException("accessor of " + name + "." + names[i] + " failed", t);
    }

    @Override
    @SuppressWarnings("unchecked")
    public R read(Object cbor) {
        if (!(cbor instanceof List)) {
            throw Codecs.mismatch(this, cbor);
        }
        List<?> items = (List<?>) cbor;
        if (items.size() != names.length) {
            throw new InvalidDataException("expected an array of " + names.length + " items, got " + items.size());
        }
        Object[] args = new Object[names.length];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = codecs[i].read(items.get(i));
            } catch (InvalidDataException e) {
                throw e.at(names[i]);
            }
        }
        try {
            return (R) constructor.invokeExact(args);
        } catch (IllegalArgumentException | NullPointerException e) {
            // a compact constructor's own checks
            throw new InvalidDataException(String.valueOf(e.getMessage()));
        } catch (Throwable t) {
            throw new IllegalStateException("constructor of " + name + " failed", t);
        }
    }

    @Override
    public String describe() {
        return name + " (array of " + names.length + ")";
    }
}
