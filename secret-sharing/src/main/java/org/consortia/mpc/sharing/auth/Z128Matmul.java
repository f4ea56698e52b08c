package org.consortia.mpc.sharing.auth;

import java.util.Arrays;

import org.consortia.mpc.sharing.ring.RingMatmul;

/**
 * Matrix products in Z_2^128 (interleaved words, as {@link Z128}), exact. Two routes give the same words:
 *
 * <ul>
 *   <li><b>limbs</b> on the 64-bit ring kernel, where that kernel is vectorised with 8 lanes or more: with
 *   a = a_lo + 2^64 a_hi and b likewise, A·B mod 2^128 = [A_lo·B_lo]_128 + 2^64 (A_lo·B_hi + A_hi·B_lo mod 2^64).
 *   The cross terms are two ring products. The full 128-bit A_lo·B_lo comes from six ring products of limbs that
 *   cannot wrap: A_lo in limbs of 22, 22 and 20 bits, B_lo in two of 32, so each limb product is below 2^54 and a
 *   sum of {@link #K_CHUNK} of them below 2^64; the six sums are added at their shifts (0, 22, 32, 44, 54, 76) in
 *   128-bit arithmetic, a chunk of A's columns at a time. Eight ring products at the vector kernel's rate take
 *   about a quarter of the scalar loop's time at n = 256 (README: "authenticated matrix products").</li>
 *   <li><b>scalar</b>: the i-p-j loop with {@link Math#unsignedMultiplyHigh}, for small products, narrow B (fewer
 *   columns than the vector kernel's tile) and JVMs without the vector module.</li>
 * </ul>
 */
final class Z128Matmul {
    /** A's columns (B's rows) per limb pass: (2^22 - 1)(2^32 - 1) times this many stays below 2^64. */
    static final int K_CHUNK = 1024;
    /** Multiply-adds below which the scalar loop wins (the limbs' copies and eight calls cost more). */
    static final long LIMB_THRESHOLD = 1L << 15;
    private static final int A_LIMB = 22;
    private static final int B_LIMB = 32;

    private Z128Matmul() {
    }

    /** C += A·B ({@code m x k} times {@code k x n}), by the route this JVM and shape favour. */
    static void multiplyAdd(long[] c, long[] a, long[] b, int m, int k, int n) {
        int lanes = RingMatmul.vectorLanes();
        if (lanes >= 8 && n >= 2 * lanes && (long) m * k * n >= LIMB_THRESHOLD) {
            limbs(c, a, b, m, k, n);
        } else {
            scalar(c, a, b, m, k, n);
        }
    }

    /** The limb route (see the class comment); any shape. */
    static void limbs(long[] c, long[] a, long[] b, int m, int k, int n) {
        int mn = m * n;
        long[] aLo = words(a, 0);
        long[] bLo = words(b, 0);
        long[] lo = new long[mn];
        long[] hi = new long[mn];
        long[] bHi = words(b, 1);
        if (!allZero(bHi)) { // a 64-bit right factor (an input's announcement) has no cross term of its own
            RingMatmul.multiplyAdd(aLo, bHi, hi, m, k, n);
        }
        long[] aHi = words(a, 1);
        if (!allZero(aHi)) {
            RingMatmul.multiplyAdd(aHi, bLo, hi, m, k, n);
        }
        long[] sum = new long[mn];
        for (int p0 = 0; p0 < k; p0 += K_CHUNK) {
            int kc = Math.min(K_CHUNK, k - p0);
            long[][] aLimbs = new long[3][];
            for (int t = 0; t < 3; t++) {
                aLimbs[t] = columnLimb(aLo, m, k, p0, kc, t * A_LIMB, A_LIMB);
            }
            for (int q = 0; q < 2; q++) {
                long[] bLimb = rowLimb(bLo, n, p0, kc, q * B_LIMB, B_LIMB);
                for (int t = 0; t < 3; t++) {
                    Arrays.fill(sum, 0L);
                    RingMatmul.multiplyAdd(aLimbs[t], bLimb, sum, m, kc, n);
                    RingMatmul.addShifted(lo, hi, sum, t * A_LIMB + q * B_LIMB);
                }
            }
        }
        for (int j = 0; j < mn; j++) {
            long s = c[2 * j] + lo[j];
            c[2 * j + 1] += hi[j] + (Long.compareUnsigned(s, lo[j]) < 0 ? 1 : 0);
            c[2 * j] = s;
        }
    }

    private static boolean allZero(long[] x) {
        long or = 0;
        for (long v : x) {
            or |= v;
        }
        return or == 0;
    }

    /** The words of one half (0: low, 1: high) of an interleaved vector. */
    private static long[] words(long[] v, int half) {
        long[] w = new long[v.length >>> 1];
        for (int j = 0; j < w.length; j++) {
            w[j] = v[2 * j + half];
        }
        return w;
    }

    /** Columns [p0, p0 + kc) of the {@code m x k} matrix x, bits [shift, shift + width) of each word. */
    private static long[] columnLimb(long[] x, int m, int k, int p0, int kc, int shift, int width) {
        long mask = (1L << width) - 1;
        long[] out = new long[m * kc];
        for (int i = 0; i < m; i++) {
            int from = i * k + p0;
            int to = i * kc;
            for (int p = 0; p < kc; p++) {
                out[to + p] = (x[from + p] >>> shift) & mask;
            }
        }
        return out;
    }

    /** Rows [p0, p0 + kc) of the matrix x with {@code n} columns, bits [shift, shift + width) of each word. */
    private static long[] rowLimb(long[] x, int n, int p0, int kc, int shift, int width) {
        long mask = width == 64 ? -1L : (1L << width) - 1;
        long[] out = new long[kc * n];
        int from = p0 * n;
        for (int j = 0; j < out.length; j++) {
            out[j] = (x[from + j] >>> shift) & mask;
        }
        return out;
    }

    /** The scalar route: the i-p-j order, so B's row streams past one element of A held in registers. */
    static void scalar(long[] c, long[] a, long[] b, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = 2 * i * n;
            for (int p = 0; p < k; p++) {
                long al = a[2 * (i * k + p)];
                long ah = a[2 * (i * k + p) + 1];
                if (al == 0 && ah == 0) {
                    continue;
                }
                int bp = 2 * p * n;
                for (int j = 0; j < 2 * n; j += 2) {
                    long bl = b[bp + j];
                    long pl = al * bl;
                    long ph = Math.unsignedMultiplyHigh(al, bl) + al * b[bp + j + 1] + ah * bl;
                    long lo = c[ci + j] + pl;
                    c[ci + j + 1] += ph + (Long.compareUnsigned(lo, pl) < 0 ? 1 : 0);
                    c[ci + j] = lo;
                }
            }
        }
    }
}
