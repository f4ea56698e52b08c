package org.consortia.mpc.analyses.stats;

import java.security.SecureRandom;

import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.analyses.dp.DiscreteGaussian;
import org.consortia.mpc.analyses.dp.OwnerClamp;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Differentially private secure sum (or mean) of one vector per party, as federated learning aggregates model
 * updates: every entry is clamped to the public [-bound, bound] and every vector clipped to L2 norm {@code clip}
 * inside the computation (scaled by min(1, clip / ||v||): the sensitivity is enforced, not trusted), the clipped
 * vectors are summed, the sum is rounded to a grid of 2^-8 and every party adds its own discrete Gaussian noise before
 * the sum is revealed to the recipient. Neighbours replace one party's vector: the sum moves by at most 2 C in L2,
 * with C the clip plus what fixed point can add to it (the inverse square root's relative error, below 2^-6, and the
 * rounding of the factor and of every product: see {@link #effectiveClip}), 2 C 2^8 + sqrt(length) grid steps with
 * rounding; each party's noise alone gives (epsilon, delta), so one honest party's noise protects every contributor.
 */
public final class DpAggregation {
    static final int GRID_BITS = 8;
    /** The longest vector (its noise and clipping run in one piece). */
    public static final int MAX_LENGTH = 1 << 20;

    private DpAggregation() {
    }

    /** The most a clipped vector's norm can be, for entries in [-bound, bound], at the fixed point's f bits. */
    public static double effectiveClip(int length, double clip, double bound, int f) {
        double norm = Math.sqrt(length) * bound;
        return clip * (1 + Math.scalb(1.0, -6)) + (4 * norm + 2 * Math.sqrt(length)) * Math.scalb(1.0, -f);
    }

    public static double sensitivity(int length, double clip, double bound, int f) {
        return 2 * effectiveClip(length, clip, bound, f) * Math.scalb(1.0, GRID_BITS) + Math.sqrt(length);
    }

    /** Each party's noise sigma (grid steps). */
    public static double sigma(int length, double clip, double bound, int f, double epsilon, double delta) {
        return DiscreteGaussian.sigmaFor(epsilon, delta, sensitivity(length, clip, bound, f), 1);
    }

    /** Whether the squared norms stay inside the wide inverse square root's range (below 2^22: a margin under 2^24). */
    public static boolean inRange(int length, double bound) {
        return length * bound * bound < Math.scalb(1.0, 22);
    }

    /** The noisy sum (or mean over the parties) revealed to {@code recipient}; {@code null} elsewhere. */
    public static double[] sum(Backend be, int length, double[] mine, double clip, double bound, boolean mean, double epsilon,
            double delta, int recipient, SecureRandom randomness) {
        int f = be.fixedPoint().fracBits();
        if (length < 1 || length > MAX_LENGTH || !(clip >= Math.scalb(1.0, -8) && clip <= 4096) || !(bound > 0)
                || !inRange(length, bound) || f <= GRID_BITS + 4) {
            throw new MpcArgumentException("dp aggregation: length " + length + " (1 to " + MAX_LENGTH + "), clip " + clip
                    + " (2^-8 to 4096), bound " + bound + " (length bound^2 below 2^22), fractional bits " + f + " (above "
                    + (GRID_BITS + 4) + ")");
        }
        int n = be.parties();
        // every party's vector, one row each: [n, length]
        SecretTensor all = null;
        for (int p = 0; p < n; p++) {
            SecretTensor v = be.input(p, Shape.matrix(1, length), p == be.party() ? OwnerClamp.clamp(mine, -bound, bound) : null);
            all = all == null ? v : all.concat(0, v);
        }
        all = all.clamp(-bound, bound); // enforced here whatever an owner inputs; the squared norms stay inside the inverse square root's range
        // clip: factor_p = clip min(1 / clip, 1 / ||v_p||), the inverse norm from the wide inverse square root
        SecretTensor norm2 = all.mul(all).sum(1); // [n]
        SecretTensor inv = SecretTensor.fromShare(be, norm2.shape(), Approx.rsqrtWide(be, norm2.share(), f), norm2.scale());
        SecretTensor factor = inv.min(be.constant(norm2.shape(), filled(n, 1 / clip))).mul(clip);
        long[] spread = be.ring().spread(factor.share(), length); // member p's factor for each of its entries
        SecretTensor clipped = all.mul(SecretTensor.fromShare(be, all.shape(), spread, factor.scale()));
        SecretTensor total = clipped.sum(0); // [length]
        long[] grid = be.truncate(total.share(), total.scale() - GRID_BITS);
        SecretTensor noisy = SecretTensor.fromShare(be, Shape.of(length), grid, 0);
        double sigma = sigma(length, clip, bound, f, epsilon, delta);
        noisy = noisy.add(DiscreteGaussian.everyPartysNoise(be, length, sigma, randomness));
        double[] out = noisy.revealTo(recipient);
        if (out == null) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            out[i] = Math.scalb(out[i], -GRID_BITS) / (mean ? n : 1);
        }
        return out;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
