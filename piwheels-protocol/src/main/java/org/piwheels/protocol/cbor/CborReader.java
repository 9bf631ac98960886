package org.piwheels.protocol.cbor;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one CBOR item into the generic value model, accepting every encoding the
 * piwheels 0.23 decoder accepts (protocol spec §4.4) and nothing that would make
 * it misbehave: trailing bytes, invalid UTF-8, unknown tags, undefined and other
 * simple values, and nesting deeper than {@value #MAX_DEPTH} are errors. Lengths
 * are checked against the bytes actually present before anything is allocated, so
 * a hostile frame cannot make the reader allocate more than the frame's size.
 */
public final class CborReader {
    /** Deepest nesting accepted; real piwheels messages stay below 10. */
    public static final int MAX_DEPTH = 64;

    private static final Object BREAK = new Object();

    private final byte[] buf;
    private final int end;
    private int pos;

    private CborReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    /**
     * Decodes a whole frame holding exactly one item.
     *
     * @throws CborException if the bytes are not exactly one acceptable item
     */
    public static Object decode(byte[] frame) {
        return decode(frame, 0, frame.length);
    }

    /** Decodes {@code len} bytes from {@code off}, which must hold exactly one item. */
    public static Object decode(byte[] frame, int off, int len) {
        CborReader r = new CborReader(frame, off, len);
        Object v = r.item(0);
        if (v == BREAK) {
            throw new CborException("unexpected break code");
        }
        if (r.pos != r.end) {
            throw new CborException("unexpected data after the CBOR item (" + (r.end - r.pos) + " bytes)");
        }
        return v;
    }

    private int u8() {
        if (pos >= end) {
            throw new CborException("premature end of data");
        }
        return buf[pos++] & 0xff;
    }

    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        int bytes;
        switch (info) {
            case 24: bytes = 1; break;
            case 25: bytes = 2; break;
            case 26: bytes = 4; break;
            case 27: bytes = 8; break;
            default: throw new CborException("invalid additional information " + info);
        }
        if (end - pos < bytes) {
            throw new CborException("premature end of data");
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v; // may be "negative": an unsigned value of 2^63 or more
    }

    /** A length that must fit in what is left of the frame, each element taking {@code unit} bytes at least. */
    private int length(int info, int unit) {
        long n = argument(info);
        if (n < 0 || n > (long) (end - pos) / unit) {
            throw new CborException("declared length " + Long.toUnsignedString(n) + " exceeds the data");
        }
        return (int) n;
    }

    private Object item(int depth) {
        if (depth > MAX_DEPTH) {
            throw new CborException("nesting deeper than " + MAX_DEPTH);
        }
        int initial = u8();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        switch (major) {
            case 0: {
                long n = argument(info);
                return n >= 0 ? (Object) n : new BigInteger(Long.toUnsignedString(n));
            }
            case 1: {
                long n = argument(info);
                return n >= 0 ? (Object) (-1 - n) : BigInteger.valueOf(-1).subtract(new BigInteger(Long.toUnsignedString(n)));
            }
            case 2:
                return info == 31 ? chunks(2) : bytes(length(info, 1));
            case 3:
                if (info == 31) {
                    byte[] joined = chunks(3);
                    return Utf8.decode(joined, 0, joined.length);
                }
                int n = length(info, 1);
                String s = Utf8.decode(buf, pos, n);
                pos += n;
                return s;
            case 4:
                return array(info, depth);
            case 5:
                return map(info, depth);
            case 6:
                return tagged(argument(info), depth);
            default:
                return simple(info);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    /** Joins the definite-length chunks of an indefinite byte or text string. */
    private byte[] chunks(int major) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int initial = u8();
            if (initial == 0xff) {
                return out.toByteArray();
            }
            if (initial >>> 5 != major || (initial & 0x1f) == 31) {
                throw new CborException("invalid chunk in an indefinite-length string");
            }
            int n = length(initial & 0x1f, 1);
            out.write(buf, pos, n);
            pos += n;
        }
    }

    private List<Object> array(int info, int depth) {
        if (info == 31) {
            List<Object> items = new ArrayList<>();
            while (true) {
                Object v = item(depth + 1);
                if (v == BREAK) {
                    return items;
                }
                items.add(v);
            }
        }
        int n = length(info, 1);
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(element(depth));
        }
        return items;
    }

    private Object element(int depth) {
        Object v = item(depth + 1);
        if (v == BREAK) {
            throw new CborException("unexpected break code");
        }
        return v;
    }

    private Map<Object, Object> map(int info, int depth) {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (info == 31) {
            while (true) {
                Object k = item(depth + 1);
                if (k == BREAK) {
                    return m;
                }
                m.put(key(k), element(depth));
            }
        }
        int n = length(info, 2);
        for (int i = 0; i < n; i++) {
            Object k = key(element(depth));
            m.put(k, element(depth));
        }
        return m;
    }

    private static Object key(Object k) {
        // cbor2 turns array and map keys into hashable forms; Java lists hash by value already
        if (k instanceof byte[]) {
            throw new CborException("byte string map keys are not supported");
        }
        return k;
    }

    private Object tagged(long tag, int depth) {
        if (tag == 0) {
            Object v = element(depth);
            if (!(v instanceof String)) {
                throw new CborException("tag 0 must wrap a text string");
            }
            return DateTimes.parse((String) v);
        } else if (tag == 1) {
            return epoch(element(depth));
        } else if (tag == 2 || tag == 3) {
            Object v = element(depth);
            if (!(v instanceof byte[])) {
                throw new CborException("bignum tag must wrap a byte string");
            }
            BigInteger n = new BigInteger(1, (byte[]) v);
            if (tag == 3) {
                n = n.negate().subtract(BigInteger.ONE);
            }
            return n.bitLength() <= 63 ? (Object) n.longValue() : n;
        } else if (tag == 258) {
            Object v = element(depth);
            if (!(v instanceof List)) {
                throw new CborException("tag 258 must wrap an array");
            }
            Set<Object> set = new LinkedHashSet<>((List<?>) v);
            return set;
        } else if (tag == 2001) {
            Object v = element(depth);
            if (!(v instanceof List) || ((List<?>) v).size() != 3) {
                throw new CborException("tag 2001 must wrap an array of three numbers");
            }
            List<?> parts = (List<?>) v;
            return Durations.fromComponents(parts.get(0), parts.get(1), parts.get(2));
        } else if (tag == 2002) {
            element(depth);
            return NoData.INSTANCE;
        }
        throw new CborException("unsupported tag " + Long.toUnsignedString(tag));
    }

    private static OffsetDateTime epoch(Object v) {
        BigDecimal seconds;
        if (v instanceof Long) {
            seconds = BigDecimal.valueOf((Long) v);
        } else if (v instanceof Double && Double.isFinite((Double) v)) {
            seconds = new BigDecimal((Double) v);
        } else {
            throw new CborException("tag 1 must wrap a finite number");
        }
        BigDecimal micros = seconds.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN);
        try {
            long us = micros.longValueExact();
            Instant t = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
            OffsetDateTime odt = OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
            if (odt.getYear() < 1 || odt.getYear() > 9999) {
                throw new CborException("tag 1 timestamp out of range");
            }
            return odt;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new CborException("tag 1 timestamp out of range");
        }
    }

    private Object simple(int info) {
        switch (info) {
            case 20: return Boolean.FALSE;
            case 21: return Boolean.TRUE;
            case 22: return null;
            case 25: return (double) halfToFloat((int) argument(info));
            case 26: return (double) Float.intBitsToFloat((int) argument(info));
            case 27: return Double.longBitsToDouble(argument(info));
            case 31: return BREAK;
            default: throw new CborException("unsupported simple value " + info);
        }
    }

    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = (float) (mant * Math.pow(2, -24));
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = (float) ((mant + 1024) * Math.pow(2, exp - 25));
        }
        return sign == 1 ? -v : v;
    }
}
