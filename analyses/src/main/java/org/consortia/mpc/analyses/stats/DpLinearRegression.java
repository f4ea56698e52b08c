package org.consortia.mpc.analyses.stats;

import java.security.SecureRandom;
import java.util.Arrays;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.analyses.dp.DiscreteGaussian;
import org.consortia.mpc.analyses.dp.OwnerClamp;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Differentially private linear regression by noisy sufficient statistics, for rows split across parties: every
 * party inputs its rows secretly; inside the computation each feature and the label are clamped to their declared
 * public bounds and mapped to [-1, 1] (the sensitivity is enforced, not trusted), the statistics Z^T Z and Z^T t (Z the
 * scaled features and a column of ones) are computed in one round of matrix products, rounded to a grid of 1/4, and
 * every party adds, as a secret input, a vector of discrete Gaussian noise of its own ({@link DiscreteGaussian});
 * the result party solves the noisy ridge system in the clear (post-processing; the ridge grows with the noise) and
 * maps the coefficients back to the original units.
 *
 * <p>Privacy: the row count is public (the spec declares rows per party), so neighbours replace one row. One row
 * contributes a vector of the K = (d+1)(d+2)/2 - 1 + (d+1) released entries (the count itself is public) with every
 * entry in [-1, 1], so a replacement moves the statistics by at most 2 sqrt(K) in L2: 8 sqrt(K) grid steps, 9 sqrt(K)
 * with rounding. Each party's noise alone has the sigma that makes this (epsilon, delta)-DP (Rényi curve of the discrete
 * Gaussian, CKS20): whoever colludes, one honest party's noise is unknown to them and gives the guarantee (the noise
 * is the sum over parties, so its variance is n times what one party's would need: the price of not trusting any
 * single party to draw it, for vectors, where binomial coins would need far more randomness).
 */
public final class DpLinearRegression {
    /** Grid bits of the released statistics: steps of 1/4, so a change of 2 is 8 steps (9 with rounding). */
    static final int GRID_BITS = 2;
    /** The ridge added per unit of the noise's standard deviation in the statistics. */
    static final double NOISE_RIDGE = 2.5;

    private DpLinearRegression() {
    }

    /** A column's public clamp range. */
    public record Bounds(double lower, double upper) {
        public Bounds {
            if (!(upper > lower) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
                throw new MpcArgumentException("bounds [" + lower + ", " + upper + "]: need lower < upper, both finite");
            }
        }

        double scale() {
            return 2 / (upper - lower);
        }

        double shift() {
            return -(upper + lower) / (upper - lower);
        }
    }

    /** The released entries for d features. */
    public static int releasedEntries(int d) {
        return (d + 1) * (d + 2) / 2 - 1 + (d + 1);
    }

    /** The L2 sensitivity of the released statistics in grid steps, for d features. */
    public static double sensitivity(int d) {
        return 9 * Math.sqrt(releasedEntries(d));
    }

    /** Each party's noise sigma (grid steps) for (epsilon, delta) over d features. */
    public static double sigma(int d, double epsilon, double delta) {
        return DiscreteGaussian.sigmaFor(epsilon, delta, sensitivity(d), 1);
    }

    /**
     * @param rows          rows per party (public)
     * @param mineX         this party's rows x d features (row-major), read at its owner only
     * @param mineY         this party's labels
     * @param randomness    this party's coins' source
     * @return at the result party: d coefficients then the intercept, in the original units; {@code null} elsewhere
     */
    public static double[] fit(Backend be, int[] rows, int d, double[] mineX, double[] mineY, Bounds[] features, Bounds label,
            double epsilon, double delta, double ridge, int resultParty, SecureRandom randomness) {
        if (features.length != d || rows.length != be.parties()) {
            throw new MpcArgumentException("dp linear regression: " + features.length + " feature bounds for " + d
                    + " features, " + rows.length + " row counts for " + be.parties() + " parties");
        }
        int n = Arrays.stream(rows).sum();
        SecretTensor[] scaled = scaledRows(be, rows, d, mineX, mineY, features, label);
        SecretTensor zt = scaled[0];
        SecretTensor labels = scaled[1];
        SecretTensor[] stats = SecretTensor.matmulAll(new SecretTensor[] {zt, zt}, new SecretTensor[] {zt.transpose(), labels});
        // the upper triangle of Z^T Z but the row count (public), then Z^T y: gathered on the backend's ring
        int k = releasedEntries(d);
        int[] upper = new int[k - (d + 1)];
        int at = 0;
        for (int i = 0; i <= d; i++) {
            for (int j = i; j <= d; j++) {
                if (i != d || j != d) {
                    upper[at++] = i * (d + 1) + j;
                }
            }
        }
        ShareRing r = be.ring();
        long[] released = r.concat(r.gather(stats[0].share(), upper), stats[1].share());
        int f = be.fixedPoint().fracBits();
        long[] grid = be.truncate(released, stats[0].scale() - GRID_BITS);
        SecretTensor noisy = SecretTensor.fromShare(be, Shape.of(k), grid, 0);
        double sigma = sigma(d, epsilon, delta);
        noisy = noisy.add(DiscreteGaussian.everyPartysNoise(be, k, sigma, randomness));
        double[] open = noisy.revealTo(resultParty);
        if (open == null) {
            return null;
        }
        // the ridge grows with the noise (as AdaSSP does, Wang 2018): noise of standard deviation s in every entry of
        // Z^T Z makes small eigenvalues meaningless; 2.5 s (public: from epsilon, delta and the parties) keeps the solve
        // stable, and vanishes as epsilon grows
        double noiseSd = sigma * Math.sqrt(be.parties()) * Math.scalb(1.0, -GRID_BITS);
        return solve(open, d, n, features, label, ridge + NOISE_RIDGE * noiseSd, f);
    }

    /**
     * Every party's rows, secretly input, clamped to the public bounds and mapped to [-1, 1] inside the computation
     * (one comparison batch for all columns and the label): the features transposed with a row of ones appended,
     * [d + 1, n], and the labels, [n, 1]. Rows in party order.
     */
    static SecretTensor[] scaledRows(Backend be, int[] rows, int d, double[] mineX, double[] mineY, Bounds[] features,
            Bounds label) {
        int n = Arrays.stream(rows).sum();
        double[] lowers = new double[d];
        double[] uppers = new double[d];
        for (int j = 0; j < d; j++) {
            lowers[j] = features[j].lower();
            uppers[j] = features[j].upper();
        }
        double[] ownX = OwnerClamp.clampColumns(mineX, lowers, uppers); // no value of the data can fail the encoding
        double[] ownY = OwnerClamp.clamp(mineY, label.lower(), label.upper());
        // the scaled features as [d + 1, n] (transposed: one row per feature, then the ones), and the labels as [n, 1]
        SecretTensor[] cols = new SecretTensor[d];
        SecretTensor t = null;
        for (int k = 0; k < be.parties(); k++) {
            SecretTensor xk = be.input(k, Shape.matrix(rows[k], d), k == be.party() ? ownX : null);
            SecretTensor yk = be.input(k, Shape.of(rows[k]), k == be.party() ? ownY : null);
            SecretTensor xt = xk.transpose(); // [d, rows_k]
            for (int j = 0; j < d; j++) {
                SecretTensor c = xt.take(range(j * rows[k], rows[k]), Shape.of(rows[k]));
                cols[j] = cols[j] == null ? c : cols[j].concat(0, c);
            }
            t = t == null ? yk : t.concat(0, yk);
        }
        // clamp to the public bounds and map to [-1, 1], every column and the label in one comparison batch
        SecretTensor all = null;
        for (int j = 0; j <= d; j++) {
            Bounds b = j < d ? features[j] : label;
            SecretTensor c = (j < d ? cols[j] : t).mul(b.scale()).add(b.shift());
            all = all == null ? c : all.concat(0, c);
        }
        all = all.clamp(-1, 1);
        ShareRing r = be.ring();
        long[] z = all.share();
        long[] ones = new long[n];
        Arrays.fill(ones, be.fixedPoint().encode(1.0));
        long[] onesAndFeatures = r.concat(r.slice(z, 0, d * n), be.publicShare(ones));
        SecretTensor zt = SecretTensor.fromShare(be, Shape.matrix(d + 1, n), onesAndFeatures, all.scale()); // [d+1, n]
        SecretTensor labels = SecretTensor.fromShare(be, Shape.matrix(n, 1), r.slice(z, d * n, (d + 1) * n), all.scale());
        return new SecretTensor[] {zt, labels};
    }

    private static int[] range(int from, int len) {
        int[] r = new int[len];
        for (int i = 0; i < len; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** The result party's post-processing: the noisy statistics to coefficients in the original units. */
    static double[] solve(double[] open, int d, int n, Bounds[] features, Bounds label, double ridge, int f) {
        double step = Math.scalb(1.0, -GRID_BITS);
        double[][] a = new double[d + 1][d + 1];
        int at = 0;
        for (int i = 0; i <= d; i++) {
            for (int j = i; j <= d; j++) {
                double v = i == d && j == d ? n : open[at++] * step;
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        double[] b = new double[d + 1];
        for (int i = 0; i <= d; i++) {
            b[i] = open[at++] * step;
        }
        for (int i = 0; i < d; i++) {
            a[i][i] += ridge; // the intercept is not penalised
        }
        double[] beta = gauss(a, b);
        double[] out = new double[d + 1];
        double intercept = beta[d] - label.shift();
        for (int j = 0; j < d; j++) {
            out[j] = beta[j] * features[j].scale() / label.scale();
            intercept += beta[j] * features[j].shift();
        }
        out[d] = intercept / label.scale();
        return out;
    }

    /** Gaussian elimination with partial pivoting (a small dense system, in the clear). */
    public static double[] gauss(double[][] a0, double[] b0) {
        int m = b0.length;
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) {
            a[i] = Arrays.copyOf(a0[i], m + 1);
            a[i][m] = b0[i];
        }
        for (int c = 0; c < m; c++) {
            int p = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[p];
            a[p] = tmp;
            if (a[c][c] == 0) {
                throw new MpcArgumentException("dp linear regression: the noisy system is singular; raise the ridge");
            }
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double q = a[r][c] / a[c][c];
                    for (int k = c; k <= m; k++) {
                        a[r][k] -= q * a[c][k];
                    }
                }
            }
        }
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = a[i][m] / a[i][i];
        }
        return x;
    }
}
