package org.consortia.mpc.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sigmoid spline meets its bound at every input of 16 fractional bits (plaintext, exhaustively on [-11, 11]),
 * saturates exactly, and the spline's evaluation from comparisons and products on the plaintext backend gives the
 * same integers as {@link Spline#valueAt} (what the function-secret-sharing evaluation must match on shares).
 */
class SigmoidSplineTest {
    /** The bound SigmoidSpline's comment states inside: fit, coefficient rounding and one bit of truncation. */
    static final double BOUND = 3e-5;

    /** Beyond: 1 - sigmoid(10), the exact saturation's error. */
    static final double SATURATION = 4.6e-5;

    @Test
    void withinTheBoundAtEveryInputAndExactlyZeroOrOneFromTen() {
        int f = 16;
        Spline s = SigmoidSpline.of(f);
        int shift = SigmoidSpline.SCALE - f;
        long edge = (10L << f) - (1L << s.slack()); // inside: where the pieces alone decide
        double worst = 0;
        double saturated = 0;
        for (long u = -(11L << f); u <= 11L << f; u++) {
            double exact = 1 / (1 + Math.exp(-Math.scalb((double) u, -f)));
            for (long v : candidates(s, u)) {
                for (long t = v >> shift; t <= (v >> shift) + 1; t++) { // the truncation: the floor or one more
                    if ((v & ((1L << shift) - 1)) == 0 && t > v >> shift) {
                        continue; // an exact multiple truncates exactly
                    }
                    double e = Math.abs(Math.scalb((double) t, -f) - exact);
                    if (Math.abs(u) < edge) {
                        worst = Math.max(worst, e);
                    } else {
                        saturated = Math.max(saturated, e);
                    }
                }
                if (u <= -(10L << f)) {
                    assertEquals(0, v, "exactly 0 at " + u);
                } else if (u >= 10L << f) {
                    assertEquals(1L << SigmoidSpline.SCALE, v, "exactly 1 at " + u);
                }
            }
        }
        System.out.println("sigmoid spline, 16 fractional bits: max abs error " + worst + " on |x| < 10 - 2^-8, "
                + saturated + " beyond");
        assertTrue(worst <= BOUND, "max error " + worst);
        assertTrue(saturated <= SATURATION, "max error at the saturation " + saturated);
        assertEquals(1L << SigmoidSpline.SCALE, s.valueAt(Long.MAX_VALUE >> 2));
        assertEquals(0, s.valueAt(Long.MIN_VALUE >> 2));
    }

    /** What an evaluation may give at u: its piece, or within the slack below a break the piece above. */
    static long[] candidates(Spline s, long u) {
        long c = Math.min(s.hi(), Math.max(s.lo(), u));
        int k = s.pieceOf(c);
        if (k < s.pieces() - 1 && s.breakAt(k) - c < 1L << s.slack()) {
            return new long[] {s.valueAt(u), s.valueOf(k + 1, u)};
        }
        return new long[] {s.valueAt(u)};
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 12, 16})
    void comparisonsAndProductsOnThePlaintextBackendGiveTheSplinesIntegers(int f) {
        PlainBackend be = new PlainBackend(2, new FixedPoint(f));
        Spline s = SigmoidSpline.of(f);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5917E + f);
        System.out.println("SigmoidSplineTest seed " + (0x5917E + f));
        long[] x = new long[4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < 40 ? s.breaks()[i % s.breaks().length] - (i / s.breaks().length) % 2 // every break, and below it
                    : i < 50 ? (i % 2 == 0 ? 1 : -1) * (Long.MAX_VALUE >> 2) / (i - 39)
                    : rnd.nextLong(-(12L << f), 12L << f);
        }
        long[] got = be.spline(x, s);
        long[] want = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = s.valueAt(x[i]);
        }
        assertArrayEquals(want, got);
    }

    @Test
    void piecesInPowersOfTheMaskAreThePieceAtZMinusTheMask() {
        Spline s = SigmoidSpline.of(16);
        long[] a = new long[s.degree() + 1];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int t = 0; t < 1000; t++) {
            long u = rnd.nextLong(-(10L << 16), 10L << 16);
            long r = rnd.nextLong();
            long z = u + r;
            int k = s.pieceOf(u);
            s.inPowersOfMask(k, z, a);
            long v = 0;
            long power = 1;
            for (long c : a) {
                v += c * power;
                power *= r;
            }
            assertEquals(s.valueAt(u), v, "u = " + u);
        }
    }

    @Test
    void malformedSplinesAreRefused() {
        long[][] c = {{0}, {1}};
        assertThrows(MpcArgumentException.class, () -> new Spline(0, 10, new long[] {0}, new long[2], c, 20));
        assertThrows(MpcArgumentException.class, () -> new Spline(0, 10, new long[] {5, 5}, new long[3], new long[][] {{0}, {1}, {2}}, 20));
        assertThrows(MpcArgumentException.class, () -> new Spline(0, 10, new long[] {5}, new long[1], c, 20));
        assertThrows(MpcArgumentException.class, () -> new Spline(0, 1L << 41, new long[] {5}, new long[2], c, 20));
        assertThrows(MpcArgumentException.class, () -> new Spline(0, 10, new long[] {5}, new long[2], c, 63));
        assertEquals(new Spline(0, 10, new long[] {5}, new long[2], c, 20), new Spline(0, 10, new long[] {5}, new long[2], c, 20));
        assertThrows(MpcArgumentException.class, () -> new Spline(0, 100, new long[] {3}, new long[2], c, 20, 2)); // 2^2 from lo
        new Spline(0, 100, new long[] {4}, new long[2], c, 20, 2);
        Spline s = new Spline(0, 10, new long[] {5}, new long[2], c, 20);
        s.breaks()[0] = 7;
        s.coefficients()[1][0] = 9;
        assertEquals(5, s.breakAt(0), "the accessors give copies");
        assertEquals(1, s.valueAt(6));
    }
}
