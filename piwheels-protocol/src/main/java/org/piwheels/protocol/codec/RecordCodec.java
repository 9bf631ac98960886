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
    private final MethodHandle constructor;

    @SuppressWarnings("unchecked")
    RecordCodec(Class<R> type) {
        this.name = type.getSimpleName();
        RecordComponent[] components = type.getRecordComponents();
        int n = components.length;
        names = new String[n];
        codecs = new ValueCodec[n];
        getters = new MethodHandle[n];
        Class<?>[] parameterTypes = new Class<?>[n];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < n; i++) {
                RecordComponent rc = components[i];
                names[i] = rc.getName();
                boolean nullable = rc.isAnnotationPresent(org.piwheels.protocol.Nullable.class);
                codecs[i] = (ValueCodec<Object>) Codecs.forAnnotatedType(rc.getAnnotatedType(), nullable);
                getters[i] = lookup.unreflect(rc.getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
                parameterTypes[i] = rc.getType();
            }
            constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(parameterTypes))
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot map record " + type.getName(), e);
        }
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
            Object v;
            try {
                v = getters[i].invokeExact((Object) value);
            } catch (Throwable t) {
                throw new IllegalStateException("accessor of " + name + "." + names[i] + " failed", t);
            }
            try {
                codecs[i].write(out, v);
            } catch (InvalidDataException e) {
                throw e.at(names[i]);
            }
        }
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
