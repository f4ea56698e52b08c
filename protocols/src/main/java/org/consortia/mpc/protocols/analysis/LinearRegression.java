package org.consortia.mpc.protocols.analysis;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Ridge (or ordinary, lambda = 0) linear regression on secret data, with secure standardization; only the
 * fitted model is revealed, and only to the result parties.
 * <pre>
 *   Z = standardized [X | y] ({@link Standardization}), R = Z'Z (the correlation matrix; one secure matmul)
 *   solve (R_xx + lambda I) b = R_xy                   (Newton-Schulz: V &lt;- V (2I - A V), V0 = I / trace)
 *   coefficients: b (standardized), b_j sd_y / sd_j (original units), intercept mu_y - sum b_j mu_j, R^2 = b . R_xy
 * </pre>
 * The trace of R_xx + lambda I is p (1 + lambda) and public, so the iteration needs no secret reciprocal. Run it
 * with 20 fractional bits for tens of thousands of rows with raw feature values up to ~4e4 (the variances
 * must stay below 2^24); lambda applies to standardized features with a per-row averaged loss.
 */
public final class LinearRegression {
    /** The fitted model, revealed to one party. */
    public record Fit(double[] standardized, double[] coefficients, double intercept, double r2) {
    }

    private LinearRegression() {
    }

    /**
     * @param x  n x p features (rows stacked from horizontally split data, or columns concatenated from
     *           vertically split data)
     * @param y  n x 1 outcome
     * @return the fit at {@code resultParty}, {@code null} elsewhere
     */
    public static Fit fit(SecretTensor x, SecretTensor y, double lambda, int iterations, int resultParty) {
        Backend be = x.backend();
        int n = x.shape().rows();
        int p = x.shape().cols();
        if (y.shape().rows() != n || y.shape().cols() != 1) {
            throw new MpcArgumentException("linear regression: outcome " + y.shape() + " does not match features " + x.shape());
        }
        if (lambda < 0 || n < 2 || p < 1) {
            throw new MpcArgumentException("linear regression: needs lambda >= 0, n >= 2 and p >= 1; got " + lambda + ", " + n
                    + ", " + p);
        }
        int f = be.fixedPoint().fracBits();
        int q = p + 1;
        Standardization st = Standardization.of(x.concat(1, y));           // over [X | y]
        SecretTensor r = st.z().transpose().matmul(st.z());               // q x q correlation matrix
        long[] mu = st.mean().share();
        long[] invs = st.invSd().share();
        SecretTensor var = st.var();
        long[] rs = r.share();
        long[] a = new long[p * p];
        long[] b = new long[p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(rs, i * q, a, i * p, p);
            b[i] = rs[i * q + p];
        }
        SecretTensor am = SecretTensor.fromShare(be, Shape.matrix(p, p), a, f);
        double[] ridge = new double[p * p];
        double[] two = new double[p * p];
        double[] v0 = new double[p * p];
        for (int i = 0; i < p; i++) {
            ridge[i * p + i] = lambda;
            two[i * p + i] = 2;
            v0[i * p + i] = 1.0 / (p * (1 + lambda));
        }
        am = am.addPublic(ridge);
        SecretTensor v = be.constant(Shape.matrix(p, p), v0);
        for (int it = 0; it < iterations; it++) {
            v = v.matmul(am.matmul(v).neg().addPublic(two));
        }
        SecretTensor bs = v.matmul(SecretTensor.fromShare(be, Shape.matrix(p, 1), b, f)); // standardized coefficients
        SecretTensor r2 = bs.reshape(Shape.vector(p)).dot(SecretTensor.fromShare(be, Shape.vector(p), b.clone(), f));
        // original units: b_j * sd_y / sd_j, sd_y = var_y / sqrt(var_y)
        long[] varS = var.share();
        SecretTensor sdY = SecretTensor.fromShare(be, Shape.vector(1), new long[] {varS[p]}, f)
                .mul(SecretTensor.fromShare(be, Shape.vector(1), new long[] {invs[p]}, f));
        long[] sdYs = sdY.share();
        long[] sdYSpread = new long[p];
        java.util.Arrays.fill(sdYSpread, sdYs[0]);
        SecretTensor scale = SecretTensor.fromShare(be, Shape.vector(p), java.util.Arrays.copyOf(invs, p), f)
                .mul(SecretTensor.fromShare(be, Shape.vector(p), sdYSpread, f));
        SecretTensor coef = bs.reshape(Shape.vector(p)).mul(scale);
        SecretTensor muX = SecretTensor.fromShare(be, Shape.vector(p), java.util.Arrays.copyOf(mu, p), f);
        SecretTensor intercept = SecretTensor.fromShare(be, Shape.vector(1), new long[] {mu[p]}, f).sub(coef.dot(muX));
        SecretTensor all = bs.reshape(Shape.vector(p)).concat(0, coef, intercept, r2);
        double[] out = all.revealTo(resultParty);
        if (out == null) {
            return null;
        }
        return new Fit(java.util.Arrays.copyOfRange(out, 0, p), java.util.Arrays.copyOfRange(out, p, 2 * p), out[2 * p],
                out[2 * p + 1]);
    }
}
