package org.piwheels.master.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes hostile frames from real encoded messages (seeds): bit flips, byte
 * replacements, truncation, insertion, splices, a changed first byte (wrong type)
 * or array head (wrong arity), claimed and real huge strings and arrays, deep
 * nesting, invalid UTF-8, unknown and self-describe tags, indefinite lengths left
 * open, and plain random bytes. Deterministic for a given seed.
 */
final class FrameMutator {
    /** Real huge strings are this long, and rare, so a run stays fast and its heap small. */
    static final int HUGE = 256 * 1024;

    private final SplittableRandom random;
    private final List<byte[]> seeds;

    FrameMutator(long seed, List<byte[]> seeds) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** @return a mutation of a random seed (never the seed itself unless a mutation happens to restore it) */
    byte[] next() {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        return mutate(seed);
    }

    byte[] mutate(byte[] seed) {
        int kind = random.nextInt(100);
        if (kind < 20) {
            return flipBits(seed);
        } else if (kind < 35) {
            return replaceBytes(seed);
        } else if (kind < 45) {
            return seed.length == 0 ? seed : Arrays.copyOf(seed, random.nextInt(seed.length));
        } else if (kind < 52) {
            return insert(seed, randomBytes(1 + random.nextInt(8)));
        } else if (kind < 57) {
            return splice(seed, seeds.get(random.nextInt(seeds.size())));
        } else if (kind < 63) {
            return withFirstByte(seed, (byte) (random.nextInt(8) << 5 | random.nextInt(28)));
        } else if (kind < 69) {
            return arity(seed);
        } else if (kind < 73) {
            return claimedHuge();
        } else if (kind < 74 && random.nextInt(20) == 0) {
            return realHuge(seed);
        } else if (kind < 78) {
            return deep();
        } else if (kind < 83) {
            return invalidUtf8(seed);
        } else if (kind < 88) {
            return tagged(seed);
        } else if (kind < 92) {
            return openIndefinite(seed);
        }
        return randomBytes(random.nextInt(65));
    }

    private byte[] flipBits(byte[] seed) {
        if (seed.length == 0) {
            return randomBytes(1);
        }
        byte[] b = seed.clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private byte[] replaceBytes(byte[] seed) {
        if (seed.length == 0) {
            return randomBytes(1);
        }
        byte[] b = seed.clone();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }

    private byte[] insert(byte[] seed, byte[] extra) {
        int at = random.nextInt(seed.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(seed.length + extra.length);
        out.write(seed, 0, at);
        out.writeBytes(extra);
        out.write(seed, at, seed.length - at);
        return out.toByteArray();
    }

    private byte[] splice(byte[] a, byte[] b) {
        int i = random.nextInt(a.length + 1);
        int j = random.nextInt(b.length + 1);
        byte[] out = Arrays.copyOf(a, i + b.length - j);
        System.arraycopy(b, j, out, i, b.length - j);
        return out;
    }

    private static byte[] withFirstByte(byte[] seed, byte first) {
        byte[] b = seed.length == 0 ? new byte[1] : seed.clone();
        b[0] = first;
        return b;
    }

    /** A definite array head with another count: the same items, too few or too many of them. */
    private byte[] arity(byte[] seed) {
        if (seed.length > 0 && (seed[0] & 0xe0) == 0x80 && (seed[0] & 0x1f) < 24) {
            return withFirstByte(seed, (byte) (0x80 | random.nextInt(24)));
        }
        // wrap a bare message in an array of a random size
        byte[] head = {(byte) (0x80 | random.nextInt(5))};
        return concat(head, seed);
    }

    /** A text, byte string, array or map head claiming up to 2^63 items, followed by a few bytes. */
    private byte[] claimedHuge() {
        int major = new int[] {0x40, 0x60, 0x80, 0xa0}[random.nextInt(4)];
        byte[] b = new byte[9 + random.nextInt(8)];
        b[0] = (byte) (major | 27);
        long n = random.nextBoolean() ? Long.MAX_VALUE : (1L << (20 + random.nextInt(40)));
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (byte) (n >>> (56 - 8 * i));
        }
        return b;
    }

    /** The seed's action with a real, very long text as its data. */
    private byte[] realHuge(byte[] seed) {
        byte[] text = new byte[HUGE];
        Arrays.fill(text, (byte) 'x');
        // [action, text]: the action taken from a seed that starts with a short text, else HELLO; 0x7a: 4-byte length
        byte[] action = seed.length > 1 && (seed[0] & 0xff) == 0x82 && (seed[1] & 0xe0) == 0x60
                && seed.length >= 2 + (seed[1] & 0x1f) ? Arrays.copyOfRange(seed, 1, 2 + (seed[1] & 0x1f))
                : new byte[] {0x65, 'H', 'E', 'L', 'L', 'O'};
        byte[] head = concat(new byte[] {(byte) 0x82}, action,
                new byte[] {0x7a, (byte) (HUGE >>> 24), (byte) (HUGE >>> 16), (byte) (HUGE >>> 8), (byte) HUGE});
        return concat(head, text);
    }

    /** Arrays (or maps, or tags) nested far deeper than any message. */
    private byte[] deep() {
        int depth = 65 + random.nextInt(20_000);
        byte[] b = new byte[depth + 1];
        byte open = new byte[] {(byte) 0x81, (byte) 0x9f, (byte) 0xc6}[random.nextInt(3)];
        Arrays.fill(b, 0, depth, open);
        b[depth] = 0;
        return b;
    }

    /** The seed's action as a text that is not UTF-8. */
    private byte[] invalidUtf8(byte[] seed) {
        byte[][] bad = {
                {(byte) 0xff, (byte) 0xfe}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] s = bad[random.nextInt(bad.length)];
        byte[] text = concat(new byte[] {(byte) (0x60 | s.length)}, s);
        if (random.nextBoolean() || seed.length < 2) {
            return text;
        }
        return concat(new byte[] {(byte) 0x82}, text, Arrays.copyOfRange(seed, Math.min(seed.length, 1 + random.nextInt(seed.length)), seed.length));
    }

    /** The seed under a tag: self-describe (55799), a registered one, or one nobody knows. */
    private byte[] tagged(byte[] seed) {
        byte[][] tags = {{(byte) 0xd9, (byte) 0xd9, (byte) 0xf7}, {(byte) 0xc1}, {(byte) 0xd8, 0x20},
                {(byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                {(byte) 0xda, 0x00, 0x01, 0x00, 0x00}};
        return concat(tags[random.nextInt(tags.length)], seed);
    }

    /** An indefinite-length array, map or string that is never closed. */
    private byte[] openIndefinite(byte[] seed) {
        byte head = new byte[] {(byte) 0x9f, (byte) 0xbf, (byte) 0x5f, (byte) 0x7f}[random.nextInt(4)];
        return concat(new byte[] {head}, seed);
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return frames for the file queue: seeds' frames mutated, with a random frame count now and then */
    List<byte[]> fileFrames(List<List<byte[]>> seedMessages) {
        List<byte[]> base = seedMessages.get(random.nextInt(seedMessages.size()));
        List<byte[]> out = new ArrayList<>(base);
        int kind = random.nextInt(10);
        if (kind < 2) {
            int n = random.nextInt(6);
            while (out.size() > n) {
                out.remove(out.size() - 1);
            }
            while (out.size() < n) {
                out.add(randomBytes(random.nextInt(16)));
            }
        } else if (kind < 4 && out.size() > 1) {
            String[] numbers = {"-1", "99999999999999999999", "abc", "", "9223372036854775807", "0x10", " 1"};
            out.set(1, ascii(numbers[random.nextInt(numbers.length)]));
        } else {
            int i = random.nextInt(out.size());
            out.set(i, mutate(out.get(i)));
        }
        if (out.isEmpty()) {
            out.add(new byte[0]);
        }
        return out;
    }
}
