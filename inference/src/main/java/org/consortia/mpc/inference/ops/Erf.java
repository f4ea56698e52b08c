package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * erf(x) ~ tanh(x (A + B x^2)) = 2 sigmoid(2 x (A + B x^2)) - 1, the cubic's argument clamped to [-8, 8] (where the
 * sigmoid has saturated and x^3 cannot overflow the ring).
 */
@AutoService(ElementwiseOp.class)
public final class Erf implements ElementwiseOp {
    /**
     * erf(z) ~ tanh(z (A + B z^2)): coefficients fitted for the least maximum error over the reals (2.81e-4; tanh
     * saturates where the cubic grows). docs/accuracy.md gives the error through the protocol.
     */
    public static final double A = 1.12967583;
    public static final double B = 0.0997927;

    // upper bounds of the counters (ElementwiseOpsTest: 2, 3, 5 parties, boolean and FSS, 7 and 200 elements):
    // the rounds, and the words per element plus 64 (small sizes: the comparisons pack their bits in whole words)
    static final int ROUNDS = 39;
    static final long WORDS = 102;
    static final long FIXED_WORDS = 64;

    @Override
    public String name() {
        return "Erf";
    }

    @Override
    public String programName() {
        return "erf";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("Erf");
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return erf(x);
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return sigmoidOfCubic(x, 2 * A, 2 * B).mul(2L).add(-1.0);
    }

    /**
     * sigmoid(z (a + b z^2)) with z = x clamped to [-8, 8] (where the sigmoid has saturated for the cubics of erf and
     * both GELUs, and z^3 cannot overflow the ring): the common form of {@link Erf}, {@link Gelu} and {@link GeluTanh}.
     */
    static SecretTensor sigmoidOfCubic(SecretTensor x, double a, double b) {
        SecretTensor z = x.clamp(-8, 8);
        return z.mul(z.mul(z).mul(b).add(a)).sigmoid();
    }

    @Override
    public Cost cost(int n) {
        return new Cost(ROUNDS, WORDS * n + FIXED_WORDS);
    }

    @Override
    public Example example() {
        return new Example(0, 0, -3, 3, 5e-4);
    }

    /** The error function (Abramowitz and Stegun 7.1.26 is too coarse for a reference: series / continued fraction). */
    public static double erf(double x) {
        double t = Math.abs(x);
        if (t > 6) {
            return Math.signum(x);
        }
        double sum = 0;
        if (t < 2.5) { // Maclaurin series, alternating: converges fast enough here in double precision
            double term = t;
            for (int k = 0; k < 200; k++) {
                double add = term / (2 * k + 1);
                sum += add;
                if (Math.abs(add) < 1e-17) {
                    break;
                }
                term *= -t * t / (k + 1);
            }
            return Math.signum(x) * 2 / Math.sqrt(Math.PI) * sum;
        }
        double cf = 0; // erfc by its continued fraction
        for (int k = 60; k >= 1; k--) {
            cf = k / 2.0 / (t + cf);
        }
        double erfc = Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + cf);
        return Math.signum(x) * (1 - erfc);
    }
}
