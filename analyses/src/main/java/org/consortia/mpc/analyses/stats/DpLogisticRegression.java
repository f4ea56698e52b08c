package org.consortia.mpc.analyses.stats;

import java.security.SecureRandom;
import java.util.Arrays;

import org.consortia.mpc.analyses.dp.DiscreteGaussian;
import org.consortia.mpc.analyses.stats.DpLinearRegression.Bounds;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Differentially private logistic regression by full-batch noisy gradient descent (DP-SGD with every row in every
 * step: the sampling rate the accountant assumes is 1), on rows split across parties, entirely inside the
 * computation: features clamped to public bounds and mapped to [-1, 1] (with a constant 1 for the bias), labels in
 * {0, 1}; each step computes p = sigmoid(Z w), clips every example's gradient (p_i - y_i) z_i to L2 norm
 * {@code clip} (the error is clamped to +-clip / ||z_i||, with ||z_i|| computed once), sums the clipped gradients,
 * rounds the sum to a grid of 2^-8, adds every party's own discrete Gaussian noise and takes the step. Only the final
 * weights are revealed, to the result party, in the original units.
 *
 * <p>Privacy: replacing one row moves each step's gradient sum by at most 2 clip in L2 (2 clip 2^8 + sqrt(d + 1) grid
 * steps with rounding); T steps of the Gaussian mechanism compose as T alpha D^2 / (2 sigma^2) in Rényi DP
 * ({@link org.consortia.mpc.analyses.dp.RdpAccountant}); each party's noise alone has the sigma for (epsilon, delta),
 * so whoever colludes, one honest party's noise protects the rows.
 */
public final class DpLogisticRegression {
    static final int GRID_BITS = 8;

    private DpLogisticRegression() {
    }

    /** The L2 sensitivity of one step's gradient sum, in grid steps. */
    public static double sensitivity(int d, double clip) {
        return 2 * clip * Math.scalb(1.0, GRID_BITS) + Math.sqrt(d + 1);
    }

    /** Each party's noise sigma per step (grid steps) for (epsilon, delta) over {@code steps} steps. */
    public static double sigma(int d, double clip, int steps, double epsilon, double delta) {
        return DiscreteGaussian.sigmaFor(epsilon, delta, sensitivity(d, clip), steps);
    }

    /**
     * @return at the result party: d weights then the bias, in the original units (logit = w x + b); {@code null}
     *         elsewhere
     */
    public static double[] fit(Backend be, int[] rows, int d, double[] mineX, double[] mineY, Bounds[] features, int steps,
            double lr, double clip, double epsilon, double delta, int resultParty, SecureRandom randomness) {
        int n = Arrays.stream(rows).sum();
        int f = be.fixedPoint().fracBits();
        if (features.length != d || rows.length != be.parties() || f <= GRID_BITS + 4 || steps < 1) {
            throw new MpcArgumentException("dp logistic regression: " + features.length + " bounds for "
                    + d + " features, " + rows.length + " row counts, fractional bits " + f + " (above " + (GRID_BITS + 4)
                    + "), steps " + steps);
        }
        SecretTensor[] scaled = DpLinearRegression.scaledRows(be, rows, d, mineX, mineY, features, new Bounds(0, 1));
        SecretTensor zt = scaled[0]; // [d + 1, n]
        SecretTensor z = zt.transpose(); // [n, d + 1]
        SecretTensor y = scaled[1].add(1.0).mul(0.5); // labels back to {0, 1}
        // the error bound per row: clip / ||z_i|| (||z_i|| >= 1: the constant column), computed once
        SecretTensor norm2 = z.mul(z).sum(1); // [n], in [1, d + 1]
        // the bound shrunk by the inverse square root's relative error (below 2^-6) and two steps of rounding, so that
        // |err_i| ||z_i|| <= clip holds for the approximate values too
        SecretTensor bound = norm2.rsqrt().mul(clip * (1 - Math.scalb(1.0, -6))).add(-2 * Math.scalb(1.0, -f)).relu()
                .reshape(Shape.matrix(n, 1));
        SecretTensor w = be.constant(Shape.matrix(d + 1, 1), new double[d + 1]);
        double sigma = sigma(d, clip, steps, epsilon, delta);
        // the step lr / n per grid unit as an integer with 16 more bits, so that it keeps its precision for any n
        long rate = Math.round(lr / n * Math.scalb(1.0, f - GRID_BITS + 16));
        for (int t = 0; t < steps; t++) {
            SecretTensor err = z.matmul(w).sigmoid().sub(y); // [n, 1]
            SecretTensor clipped = err.min(bound).max(bound.neg()); // ||err_i z_i|| <= clip
            SecretTensor grad = zt.matmul(clipped); // [d + 1, 1]
            long[] grid = be.truncate(grad.share(), grad.scale() - GRID_BITS);
            SecretTensor noisy = SecretTensor.fromShare(be, Shape.of(d + 1), grid, 0);
            noisy = noisy.add(DiscreteGaussian.everyPartysNoise(be, d + 1, sigma, randomness));
            // lr / n times the noisy sum, at scale f: an exact integer product, then one truncation of the 16 extra bits
            SecretTensor step = SecretTensor.fromShare(be, Shape.matrix(d + 1, 1),
                    be.truncate(be.ring().scale(noisy.share(), rate), 16), f);
            w = w.sub(step);
        }
        double[] out = w.reshape(Shape.of(d + 1)).revealTo(resultParty);
        if (out == null) {
            return null;
        }
        double[] orig = new double[d + 1];
        double bias = out[d];
        for (int j = 0; j < d; j++) {
            orig[j] = out[j] * features[j].scale();
            bias += out[j] * features[j].shift();
        }
        orig[d] = bias;
        return orig;
    }
}
