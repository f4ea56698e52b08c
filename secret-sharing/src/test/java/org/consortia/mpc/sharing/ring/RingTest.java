package org.consortia.mpc.sharing.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RingTest {
    private static long[] random(SplittableRandom r, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextLong();
        }
        return a;
    }

    private static long[] naive(long[] a, long[] b, int m, int k, int n) {
        long[] c = new long[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"0,3,4", "3,0,4", "1,1,1", "5,7,3", "17,129,33", "130,300,600", "257,64,513", "4,300,16", "6,513,40",
        "3,5,17", "64,64,64", "2,1000,48"})
    void matmulMatchesNaiveWithWrapAround(int m, int k, int n) {
        SplittableRandom r = new SplittableRandom(m * 31L + k * 7L + n);
        long[] a = random(r, m * k);
        long[] b = random(r, k * n);
        long[] expected = naive(a, b, m, k, n);
        assertArrayEquals(expected, RingMatmul.multiply(a, b, m, k, n));
        // each kernel on its own, on a C that is not zero (the kernels add into it)
        long[] c0 = random(r, m * n);
        long[] vector = c0.clone();
        long[] scalar = c0.clone();
        VectorMatmul.band(a, b, vector, 0, m, k, n);
        RingMatmul.scalarBand(a, b, scalar, 0, m, k, n);
        for (int i = 0; i < c0.length; i++) {
            c0[i] += expected[i];
        }
        assertArrayEquals(c0, vector);
        assertArrayEquals(c0, scalar);
    }

    @Test
    void testsRunTheVectorKernel() { // the build passes --add-modules jdk.incubator.vector, as the launchers do
        assertEquals("vector", RingMatmul.kernel().split("/")[0]);
    }

    @Test
    void matmulRejectsMismatchedSizes() {
        var e = assertThrows(MpcArgumentException.class, () -> RingMatmul.multiply(new long[6], new long[6], 2, 3, 3));
        assertEquals("matmul: operand sizes 6, 6, 6 do not match 2x3 * 3x3", e.getMessage());
    }

    @Test
    void transposeTwiceIsIdentity() {
        SplittableRandom r = new SplittableRandom(5);
        long[] a = random(r, 37 * 61);
        long[] t = Ring.transpose(a, 37, 61);
        assertEquals(a[5 * 61 + 7], t[7 * 37 + 5]);
        assertArrayEquals(a, Ring.transpose(t, 61, 37));
    }

    @Test
    void elementwiseOpsWrap() {
        long[] a = {Long.MAX_VALUE, -1, 7};
        long[] b = {1, 1, -7};
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, 0}, Ring.add(a, b));
        assertArrayEquals(new long[] {Long.MAX_VALUE - 1, -2, 14}, Ring.sub(a, b));
        assertArrayEquals(new long[] {Long.MAX_VALUE, -1, -49}, Ring.mul(a, b));
        assertEquals(Long.MIN_VALUE + 5, Ring.sum(a));
        assertArrayEquals(new long[] {-1, -1, 1}, Ring.shiftRightArithmetic(new long[] {-1, -2, 3}, 1));
    }

    @ParameterizedTest(name = "c={0} {1}x{2} k={3} s={4} p={5}")
    @CsvSource({"1,8,8,3,1,1", "2,7,9,3,2,0", "3,28,28,5,1,2", "1,5,5,5,1,0", "1,1,1,3,2,1", "2,4,6,3,3,2", "1,3,3,5,2,2",
        "2,6,5,2,2,1"})
    void im2colMatmulIsConvolution(int ch, int h, int w, int kk, int stride, int pad) {
        SplittableRandom r = new SplittableRandom(ch * 100 + h);
        long[] img = new long[ch * h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextInt(-100, 100);
        }
        int filters = 4;
        long[] wts = new long[filters * ch * kk * kk];
        for (int i = 0; i < wts.length; i++) {
            wts[i] = r.nextInt(-10, 10);
        }
        int oh = Im2col.outSize(h, kk, stride, pad);
        int ow = Im2col.outSize(w, kk, stride, pad);
        long[] cols = Im2col.im2col(img, ch, h, w, kk, kk, stride, pad);
        long[] out = RingMatmul.multiply(wts, cols, filters, ch * kk * kk, oh * ow);
        for (int f = 0; f < filters; f++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    long s = 0;
                    for (int c = 0; c < ch; c++) {
                        for (int ky = 0; ky < kk; ky++) {
                            for (int kx = 0; kx < kk; kx++) {
                                int iy = oy * stride - pad + ky;
                                int ix = ox * stride - pad + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    s += wts[((f * ch + c) * kk + ky) * kk + kx] * img[(c * h + iy) * w + ix];
                                }
                            }
                        }
                    }
                    assertEquals(s, out[(f * oh + oy) * ow + ox], "filter " + f + " at " + oy + "," + ox);
                }
            }
        }
    }

    @Test
    void shapeChecks() {
        assertEquals(0, Shape.of(3, 0).size());
        assertEquals(1, Shape.of().size());
        assertEquals("[2, 3]", Shape.matrix(2, 3).toString());
        var e = assertThrows(MpcArgumentException.class, () -> Shape.of(2, -1));
        assertEquals("shape dimension 1 = -1 must be >= 0 in [2, -1]", e.getMessage());
        var m = assertThrows(MpcArgumentException.class, () -> Shape.requireSame(Shape.of(2), Shape.of(3), "add"));
        assertEquals("add: shape mismatch, left [2] vs right [3]", m.getMessage());
    }

    /**
     * The wide accumulation of limb products against BigInteger arithmetic modulo 2^128: every shift, lengths across
     * the vector kernel's lanes (whole vectors and tails), words with every bit set (the carries) and random ones.
     */
    @Test
    void addShiftedIsTheSumModulo2To128() {
        long seed = 0x5417L;
        System.out.println("RingTest.addShifted seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        java.math.BigInteger mod = java.math.BigInteger.ONE.shiftLeft(128);
        for (int shift = 0; shift < 128; shift++) {
            for (int len : new int[] {0, 1, 7, 8, 9, 19}) {
                long[] lo = new long[len];
                long[] hi = new long[len];
                long[] x = new long[len];
                for (int j = 0; j < len; j++) {
                    boolean ones = (j + shift) % 3 == 0;
                    lo[j] = ones ? -1L : r.nextLong();
                    hi[j] = ones ? -1L : r.nextLong();
                    x[j] = ones ? -1L : r.nextLong();
                }
                java.math.BigInteger[] want = new java.math.BigInteger[len];
                for (int j = 0; j < len; j++) {
                    want[j] = unsigned128(lo[j], hi[j]).add(unsigned128(x[j], 0).shiftLeft(shift)).mod(mod);
                }
                RingMatmul.addShifted(lo, hi, x, shift);
                for (int j = 0; j < len; j++) {
                    assertEquals(want[j], unsigned128(lo[j], hi[j]), "shift " + shift + " length " + len + " at " + j);
                }
            }
        }
        assertThrows(MpcArgumentException.class, () -> RingMatmul.addShifted(new long[2], new long[2], new long[2], 128));
    }

    private static java.math.BigInteger unsigned128(long lo, long hi) {
        java.math.BigInteger l = new java.math.BigInteger(Long.toUnsignedString(lo));
        return new java.math.BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(l);
    }
}
