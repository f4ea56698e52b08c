package org.consortia.mpc.protocols;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;

/** The approximations on the plaintext backend, over their documented ranges, with explicit bounds. */
class ApproxTest {
    private static final double LSB = 1.0 / 65536;

    /**
     * Max over the grid of |got - exact| / max(|exact|, floor), where exact is the function of the encoded input
     * (the encoding of x itself is off by up to half an LSB, which is 0.76% of 0.001).
     */
    private static double worst(UnaryOperator<SecretTensor> fn, DoubleUnaryOperator exact, double[] x, double floor) {
        FixedPoint fp = new FixedPoint(16);
        PlainBackend be = new PlainBackend(2, fp);
        double[] y = fn.apply(be.input(0, Shape.vector(x.length), x)).reveal();
        double w = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(fp.decode(fp.encode(x[i])));
            w = Math.max(w, Math.abs(y[i] - e) / Math.max(Math.abs(e), floor));
        }
        return w;
    }

    private static double[] grid(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
        }
        return x;
    }

    private static double[] logGrid(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo * Math.pow(hi / lo, (double) i / (n - 1));
        }
        return x;
    }

    @Test
    void expRelativeErrorWhereRepresentableAndAbsoluteElsewhere() {
        double rel = worst(SecretTensor::exp, Math::exp, grid(-4, 10, 50_001), 1e-300);
        double abs = worst(SecretTensor::exp, Math::exp, grid(-16, -4, 50_001), 1.0);
        System.out.println("exp: rel " + rel + " on [-4, 10], abs " + abs + " on [-16, -4]");
        assertTrue(rel <= 1e-3, "relative " + rel);
        assertTrue(abs <= 4 * LSB, "absolute " + abs);
    }

    @Test
    void reciprocalRsqrtSqrtLog() {
        // relative where the output has at least 10 significant bits (|1/x| >= 1/64, as docs/accuracy.md states)
        double rec = worst(SecretTensor::reciprocal, v -> 1 / v, logGrid(1e-3, 1e4, 50_001), 1.0 / 64);
        double recAbs = worst(SecretTensor::reciprocal, v -> 1 / v, logGrid(1e-3, 1e4, 50_001), 1.0);
        double rs = worst(SecretTensor::rsqrt, v -> 1 / Math.sqrt(v), logGrid(1e-3, 6e4, 50_001), 1.0);
        double sq = worst(SecretTensor::sqrt, Math::sqrt, logGrid(1e-3, 6e4, 50_001), 1.0);
        double ln = worst(SecretTensor::log, Math::log, logGrid(1e-3, 1e4, 50_001), 1.0);
        System.out.println("reciprocal rel " + rec + " (abs-or-rel " + recAbs + "), rsqrt rel " + rs + ", sqrt " + sq + ", log " + ln);
        assertTrue(rec <= 1e-3, "reciprocal relative (floor 1/64) " + rec);
        assertTrue(recAbs <= 1e-3, "reciprocal abs-or-rel " + recAbs);
        assertTrue(rs <= 1e-3, "rsqrt " + rs);
        assertTrue(sq <= 1e-3, "sqrt " + sq);
        assertTrue(ln <= 1e-3, "log " + ln);
    }

    @Test
    void softmaxRowsSumToOneAndMatch() {
        PlainBackend be = new PlainBackend(2, new FixedPoint(16));
        double[] x = grid(-8, 8, 60);
        double[] y = be.input(0, Shape.matrix(6, 10), x).softmax().reveal();
        for (int r = 0; r < 6; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 10; j++) {
                m = Math.max(m, x[r * 10 + j]);
            }
            double s = 0;
            for (int j = 0; j < 10; j++) {
                s += Math.exp(x[r * 10 + j] - m);
            }
            for (int j = 0; j < 10; j++) {
                double e = Math.exp(x[r * 10 + j] - m) / s;
                assertTrue(Math.abs(y[r * 10 + j] - e) <= 1e-3, "row " + r + " col " + j + ": " + y[r * 10 + j] + " vs " + e);
            }
        }
    }
}
