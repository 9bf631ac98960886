package org.piwheels.protocol;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.protocol.cbor.CborException;
import org.piwheels.protocol.cbor.CborReader;
import org.piwheels.protocol.cbor.CborWriter;
import org.piwheels.protocol.codec.InvalidDataException;

/**
 * The messages one side of a queue may send ({@code S}) and receive ({@code R}),
 * with their encoding. {@link #reverse()} gives the peer's view. Both directions
 * validate: {@link #encode} refuses what the peer would reject, {@link #decode}
 * applies the receiving algorithm of spec §3.3.
 *
 * <p>Instances are immutable and thread-safe; the per-call {@link CborWriter} is
 * taken from a thread-local.
 *
 * @param <S> the sealed interface of the messages this side sends
 * @param <R> the sealed interface of the messages this side receives
 */
public final class Protocol<S extends Message, R extends Message> {
    private static final ThreadLocal<CborWriter> WRITERS = ThreadLocal.withInitial(() -> new CborWriter(1024));
    private static final int KEEP_WRITER_BYTES = 1 << 20;

    private final String name;
    private final Map<Class<?>, MessageType<?>> sendable;
    private final Map<String, MessageType<?>> receivable;
    private final Class<S> sends;
    private final Class<R> receives;
    private volatile Protocol<R, S> reversed;

    private Protocol(String name, Class<S> sends, Class<R> receives,
                     Map<Class<?>, MessageType<?>> sendable, Map<String, MessageType<?>> receivable) {
        this.name = name;
        this.sends = sends;
        this.receives = receives;
        this.sendable = sendable;
        this.receivable = receivable;
    }

    /**
     * Defines a protocol from the sealed interfaces of the two directions.
     *
     * @param name     the protocol's name as in the spec, e.g. {@code slave_driver}
     * @param sends    the sealed interface of the messages this side sends ({@link NoMessage} for none)
     * @param receives the sealed interface of the messages this side receives ({@link NoMessage} for none)
     */
    public static <S extends Message, R extends Message> Protocol<S, R> of(String name, Class<S> sends, Class<R> receives) {
        Map<Class<?>, MessageType<?>> out = new HashMap<>();
        for (MessageType<?> t : types(sends)) {
            out.put(t.type(), t);
        }
        Map<String, MessageType<?>> in = new LinkedHashMap<>();
        for (MessageType<?> t : types(receives)) {
            if (in.put(t.action(), t) != null) {
                throw new IllegalArgumentException("two messages named " + t.action() + " in " + receives.getName());
            }
        }
        return new Protocol<>(name, sends, receives, Collections.unmodifiableMap(out), Collections.unmodifiableMap(in));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<MessageType<?>> types(Class<?> family) {
        if (family == NoMessage.class) {
            return List.of();
        }
        if (!family.isSealed()) {
            throw new IllegalArgumentException(family.getName() + " must be a sealed interface");
        }
        java.util.ArrayList<MessageType<?>> list = new java.util.ArrayList<>();
        for (Class<?> c : family.getPermittedSubclasses()) {
            list.add(new MessageType(c));
        }
        return list;
    }

    /** @return the protocol as the peer sees it: what this side sends, it receives */
    public Protocol<R, S> reverse() {
        Protocol<R, S> r = reversed;
        if (r == null) {
            Map<Class<?>, MessageType<?>> out = new HashMap<>();
            for (MessageType<?> t : receivable.values()) {
                out.put(t.type(), t);
            }
            Map<String, MessageType<?>> in = new LinkedHashMap<>();
            for (MessageType<?> t : sendable.values()) {
                in.put(t.action(), t);
            }
            r = new Protocol<>(name, receives, sends, Collections.unmodifiableMap(out), Collections.unmodifiableMap(in));
            r.reversed = this;
            reversed = r;
        }
        return r;
    }

    /** @return the protocol's name */
    public String name() {
        return name;
    }

    /** @return the interface of the messages this side sends */
    public Class<S> sendType() {
        return sends;
    }

    /** @return the interface of the messages this side receives */
    public Class<R> receiveType() {
        return receives;
    }

    /** @return the action names this side accepts */
    public java.util.Set<String> receivableActions() {
        return receivable.keySet();
    }

    /** @return the action of a message this side may send */
    public String actionOf(S message) {
        return sendTypeOf(message).action();
    }

    @SuppressWarnings("unchecked")
    private MessageType<S> sendTypeOf(S message) {
        MessageType<?> t = message == null ? null : sendable.get(message.getClass());
        if (t == null) {
            throw new IllegalArgumentException(name + " cannot send " + message);
        }
        return (MessageType<S>) t;
    }

    /**
     * Encodes a message into one frame.
     *
     * @throws ProtocolException if its data is not valid (e.g. a {@code null} where
     *                           none is allowed); nothing should be sent then
     */
    public byte[] encode(S message) throws ProtocolException {
        MessageType<S> t = sendTypeOf(message);
        CborWriter w = WRITERS.get().reset();
        try {
            t.write(w, message);
            return w.toByteArray();
        } catch (InvalidDataException e) {
            throw new ProtocolException(name, t.action(), ProtocolException.Reason.INVALID_DATA, e.getMessage());
        } finally {
            if (w.size() > KEEP_WRITER_BYTES) {
                WRITERS.remove(); // do not pin a huge buffer (a build log) to the thread
            }
        }
    }

    /**
     * Decodes and validates one frame.
     *
     * @throws ProtocolException if it is rejected; the message says why
     */
    public R decode(byte[] frame) throws ProtocolException {
        Object item;
        try {
            item = CborReader.decode(frame);
        } catch (CborException e) {
            throw new ProtocolException(name, null, ProtocolException.Reason.UNDECODABLE, e.getMessage());
        }
        String action;
        Object data = null;
        boolean pair;
        if (item instanceof String) {
            action = (String) item;
            pair = false;
        } else if (item instanceof List && ((List<?>) item).size() == 2) {
            Object first = ((List<?>) item).get(0);
            if (!(first instanceof String)) {
                throw new ProtocolException(name, null, ProtocolException.Reason.UNKNOWN_MESSAGE,
                        "action is not text");
            }
            action = (String) first;
            data = ((List<?>) item).get(1);
            pair = true;
        } else {
            throw new ProtocolException(name, null, ProtocolException.Reason.INVALID_STRUCTURE, null);
        }
        MessageType<?> t = receivable.get(action);
        if (t == null) {
            throw new ProtocolException(name, action, ProtocolException.Reason.UNKNOWN_MESSAGE, null);
        }
        if (!pair && !t.isBare()) {
            throw new ProtocolException(name, action, ProtocolException.Reason.MISSING_DATA, null);
        }
        if (pair && t.isBare()) {
            throw new ProtocolException(name, action, ProtocolException.Reason.DATA_NOT_EXPECTED, null);
        }
        try {
            @SuppressWarnings("unchecked")
            R message = (R) t.read(data);
            return message;
        } catch (InvalidDataException e) {
            throw new ProtocolException(name, action, ProtocolException.Reason.INVALID_DATA, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Protocol[" + name + ": sends " + sends.getSimpleName() + ", receives " + receives.getSimpleName() + "]";
    }
}
