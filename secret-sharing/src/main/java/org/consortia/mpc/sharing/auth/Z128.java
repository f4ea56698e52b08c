package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Arithmetic in the ring Z_2^128 on vectors stored interleaved: element j is {@code v[2j]} (low word) and
 * {@code v[2j+1]} (high word). Addition carries from the low word; products keep the low 128 bits
 * ({@link Math#unsignedMultiplyHigh} for the low words' carry into the high word). No allocation in the
 * {@code ...Into} forms.
 */
public final class Z128 {
    private Z128() {
    }

    /** Elements of an interleaved vector. */
    public static int size(long[] v) {
        return v.length >>> 1;
    }

    /** {@code n} zero elements. */
    public static long[] zeros(int n) {
        MpcArgumentException.checkNonNegative(n, "Z128 size");
        return new long[2 * n];
    }

    /** 64-bit ring values, sign-extended (so a negative fixed-point value stays negative in the wide ring). */
    public static long[] fromSigned(long[] x) {
        long[] v = new long[2 * x.length];
        for (int j = 0; j < x.length; j++) {
            v[2 * j] = x[j];
            v[2 * j + 1] = x[j] >> 63;
        }
        return v;
    }

    /** 64-bit words as values in [0, 2^64) (high words 0). */
    public static long[] fromUnsigned(long[] x) {
        long[] v = new long[2 * x.length];
        for (int j = 0; j < x.length; j++) {
            v[2 * j] = x[j];
        }
        return v;
    }

    /** The low words: the values modulo 2^64. */
    public static long[] low(long[] v) {
        long[] x = new long[v.length >>> 1];
        for (int j = 0; j < x.length; j++) {
            x[j] = v[2 * j];
        }
        return x;
    }

    public static long[] add(long[] a, long[] b) {
        long[] out = a.clone();
        addInto(out, b);
        return out;
    }

    /** acc += b. */
    public static void addInto(long[] acc, long[] b) {
        same(acc, b);
        addInto(acc, 0, b, 0, acc.length);
    }

    /** acc[at, at + words) += b[from, from + words) (words even: whole Z_2^128 elements). */
    public static void addInto(long[] acc, int at, long[] b, int from, int words) {
        if ((words & 1) != 0 || words < 0 || at < 0 || from < 0 || at > acc.length - words
                || from > b.length - words) {
            throw new MpcArgumentException("Z_2^128 sum: " + words + " words at " + at + " and " + from + " of arrays of "
                    + acc.length + " and " + b.length);
        }
        for (int j = 0; j < words; j += 2) {
            long x = acc[at + j];
            long lo = x + b[from + j];
            acc[at + j + 1] += b[from + j + 1] + (Long.compareUnsigned(lo, x) < 0 ? 1 : 0);
            acc[at + j] = lo;
        }
    }

    public static long[] sub(long[] a, long[] b) {
        long[] out = a.clone();
        subInto(out, b);
        return out;
    }

    /** acc -= b. */
    public static void subInto(long[] acc, long[] b) {
        same(acc, b);
        for (int j = 0; j < acc.length; j += 2) {
            long lo = acc[j] - b[j];
            acc[j + 1] -= b[j + 1] + (Long.compareUnsigned(acc[j], b[j]) < 0 ? 1 : 0);
            acc[j] = lo;
        }
    }

    /**
     * The elements of {@code a}, then its first {@code u} again (a {@link AuthRequest.SharedTriple}'s left factors, one
     * per product).
     */
    public static long[] repeatPrefix(long[] a, int u) {
        long[] out = java.util.Arrays.copyOf(a, a.length + 2 * u);
        System.arraycopy(a, 0, out, a.length, 2 * u);
        return out;
    }

    /** Elementwise a * b. */
    public static long[] mul(long[] a, long[] b) {
        same(a, b);
        long[] out = new long[a.length];
        for (int j = 0; j < a.length; j += 2) {
            out[j] = a[j] * b[j];
            out[j + 1] = Math.unsignedMultiplyHigh(a[j], b[j]) + a[j] * b[j + 1] + a[j + 1] * b[j];
        }
        return out;
    }

    /** acc += a * b elementwise. */
    public static void mulAddInto(long[] acc, long[] a, long[] b) {
        same(acc, a);
        same(a, b);
        for (int j = 0; j < acc.length; j += 2) {
            long pl = a[j] * b[j];
            long ph = Math.unsignedMultiplyHigh(a[j], b[j]) + a[j] * b[j + 1] + a[j + 1] * b[j];
            long lo = acc[j] + pl;
            acc[j + 1] += ph + (Long.compareUnsigned(lo, pl) < 0 ? 1 : 0);
            acc[j] = lo;
        }
    }

    /** Every element times the scalar {@code (kLo, kHi)}. */
    public static long[] scale(long[] a, long kLo, long kHi) {
        long[] out = new long[a.length];
        for (int j = 0; j < a.length; j += 2) {
            out[j] = a[j] * kLo;
            out[j + 1] = Math.unsignedMultiplyHigh(a[j], kLo) + a[j] * kHi + a[j + 1] * kLo;
        }
        return out;
    }

    /** Every element times the signed 64-bit scalar {@code k} (sign-extended). */
    public static long[] scale(long[] a, long k) {
        return scale(a, k, k >> 63);
    }

    /** Every element shifted left by {@code bits} (0..127): times 2^bits. */
    public static long[] shiftLeft(long[] a, int bits) {
        if (bits < 0 || bits > 127) {
            throw new MpcArgumentException("Z128 shift " + bits + " must be in 0..127");
        }
        long[] out = new long[a.length];
        for (int j = 0; j < a.length; j += 2) {
            if (bits == 0) {
                out[j] = a[j];
                out[j + 1] = a[j + 1];
            } else if (bits < 64) {
                out[j] = a[j] << bits;
                out[j + 1] = (a[j + 1] << bits) | (a[j] >>> (64 - bits));
            } else {
                out[j + 1] = a[j] << (bits - 64);
            }
        }
        return out;
    }

    /**
     * C = A·B for A {@code m x k}, B {@code k x n} (row-major, interleaved), accumulated into {@code c}
     * ({@code m x n}); through the 64-bit ring kernel in limbs where that is faster ({@link Z128Matmul}).
     */
    public static void matmulAddInto(long[] c, long[] a, long[] b, int m, int k, int n) {
        if (a.length != 2L * m * k || b.length != 2L * k * n || c.length != 2L * m * n) {
            throw new MpcArgumentException("Z128 matmul: " + size(a) + ", " + size(b) + " and " + size(c)
                    + " elements for " + m + "x" + k + " times " + k + "x" + n);
        }
        Z128Matmul.multiplyAdd(c, a, b, m, k, n);
    }

    /** Sum over j of coefficients[j] * v[j] (64-bit unsigned coefficients), as {lo, hi}. */
    public static long[] dot(long[] coefficients, long[] v) {
        if (2L * coefficients.length != v.length) {
            throw new MpcArgumentException("Z128 dot: " + coefficients.length + " coefficients for " + size(v) + " elements");
        }
        // two independent sums (even and odd terms), so one term's carry need not wait for the previous term's
        long lo0 = 0;
        long hi0 = 0;
        long lo1 = 0;
        long hi1 = 0;
        int pairs = coefficients.length & ~1;
        for (int j = 0; j < pairs; j += 2) {
            long c = coefficients[j];
            long pl = c * v[2 * j];
            long ph = Math.unsignedMultiplyHigh(c, v[2 * j]) + c * v[2 * j + 1];
            long s = lo0 + pl;
            hi0 += ph + (Long.compareUnsigned(s, pl) < 0 ? 1 : 0);
            lo0 = s;
            long d = coefficients[j + 1];
            long ql = d * v[2 * j + 2];
            long qh = Math.unsignedMultiplyHigh(d, v[2 * j + 2]) + d * v[2 * j + 3];
            long t = lo1 + ql;
            hi1 += qh + (Long.compareUnsigned(t, ql) < 0 ? 1 : 0);
            lo1 = t;
        }
        if (pairs < coefficients.length) {
            long c = coefficients[pairs];
            long pl = c * v[2 * pairs];
            long ph = Math.unsignedMultiplyHigh(c, v[2 * pairs]) + c * v[2 * pairs + 1];
            long s = lo0 + pl;
            hi0 += ph + (Long.compareUnsigned(s, pl) < 0 ? 1 : 0);
            lo0 = s;
        }
        long lo = lo0 + lo1;
        return new long[] {lo, hi0 + hi1 + (Long.compareUnsigned(lo, lo1) < 0 ? 1 : 0)};
    }

    private static void same(long[] a, long[] b) {
        if (a.length != b.length || (a.length & 1) != 0) {
            throw new MpcArgumentException("Z128: vectors of " + a.length + " and " + b.length + " words");
        }
    }
}
