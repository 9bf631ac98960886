package org.piwheels.protocol.cbor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes CBOR exactly as piwheels 0.23's encoder does (protocol spec §4.1):
 * shortest integer heads, every float as a double (NaN and infinities as halves),
 * definite lengths only, text never chunked, datetimes as tag 0 text, durations
 * as tag 2001. A writer is reusable ({@link #reset()}) but not thread-safe.
 */
public final class CborWriter {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    /** Texts up to this length are checked for ASCII char by char; longer ones are coded in bulk. */
    private static final int SHORT_TEXT = 32;

    private final byte[] scratch = new byte[DateTimes.MAX_LENGTH];
    private byte[] buf;
    private int len;

    /** Creates a writer with a small initial buffer. */
    public CborWriter() {
        this(256);
    }

    /**
     * @param capacity initial buffer size in bytes
     */
    public CborWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Forgets everything written so far, keeping the buffer. */
    public CborWriter reset() {
        len = 0;
        return this;
    }

    /** @return a copy of the bytes written */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** @return how many bytes were written */
    public int size() {
        return len;
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need < 0) {
            throw new CborException("message too large to encode");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    private void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    /** Writes a head: major type (0-7) and an unsigned argument, shortest form. */
    private void head(int major, long n) {
        int mt = major << 5;
        ensure(9);
        if (n >= 0 && n < 24) {
            buf[len++] = (byte) (mt | (int) n);
        } else if (n >= 0 && n < 0x100) {
            buf[len++] = (byte) (mt | 24);
            buf[len++] = (byte) n;
        } else if (n >= 0 && n < 0x10000) {
            buf[len++] = (byte) (mt | 25);
            buf[len++] = (byte) (n >> 8);
            buf[len++] = (byte) n;
        } else if (n >= 0 && n < 0x100000000L) {
            buf[len++] = (byte) (mt | 26);
            buf[len++] = (byte) (n >> 24);
            buf[len++] = (byte) (n >> 16);
            buf[len++] = (byte) (n >> 8);
            buf[len++] = (byte) n;
        } else {
            // also covers "negative" longs, i.e. unsigned values of 2^63 and above
            buf[len++] = (byte) (mt | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[len++] = (byte) (n >> shift);
            }
        }
    }

    /** Writes an integer. */
    public CborWriter writeInt(long v) {
        if (v >= 0) {
            head(0, v);
        } else {
            head(1, -1 - v);
        }
        return this;
    }

    /** Writes an integer of any size: 64-bit heads where they fit, else tag 2 or 3. */
    public CborWriter writeInt(BigInteger v) {
        if (v.bitLength() <= 63) {
            return writeInt(v.longValue());
        }
        boolean negative = v.signum() < 0;
        BigInteger n = negative ? v.negate().subtract(BigInteger.ONE) : v;
        if (n.compareTo(TWO_64) < 0) {
            head(negative ? 1 : 0, n.longValue());
            return this;
        }
        head(6, negative ? 3 : 2);
        byte[] magnitude = n.toByteArray();
        int skip = magnitude[0] == 0 ? 1 : 0;
        head(2, magnitude.length - skip);
        ensure(magnitude.length);
        System.arraycopy(magnitude, skip, buf, len, magnitude.length - skip);
        len += magnitude.length - skip;
        return this;
    }

    /** Writes a float: always eight bytes, except NaN and the infinities (two bytes). */
    public CborWriter writeDouble(double v) {
        ensure(9);
        if (Double.isNaN(v)) {
            buf[len++] = (byte) 0xf9;
            buf[len++] = 0x7e;
            buf[len++] = 0x00;
        } else if (Double.isInfinite(v)) {
            buf[len++] = (byte) 0xf9;
            buf[len++] = (byte) (v > 0 ? 0x7c : 0xfc);
            buf[len++] = 0x00;
        } else {
            long bits = Double.doubleToRawLongBits(v);
            buf[len++] = (byte) 0xfb;
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[len++] = (byte) (bits >> shift);
            }
        }
        return this;
    }

    /** Writes {@code true} or {@code false}. */
    public CborWriter writeBoolean(boolean v) {
        put(v ? 0xf5 : 0xf4);
        return this;
    }

    /** Writes {@code null}. */
    public CborWriter writeNull() {
        put(0xf6);
        return this;
    }

    /**
     * Writes a definite-length text string.
     *
     * @throws CborException if the string holds an unpaired surrogate (not UTF-8 encodable)
     */
    public CborWriter writeText(String s) {
        int n = s.length();
        if (n > SHORT_TEXT) {
            return writeUtf8(Utf8.encode(s)); // bulk coding beats a loop over the chars
        }
        // short ASCII fast path: one byte a char, no encoder needed
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            head(3, n);
            ensure(n);
            s.getBytes(0, n, buf, len); // deprecated but exactly right for ASCII
            len += n;
            return this;
        }
        byte[] utf8 = Utf8.encode(s);
        head(3, utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, len, utf8.length);
        len += utf8.length;
        return this;
    }

    /** Writes text that is already UTF-8 encoded (and known to be valid). */
    public CborWriter writeUtf8(byte[] utf8) {
        head(3, utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, len, utf8.length);
        len += utf8.length;
        return this;
    }

    /** Writes a byte string. */
    public CborWriter writeBytes(byte[] b) {
        head(2, b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** Starts a definite-length array of {@code size} items. */
    public CborWriter startArray(int size) {
        head(4, size);
        return this;
    }

    /** Starts a definite-length map of {@code size} entries. */
    public CborWriter startMap(int size) {
        head(5, size);
        return this;
    }

    /** Writes a tag head; the tagged item follows. */
    public CborWriter writeTag(long tag) {
        head(6, tag);
        return this;
    }

    /** Writes a UTC instant as tag 0 text, to the microsecond. */
    public CborWriter writeDateTime(Instant t) {
        return dateTime(t.getEpochSecond(), t.getNano() / 1000, 0);
    }

    /** Writes a date-time with its offset as tag 0 text, to the microsecond. */
    public CborWriter writeDateTime(OffsetDateTime t) {
        return dateTime(t.toEpochSecond(), t.getNano() / 1000, t.getOffset().getTotalSeconds());
    }

    private CborWriter dateTime(long epochSecond, int micros, int offsetSeconds) {
        int textLength = DateTimes.format(epochSecond, micros, offsetSeconds, scratch, 0);
        head(6, 0);
        head(3, textLength);
        ensure(textLength);
        System.arraycopy(scratch, 0, buf, len, textLength);
        len += textLength;
        return this;
    }

    /**
     * Writes a duration as tag 2001 {@code [days, seconds, microseconds]}, normalised.
     *
     * @throws CborException if it exceeds Python's timedelta range (±999999999 days)
     */
    public CborWriter writeDuration(Duration d) {
        long[] parts = Durations.components(d);
        head(6, 2001);
        head(4, 3);
        writeInt(parts[0]);
        writeInt(parts[1]);
        writeInt(parts[2]);
        return this;
    }

    /** Writes the no-data marker, tag 2002 around {@code null}. */
    public CborWriter writeNoData() {
        head(6, 2002);
        put(0xf6);
        return this;
    }

    /**
     * Writes any value of the generic model (see the package description).
     *
     * @throws CborException for a value of another type
     */
    public CborWriter writeValue(Object v) {
        if (v == null) {
            return writeNull();
        } else if (v instanceof String) {
            return writeText((String) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return writeInt(((Number) v).longValue());
        } else if (v instanceof BigInteger) {
            return writeInt((BigInteger) v);
        } else if (v instanceof Double || v instanceof Float) {
            return writeDouble(((Number) v).doubleValue());
        } else if (v instanceof Boolean) {
            return writeBoolean((Boolean) v);
        } else if (v instanceof Instant) {
            return writeDateTime((Instant) v);
        } else if (v instanceof OffsetDateTime) {
            return writeDateTime((OffsetDateTime) v);
        } else if (v instanceof Duration) {
            return writeDuration((Duration) v);
        } else if (v == NoData.INSTANCE) {
            return writeNoData();
        } else if (v instanceof byte[]) {
            return writeBytes((byte[]) v);
        } else if (v instanceof Set) {
            writeTag(258);
            return writeItems((Set<?>) v);
        } else if (v instanceof List) {
            return writeItems((List<?>) v);
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            startMap(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                writeValue(e.getKey());
                writeValue(e.getValue());
            }
            return this;
        }
        throw new CborException("cannot encode a value of type " + v.getClass().getName());
    }

    private CborWriter writeItems(Collection<?> items) {
        startArray(items.size());
        for (Object item : items) {
            writeValue(item);
        }
        return this;
    }
}
