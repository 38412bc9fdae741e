package io.npy4j.literal;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The hash codes of {@link PyValue}s: keyed SipHash-1-3 (the function CPython uses for {@code str}) over an injective
 * encoding of the value, with a key drawn once per JVM.
 *
 * <p>Why not the records' default hash codes: those combine {@link String#hashCode()}, {@link BigInteger#hashCode()}
 * and {@link List#hashCode()}, whose collisions anyone can compute ({@code "Aa"} and {@code "BB"}, the ints
 * {@code k * 2^32 + 31 * (M - k)}, the tuples {@code (k, C - 31 k)}). A header made of such dict keys or set members
 * turns every hash-map operation into a scan of one bin, and parsing quadratic (16,000 keys took 16 s). With a
 * secret key, colliding values cannot be chosen in advance, so parsing stays linear whatever the keys.
 *
 * <p>The encoding starts every value with a type tag and every variable-length part with its length, so distinct
 * values never encode alike (otherwise {@code ('ab', 'c')} and {@code ('a', 'bc')} would collide whatever the key).
 */
final class PyHash {
    private static final long K0;
    private static final long K1;

    static {
        // the JDK's own seed generator (SecureRandom if -Djava.util.secureRandomSeed=true), cheap at start-up
        SplittableRandom r = new SplittableRandom();
        K0 = r.nextLong();
        K1 = r.nextLong();
    }

    private static final long STR = 1;
    private static final long BYTES = 2;
    private static final long SMALL_INT = 3;
    private static final long BIG_INT = 4;
    private static final long NUM = 5;
    private static final long BOOL = 6;
    private static final long NONE = 7;
    private static final long TUPLE = 8;
    private static final long LIST = 9;
    private static final long SET = 10;
    private static final long DICT = 11;

    private long v0;
    private long v1;
    private long v2;
    private long v3;

    private PyHash() {
        v0 = K0 ^ 0x736f6d6570736575L;
        v1 = K1 ^ 0x646f72616e646f6dL;
        v2 = K0 ^ 0x6c7967656e657261L;
        v3 = K1 ^ 0x7465646279746573L;
    }

    /** {@link Object#hashCode()} for a value: equal values (by {@code equals}) hash alike. */
    static int hashCode(PyValue v) {
        long h = hash64(v);
        return (int) (h ^ (h >>> 32));
    }

    static long hash64(PyValue v) {
        PyHash s = new PyHash();
        if (v instanceof PyValue.Str str) {
            s.word(STR).chars(str.value());
        } else if (v instanceof PyValue.Bytes b) {
            s.word(BYTES).chars(b.latin1());
        } else if (v instanceof PyValue.Int i) {
            BigInteger b = i.value();
            if (b.bitLength() < 64) {
                s.word(SMALL_INT).word(b.longValue());
            } else {
                byte[] bytes = b.toByteArray(); // minimal two's complement: one encoding per value
                s.word(BIG_INT).word(bytes.length);
                for (int k = 0; k < bytes.length; k += 8) {
                    long w = 0;
                    for (int j = k; j < Math.min(k + 8, bytes.length); j++) {
                        w = (w << 8) | (bytes[j] & 0xff);
                    }
                    s.word(w);
                }
            }
        } else if (v instanceof PyValue.Num n) {
            s.word(NUM).chars(n.typeName()).chars(n.text());
        } else if (v instanceof PyValue.Bool b) {
            s.word(BOOL).word(b.value() ? 1 : 0);
        } else if (v instanceof PyValue.None) {
            s.word(NONE);
        } else if (v instanceof PyValue.Tuple t) {
            s.word(TUPLE).items(t.items());
        } else if (v instanceof PyValue.PyList l) {
            s.word(LIST).items(l.items());
        } else if (v instanceof PyValue.PySet set) {
            s.word(SET).items(set.items());
        } else {
            // Map.equals ignores order, so the entries are combined by an order-independent sum
            Map<PyValue, PyValue> entries = ((PyValue.Dict) v).entries();
            long sum = 0;
            for (Map.Entry<PyValue, PyValue> e : entries.entrySet()) {
                sum += new PyHash().word(hash64(e.getKey())).word(hash64(e.getValue())).finish();
            }
            s.word(DICT).word(entries.size()).word(sum);
        }
        return s.finish();
    }

    private PyHash items(List<PyValue> items) {
        word(items.size());
        for (PyValue item : items) {
            word(hash64(item));
        }
        return this;
    }

    private PyHash chars(String s) {
        int n = s.length();
        word(n);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            word((long) s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48);
        }
        if (i < n) {
            long w = 0;
            for (int j = 0; i < n; i++, j += 16) {
                w |= (long) s.charAt(i) << j;
            }
            word(w);
        }
        return this;
    }

    /** One SipHash compression of a 64-bit message word (c = 1). */
    private PyHash word(long m) {
        v3 ^= m;
        round();
        v0 ^= m;
        return this;
    }

    /** SipHash finalisation (d = 3). */
    private long finish() {
        v2 ^= 0xff;
        round();
        round();
        round();
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void round() {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13);
        v1 ^= v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17);
        v1 ^= v2;
        v2 = Long.rotateLeft(v2, 32);
    }
}
