package org.consortia.mpc.sharing.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.junit.jupiter.api.Test;

/** Z_2^128 arithmetic against BigInteger modulo 2^128, on random and edge words (seeded; the seed is printed). */
class Z128Test {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(128);
    private static final long[] EDGES = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, -(1L << 32)};

    private static BigInteger big(long[] v, int j) {
        BigInteger lo = new BigInteger(Long.toUnsignedString(v[2 * j]));
        BigInteger hi = new BigInteger(Long.toUnsignedString(v[2 * j + 1]));
        return hi.shiftLeft(64).add(lo);
    }

    private static long[] random(SplittableRandom r, int n) {
        long[] v = new long[2 * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(4) == 0 ? EDGES[r.nextInt(EDGES.length)] : r.nextLong();
        }
        return v;
    }

    @Test
    void ringOperationsMatchBigIntegerModulo2To128() {
        long seed = 20261205L;
        System.out.println("Z128Test seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(9);
            long[] a = random(r, n);
            long[] b = random(r, n);
            long[] acc = random(r, n);
            long k = r.nextLong();
            int shift = r.nextInt(128);
            long[] sum = Z128.add(a, b);
            long[] diff = Z128.sub(a, b);
            long[] prod = Z128.mul(a, b);
            long[] fma = acc.clone();
            Z128.mulAddInto(fma, a, b);
            long[] scaled = Z128.scale(a, k);
            long[] shifted = Z128.shiftLeft(a, shift);
            for (int j = 0; j < n; j++) {
                BigInteger x = big(a, j);
                BigInteger y = big(b, j);
                assertEquals(x.add(y).mod(MOD), big(sum, j));
                assertEquals(x.subtract(y).mod(MOD), big(diff, j));
                assertEquals(x.multiply(y).mod(MOD), big(prod, j));
                assertEquals(big(acc, j).add(x.multiply(y)).mod(MOD), big(fma, j));
                assertEquals(x.multiply(BigInteger.valueOf(k)).mod(MOD), big(scaled, j));
                assertEquals(x.shiftLeft(shift).mod(MOD), big(shifted, j));
            }
            long[] chi = new long[n];
            BigInteger dot = BigInteger.ZERO;
            for (int j = 0; j < n; j++) {
                chi[j] = r.nextLong();
                dot = dot.add(new BigInteger(Long.toUnsignedString(chi[j])).multiply(big(a, j)));
            }
            assertEquals(dot.mod(MOD), big(Z128.dot(chi, a), 0));
        }
    }

    @Test
    void aRangeAddsIntoARangeAndNothingElse() {
        long seed = 20261206L;
        System.out.println("Z128Test.range seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 100; round++) {
            int n = 2 + r.nextInt(9);
            long[] acc = random(r, n);
            long[] b = random(r, n);
            int at = r.nextInt(n);
            int from = r.nextInt(n);
            int elements = r.nextInt(Math.min(n - at, n - from) + 1);
            long[] out = acc.clone();
            Z128.addInto(out, 2 * at, b, 2 * from, 2 * elements);
            for (int j = 0; j < n; j++) {
                boolean inside = j >= at && j < at + elements;
                BigInteger want = inside ? big(acc, j).add(big(b, from + j - at)).mod(MOD) : big(acc, j);
                assertEquals(want, big(out, j), "element " + j + " of round " + round);
            }
        }
        assertThrows(MpcArgumentException.class, () -> Z128.addInto(new long[4], 0, new long[4], 0, 3));
        assertThrows(MpcArgumentException.class, () -> Z128.addInto(new long[4], 2, new long[4], 0, 4));
    }

    @Test
    void signExtensionKeepsNegativeValuesAndLowRecoversThem() {
        long[] x = {-5, 7, Long.MIN_VALUE};
        long[] v = Z128.fromSigned(x);
        assertEquals(BigInteger.valueOf(-5).mod(MOD), big(v, 0));
        assertArrayEquals(x, Z128.low(v));
    }

    @Test
    void matmulMatchesBigInteger() {
        long seed = 77L;
        System.out.println("Z128Test.matmul seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int[][] shapes = {{1, 1, 1}, {3, 4, 2}, {5, 1, 7}, {2, 9, 3}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            long[] a = random(r, m * k);
            long[] b = random(r, k * n);
            long[] c0 = random(r, m * n);
            long[] c = c0.clone();
            Z128.matmulAddInto(c, a, b, m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    BigInteger want = big(c0, i * n + j);
                    for (int p = 0; p < k; p++) {
                        want = want.add(big(a, i * k + p).multiply(big(b, p * n + j)));
                    }
                    assertEquals(want.mod(MOD), big(c, i * n + j), m + "x" + k + "x" + n + " at " + i + "," + j);
                }
            }
        }
    }

    /**
     * The limb route on the 64-bit ring kernel against the scalar loop, word for word: shapes across the vector
     * tile's edges and the limb chunk's (k = 1024, 1025, 3000), random words and all-ones words (the largest limb
     * products, where a sum that could wrap would show), and operands of 64 bits (high words zero, as an input's
     * announcement: the route skips their cross term).
     */
    @Test
    void limbRouteMatchesTheScalarLoop() {
        long seed = 0x2128L;
        System.out.println("Z128Test.limbs seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int[][] shapes = {{4, 256, 16}, {7, 1025, 33}, {1, 3000, 17}, {33, 5, 64}, {5, 1024, 3}, {2, 1, 1}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            for (int kind = 0; kind < 4; kind++) {
                boolean ones = kind == 1;
                long[] a = ones ? filled(m * k) : random(r, m * k);
                long[] b = ones ? filled(k * n) : random(r, k * n);
                if (kind == 2) {
                    lowOnly(b);
                } else if (kind == 3) {
                    lowOnly(a);
                }
                long[] c0 = random(r, m * n);
                long[] want = c0.clone();
                Z128Matmul.scalar(want, a, b, m, k, n);
                long[] got = c0.clone();
                Z128Matmul.limbs(got, a, b, m, k, n);
                assertArrayEquals(want, got, m + "x" + k + "x" + n + " kind " + kind);
                long[] viaApi = c0.clone();
                Z128.matmulAddInto(viaApi, a, b, m, k, n);
                assertArrayEquals(want, viaApi, m + "x" + k + "x" + n + " through matmulAddInto");
            }
        }
    }

    private static void lowOnly(long[] v) {
        for (int j = 1; j < v.length; j += 2) {
            v[j] = 0;
        }
    }

    private static long[] filled(int n) {
        long[] v = new long[2 * n];
        java.util.Arrays.fill(v, -1L);
        return v;
    }
}
