package org.piwheels.protocol;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import org.piwheels.protocol.codec.Codecs;
import org.piwheels.protocol.codec.CustomFormat;
import org.piwheels.protocol.codec.ValueCodec;
import org.piwheels.protocol.cbor.CborWriter;

/**
 * One action of a protocol: its name, its record class and how its data is mapped.
 * Built by {@link Protocol}; immutable.
 *
 * @param <M> the message record
 */
public final class MessageType<M extends Message> {
    private final String action;
    private final byte[] actionUtf8;
    private final Class<M> type;
    /** null for a bare message */
    private final ValueCodec<Object> data;
    /** single-component records: accessor and constructor of that one component */
    private final MethodHandle getter;
    private final MethodHandle constructor;
    /** bare messages have one shared instance */
    private final M bareInstance;

    @SuppressWarnings("unchecked")
    MessageType(Class<M> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        this.type = type;
        Action a = type.getAnnotation(Action.class);
        this.action = a != null ? a.value() : type.getSimpleName().toUpperCase(Locale.ROOT);
        this.actionUtf8 = action.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RecordComponent[] components = type.getRecordComponents();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            if (type.isAnnotationPresent(CustomFormat.class) || components.length > 1) {
                data = (ValueCodec<Object>) (ValueCodec<?>) Codecs.forRecord(type);
                getter = null;
                constructor = null;
                bareInstance = null;
            } else if (components.length == 1) {
                RecordComponent rc = components[0];
                data = (ValueCodec<Object>) Codecs.forAnnotatedType(rc.getAnnotatedType(),
                        rc.isAnnotationPresent(Nullable.class));
                getter = lookup.unreflect(rc.getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
                constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(rc.getType()))
                        .asType(MethodType.methodType(Object.class, Object.class));
                bareInstance = null;
            } else {
                data = null;
                getter = null;
                constructor = null;
                bareInstance = type.getDeclaredConstructor().newInstance();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot map message " + type.getName(), e);
        }
    }

    /** @return the action name */
    public String action() {
        return action;
    }

    /** @return the record class */
    public Class<M> type() {
        return type;
    }

    /** @return whether the message is bare (carries no data) */
    public boolean isBare() {
        return data == null;
    }

    /** Writes the whole message: the bare action, or {@code [action, data]}. */
    void write(CborWriter out, M message) {
        if (data == null) {
            out.writeUtf8(actionUtf8);
            return;
        }
        out.startArray(2);
        out.writeUtf8(actionUtf8);
        data.write(out, getter == null ? message : get(message));
    }

    private Object get(M message) {
        try {
            return getter.invokeExact((Object) message);
        } catch (Throwable t) {
            throw new IllegalStateException("accessor of " + type.getName() + " failed", t);
        }
    }

    /** Converts decoded data (ignored for bare messages) to the record. */
    @SuppressWarnings("unchecked")
    M read(Object cbor) {
        if (data == null) {
            return bareInstance;
        }
        Object value = data.read(cbor);
        if (getter == null) {
            return (M) value;
        }
        try {
            Object m = constructor.invokeExact(value);
            return (M) m;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new org.piwheels.protocol.codec.InvalidDataException(String.valueOf(e.getMessage()));
        } catch (Throwable t) {
            throw new IllegalStateException("constructor of " + type.getName() + " failed", t);
        }
    }
}
