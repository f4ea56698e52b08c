package org.consortia.mpc.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;

/** The stored sigmoid table is the fit SigmoidFit makes, and the approximation meets its bound in plaintext. */
class SigmoidTest {
    @Test
    void storedCoefficientsMatchAFreshFit() {
        double[][] fresh = SigmoidFit.fit(Sigmoid.SEGMENTS, Sigmoid.DEGREE);
        for (int k = 0; k < fresh.length; k++) {
            assertArrayEquals(fresh[k], Sigmoid.COEFFICIENTS[k], 1e-12, "segment " + k);
        }
    }

    @Test
    void plaintextBackendErrorBelowTheBoundOnAFineGrid() {
        PlainBackend be = new PlainBackend(2, new FixedPoint(16));
        int n = 200_001;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -25 + 50.0 * i / (n - 1);
        }
        double[] y = be.input(0, Shape.vector(n), x).sigmoid().reveal();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.abs(y[i] - 1 / (1 + Math.exp(-x[i])));
            worst = Math.max(worst, e);
            if (Math.abs(x[i]) >= 10) {
                assertEquals(x[i] > 0 ? 1.0 : 0.0, y[i], 0.0, "saturates exactly at " + x[i]);
            }
        }
        System.out.println("plaintext sigmoid max abs error on [-25, 25]: " + worst);
        assertTrue(worst <= 1e-4, "max error " + worst);
    }
}
