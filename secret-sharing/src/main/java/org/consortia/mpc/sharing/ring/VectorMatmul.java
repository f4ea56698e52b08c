package org.consortia.mpc.sharing.ring;

import java.util.concurrent.CancellationException;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The ring matmul's register-tiled kernel on the JDK's Vector API: a tile of 4 rows x 2 vectors of C stays in
 * registers while one k-block of A's 4 rows and B's panel stream past it (one load of B per 4 rows of C, one load
 * and store of C per k-block), the usual GEMM micro-kernel. Lanes wrap like {@code long} arithmetic, so the result
 * is the ring product word for word. About 8x the auto-vectorised scalar loop on AVX-512 and 2x on AVX2, where the
 * 64-bit lane product is emulated (see the README's kernel table).
 *
 * <p>Only {@link RingMatmul} touches this class, and only once it has seen the {@code jdk.incubator.vector} module
 * in the boot layer ({@code --add-modules jdk.incubator.vector}); without the module the class is never loaded.
 */
final class VectorMatmul {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** C's columns per tile: two vectors. */
    private static final int W = 2 * L;
    /** A's columns (B's rows) per pass over C; a B panel of K_BLOCK x W words stays in the first cache levels. */
    private static final int K_BLOCK = 256;

    private VectorMatmul() {
    }

    /** Lanes per vector (for the kernel's description). */
    static int lanes() {
        return L;
    }

    /**
     * Rows [r0, r1) of C += A·B; an interrupted thread stops at the next panel (see {@link RingMatmul}).
     *
     * @throws CancellationException when the thread is interrupted
     */
    static void band(long[] a, long[] b, long[] c, int r0, int r1, int k, int n) {
        int panels = n - n % W;
        for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
            int k1 = Math.min(k, k0 + K_BLOCK);
            for (int j0 = 0; j0 < panels; j0 += W) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("interrupted during matmul");
                }
                int i = r0;
                for (; i + 3 < r1; i += 4) {
                    tile4(a, b, c, i, j0, k0, k1, k, n);
                }
                for (; i < r1; i++) {
                    tile1(a, b, c, i, j0, k0, k1, k, n);
                }
            }
            if (panels < n) { // columns beyond the last whole tile
                RingMatmul.scalarBlock(a, b, c, r0, r1, k0, k1, panels, n, k, n);
            }
        }
    }

    private static void tile4(long[] a, long[] b, long[] c, int i, int j0, int k0, int k1, int k, int n) {
        int c0 = i * n + j0;
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        LongVector s00 = LongVector.fromArray(S, c, c0);
        LongVector s01 = LongVector.fromArray(S, c, c0 + L);
        LongVector s10 = LongVector.fromArray(S, c, c1);
        LongVector s11 = LongVector.fromArray(S, c, c1 + L);
        LongVector s20 = LongVector.fromArray(S, c, c2);
        LongVector s21 = LongVector.fromArray(S, c, c2 + L);
        LongVector s30 = LongVector.fromArray(S, c, c3);
        LongVector s31 = LongVector.fromArray(S, c, c3 + L);
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = k0; p < k1; p++) {
            int bp = p * n + j0;
            LongVector b0 = LongVector.fromArray(S, b, bp);
            LongVector b1 = LongVector.fromArray(S, b, bp + L);
            long x0 = a[a0 + p];
            long x1 = a[a1 + p];
            long x2 = a[a2 + p];
            long x3 = a[a3 + p];
            s00 = b0.lanewise(VectorOperators.MUL, x0).add(s00);
            s01 = b1.lanewise(VectorOperators.MUL, x0).add(s01);
            s10 = b0.lanewise(VectorOperators.MUL, x1).add(s10);
            s11 = b1.lanewise(VectorOperators.MUL, x1).add(s11);
            s20 = b0.lanewise(VectorOperators.MUL, x2).add(s20);
            s21 = b1.lanewise(VectorOperators.MUL, x2).add(s21);
            s30 = b0.lanewise(VectorOperators.MUL, x3).add(s30);
            s31 = b1.lanewise(VectorOperators.MUL, x3).add(s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    private static void tile1(long[] a, long[] b, long[] c, int i, int j0, int k0, int k1, int k, int n) {
        int c0 = i * n + j0;
        LongVector s0 = LongVector.fromArray(S, c, c0);
        LongVector s1 = LongVector.fromArray(S, c, c0 + L);
        int a0 = i * k;
        for (int p = k0; p < k1; p++) {
            int bp = p * n + j0;
            long x = a[a0 + p];
            s0 = LongVector.fromArray(S, b, bp).lanewise(VectorOperators.MUL, x).add(s0);
            s1 = LongVector.fromArray(S, b, bp + L).lanewise(VectorOperators.MUL, x).add(s1);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    /**
     * (hi, lo) += x 2^shift per element modulo 2^128, whole vectors of elements ({@link RingMatmul#addShifted}); returns
     * how many elements it did (the caller finishes the tail).
     */
    static int addShifted(long[] lo, long[] hi, long[] x, int shift) {
        int upper = S.loopBound(x.length);
        if (shift >= 64) {
            for (int j = 0; j < upper; j += L) {
                LongVector.fromArray(S, hi, j).add(LongVector.fromArray(S, x, j).lanewise(VectorOperators.LSHL, shift - 64))
                        .intoArray(hi, j);
            }
            return upper;
        }
        for (int j = 0; j < upper; j += L) {
            LongVector xv = LongVector.fromArray(S, x, j);
            LongVector add = xv.lanewise(VectorOperators.LSHL, shift);
            LongVector l = LongVector.fromArray(S, lo, j);
            LongVector sum = l.add(add);
            // the carry out of l + add, bitwise (the unsigned comparisons' names differ between JDK releases):
            // ((l & add) | ((l | add) & ~sum)) >>> 63
            LongVector carry = l.and(add).or(l.or(add).and(sum.not())).lanewise(VectorOperators.LSHR, 63);
            LongVector h = LongVector.fromArray(S, hi, j).add(carry);
            if (shift != 0) {
                h = h.add(xv.lanewise(VectorOperators.LSHR, 64 - shift));
            }
            sum.intoArray(lo, j);
            h.intoArray(hi, j);
        }
        return upper;
    }
}
