package org.consortia.mpc.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;

/** The GELU spline meets its bound at every input of 16 fractional bits on [-6, 6], and is relu beyond 5. */
class GeluSplineTest {
    /** The bound GeluSpline's comment states: the fit and one least significant bit of truncation. */
    static final double BOUND = 5e-5;

    static double gelu(double x) {
        return x * 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
    }

    @Test
    void withinTheBoundAtEveryInputAndRelUFromFive() {
        int f = 16;
        Spline s = GeluSpline.of(f);
        int shift = GeluSpline.SCALE - f;
        double worst = 0;
        for (long u = -(6L << f); u <= 6L << f; u++) {
            double x = Math.scalb((double) u, -f);
            double relu = Math.max(0, u);
            for (long v : SigmoidSplineTest.candidates(s, u)) {
                for (long t = v >> shift; t <= (v >> shift) + 1; t++) { // the truncation: the floor or one more
                    if ((v & ((1L << shift) - 1)) == 0 && t > v >> shift) {
                        continue;
                    }
                    worst = Math.max(worst, Math.abs(Math.scalb(relu - t, -f) - gelu(x)));
                }
                if (Math.abs(u) >= 5L << f) {
                    assertEquals(0, v, "delta exactly 0 at " + u);
                }
            }
        }
        System.out.println("gelu spline, 16 fractional bits: max abs error " + worst);
        assertTrue(worst <= BOUND, "max error " + worst);
    }

    @Test
    void thePlaintextBackendGivesReluMinusTheSplineAndRefusesWideInputs() {
        PlainBackend be = new PlainBackend(2, new FixedPoint(16));
        double[] x = {-7, -5, -1.25, -0.001, 0, 0.3, 1, 2.75, 4.999, 5, 40};
        double[] y = be.input(0, Shape.vector(x.length), x).gelu().reveal();
        for (int i = 0; i < x.length; i++) {
            assertEquals(gelu(x[i]), y[i], BOUND, "gelu(" + x[i] + ")");
            if (Math.abs(x[i]) >= 5) {
                assertEquals(Math.max(0, x[i]), y[i], 0.0, "exactly relu at " + x[i]);
            }
        }
        PlainBackend wide = new PlainBackend(2, new FixedPoint(20));
        assertThrows(MpcArgumentException.class, () -> wide.input(0, Shape.vector(1), new double[] {1}).gelu());
    }
}
