package org.consortia.mpc.analyses.stats;

import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Ring;
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
        int q = p + 1;
        Standardization st = Standardization.of(x.concat(1, y));           // over [X | y]
        SecretTensor r = st.z().transpose().matmul(st.z());               // q x q correlation matrix
        return solve(be, p, r.share(), st.mean().share(), st.invSd().share(), st.var().share(), lambda, iterations,
                resultParty);
    }

    /**
     * The same fit over data split by rows, from each party's local sufficient statistics instead of its rows:
     * party k inputs the mean of its rows of [X | y] and its centred scatter matrix divided by the total row count
     * (see {@link LocalMoments}, computed in plaintext over its own rows, a chunk at a time); inside the
     * computation
     * <pre>
     *   mu = sum_k w_k mean_k,  w_k = n_k / n (public: the rows each party declares)
     *   C  = sum_k scatter_k / n + sum_k w_k (mean_k - mu)(mean_k - mu)'    (the pooled covariance, no cancellation)
     *   s  = 1/sqrt(diag C),  R = diag(s) C diag(s)                         (the correlation matrix)
     * </pre>
     * and then the same solve as {@link #fit}. It reveals exactly what {@link #fit} reveals, costs a constant
     * number of rounds and O(q^2) words whatever the rows, and each party's memory is that of one chunk.
     *
     * @param rowsPerParty rows of every party (public); party k's {@code mine.count()} must equal rowsPerParty[k]
     * @param columns      q = features + 1 (the outcome is the last column)
     * @param mine         this party's moments ({@code null} at a party with no rows of its own to input)
     */
    public static Fit fitFromMoments(Backend be, long[] rowsPerParty, int columns, LocalMoments mine, double lambda,
            int iterations, int resultParty) {
        int parties = be.parties();
        int q = columns;
        int p = q - 1;
        if (rowsPerParty.length != parties) {
            throw new MpcArgumentException("linear regression: " + rowsPerParty.length + " row counts for " + parties + " parties");
        }
        long n = 0;
        for (long k : rowsPerParty) {
            if (k < 1) {
                throw new MpcArgumentException("linear regression: every party needs at least one row, got " + k);
            }
            n += k;
        }
        if (lambda < 0 || n < 2 || p < 1) {
            throw new MpcArgumentException("linear regression: needs lambda >= 0, n >= 2 and p >= 1; got " + lambda + ", " + n
                    + ", " + p);
        }
        int self = be.party();
        if (self < parties && mine != null && (mine.columns() != q || mine.count() != rowsPerParty[self])) {
            throw new MpcArgumentException("linear regression: this party's moments cover " + mine.count() + " rows of "
                    + mine.columns() + " columns, the job declares " + rowsPerParty[self] + " rows of " + q);
        }
        int f = be.fixedPoint().fracBits();
        ShareRing r = be.ring();
        SecretTensor mu = null;
        SecretTensor c = null;
        SecretTensor[] means = new SecretTensor[parties];
        for (int k = 0; k < parties; k++) {
            double[] v = null;
            if (k == self && mine != null) {
                double w = (double) rowsPerParty[k] / n;
                double[] m = mine.mean();
                double[] sc = mine.scatter();
                v = new double[2 * q + q * q];
                for (int j = 0; j < q; j++) {
                    v[j] = m[j];
                    v[q + j] = w * m[j];
                }
                for (int j = 0; j < q * q; j++) {
                    v[2 * q + j] = sc[j] / n;
                }
            }
            long[] t = be.input(k, Shape.vector(2 * q + q * q), v).share();
            means[k] = SecretTensor.fromShare(be, Shape.matrix(1, q), r.slice(t, 0, q), f);
            SecretTensor wm = SecretTensor.fromShare(be, Shape.vector(q), r.slice(t, q, 2 * q), f);
            SecretTensor sk = SecretTensor.fromShare(be, Shape.matrix(q, q), r.slice(t, 2 * q, 2 * q + q * q), f);
            mu = mu == null ? wm : mu.add(wm);
            c = c == null ? sk : c.add(sk);
        }
        // between-party scatter: D'D with D's row k = sqrt(w_k) (mean_k - mu), one truncation and one matmul
        SecretTensor muRow = mu.reshape(Shape.matrix(1, q));
        long[][] d = new long[parties][];
        for (int k = 0; k < parties; k++) {
            d[k] = r.scale(means[k].sub(muRow).share(), be.fixedPoint().encode(Math.sqrt((double) rowsPerParty[k] / n)));
        }
        SecretTensor dm = SecretTensor.fromShare(be, Shape.matrix(parties, q), be.truncate(r.concat(d), f), f);
        c = c.add(dm.transpose().matmul(dm));
        long[] var = diagonal(r, c.share(), q);
        long[] invs = Approx.rsqrtWide(be, var, f);
        SecretTensor corr = correlation(be, c, invs, f);
        return solve(be, p, corr.share(), mu.share(), invs, var, lambda, iterations, resultParty);
    }

    /**
     * The same fit over only the rows whose bit in {@code w} is 1 (n bits at scale 0, secret), their count m secret too:
     * the rows of a secret join ({@code relational.SecretJoin}), where no member may learn which rows matched nor how
     * many. Inside the computation, with 2^k >= n / 16 (n the public row bound) and m' = m / 2^k in (0, 16]:
     * <pre>
     *   mu = (sum_w [X | y] / 2^k) / m'                        (the means over the matched rows)
     *   C  = Z'Z / 2^k = m' Cov,  Z = w ([X | y] - mu)          (centred, so no difference of large sums)
     *   A  = m' C = m'^2 Cov
     *   R  = diag(A)^-1/2 A diag(A)^-1/2                       (the correlation matrix, as in {@link #fit})
     * </pre>
     * then the same solve as {@link #fit}: coefficients b_j sd_y / sd_j are ratios in which m' cancels; 1/sd is computed
     * at 12 more fractional bits, since a large m'^2 var makes it small. Valid while m'^2 var_j lies in [2^-f+4, 2^24)
     * (so at least n / 64 rows matched for variances near 1), variances stay below 2^(54 - 2f) and means below
     * 2^(34 - f) (f = 16: variances below 2^22, means below 2^18); the job that calls it bounds the matched rows from below.
     */
    public static Fit fitWeighted(SecretTensor x, SecretTensor y, SecretTensor w, double lambda, int iterations,
            int resultParty) {
        Backend be = x.backend();
        int n = x.shape().rows();
        int p = x.shape().cols();
        int q = p + 1;
        int f = be.fixedPoint().fracBits();
        if (y.shape().rows() != n || y.shape().cols() != 1 || w.shape().size() != n || w.scale() != 0) {
            throw new MpcArgumentException("linear regression: outcome " + y.shape() + " and row bits " + w.shape()
                    + " do not match features " + x.shape());
        }
        if (lambda < 0 || n < 2 || p < 1) {
            throw new MpcArgumentException("linear regression: needs lambda >= 0, n >= 2 and p >= 1; got " + lambda + ", " + n
                    + ", " + p);
        }
        int k = Math.max(0, 64 - Long.numberOfLeadingZeros(n - 1) - 4); // 2^k >= n / 16: m' <= 16
        long[] ws = w.share();
        long[] rep = new long[n * q];
        for (int r = 0; r < n; r++) {
            java.util.Arrays.fill(rep, r * q, (r + 1) * q, ws[r]);
        }
        SecretTensor bits = SecretTensor.fromShare(be, Shape.matrix(n, q), rep, 0);
        SecretTensor xy = x.concat(1, y);
        // m' = m / 2^k and S' = sum(w [X | y]) / 2^k, then the means S' / m' (1/m' held at 14 bits so the product fits)
        long m = Ring.sum(ws) << f; // the count at scale f (an integer: exact)
        long[] sums = xy.mul(bits).sum(0).share();
        long[] all = concat(new long[] {m}, sums);
        long[] scaled = k == 0 ? all : be.truncate(all, k);
        long[] mp = {scaled[0]};
        int rb = Math.min(f, 14);
        long[] inv = SecretTensor.fromShare(be, Shape.vector(1), mp, f).reciprocal().share();
        long[] invRep = new long[q];
        java.util.Arrays.fill(invRep, rb == f ? inv[0] : be.truncate(new long[] {inv[0]}, f - rb)[0]);
        SecretTensor mu = SecretTensor.fromShare(be, Shape.vector(q), java.util.Arrays.copyOfRange(scaled, 1, 1 + q), f)
                .mul(SecretTensor.fromShare(be, Shape.vector(q), invRep, rb));
        // the matched rows centred (the others zero), scaled by 2^-h each side so that their products sum to m' Cov
        SecretTensor centred = xy.sub(Standardization.broadcast(mu, n)).mul(bits);
        int h = (k + 1) / 2;
        SecretTensor half = h == 0 ? centred
                : SecretTensor.fromShare(be, Shape.matrix(n, q), be.truncate(centred.share(), h), f);
        long[] cov = half.transpose().matmul(half).share(); // m Cov / 2^(2h)
        if (2 * h > k) {
            cov = Ring.scale(cov, 2L); // m Cov / 2^k = m' Cov
        }
        long[] mRep = new long[q * q];
        java.util.Arrays.fill(mRep, mp[0]);
        SecretTensor a = SecretTensor.fromShare(be, Shape.matrix(q, q), mRep, f)
                .mul(SecretTensor.fromShare(be, Shape.matrix(q, q), cov, f)); // m'^2 Cov
        long[] as = a.share();
        long[] var = new long[q];
        for (int j = 0; j < q; j++) {
            var[j] = as[j * q + j];
        }
        // 1/sd at e more bits: a variance scaled by m'^2 may be large, and its 1/sd small, yet carries the coefficients
        int e = 12;
        long[] invs = Approx.rsqrtWide(be, var, f, e);
        SecretTensor r = correlation(be, a, invs, f + e);
        return solve(be, p, r.share(), mu.share(), invs, e + f, var, lambda, iterations, resultParty);
    }

    /** diag(s) C diag(s) for a q x q {@code c} and s = {@code invs} (1/sd) held at {@code invsScale} fractional bits. */
    private static SecretTensor correlation(Backend be, SecretTensor c, long[] invs, int invsScale) {
        ShareRing r = be.ring();
        int q = r.size(invs);
        int[] col = new int[q * q];
        int[] row = new int[q * q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                col[i * q + j] = j;
                row[i * q + j] = i;
            }
        }
        return c.mul(SecretTensor.fromShare(be, Shape.matrix(q, q), r.gather(invs, col), invsScale))
                .mul(SecretTensor.fromShare(be, Shape.matrix(q, q), r.gather(invs, row), invsScale));
    }

    /** The diagonal of a q x q matrix of the ring's elements. */
    private static long[] diagonal(ShareRing r, long[] m, int q) {
        int[] idx = new int[q];
        for (int j = 0; j < q; j++) {
            idx[j] = j * q + j;
        }
        return r.gather(m, idx);
    }

    private static long[] concat(long[]... parts) {
        int n = 0;
        for (long[] part : parts) {
            n += part.length;
        }
        long[] out = new long[n];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The ridge solve from the correlation matrix rs (q x q), the means, 1/sd and variances of [X | y]. */
    private static Fit solve(Backend be, int p, long[] rs, long[] mu, long[] invs, long[] varS, double lambda, int iterations,
            int resultParty) {
        return solve(be, p, rs, mu, invs, be.fixedPoint().fracBits(), varS, lambda, iterations, resultParty);
    }

    /** As above, with 1/sd at {@code invsScale} fractional bits. */
    private static Fit solve(Backend be, int p, long[] rs, long[] mu, long[] invs, int invsScale, long[] varS, double lambda,
            int iterations, int resultParty) {
        int f = be.fixedPoint().fracBits();
        ShareRing ring = be.ring();
        int q = p + 1;
        int[] aIdx = new int[p * p];
        int[] bIdx = new int[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                aIdx[i * p + j] = i * q + j;
            }
            bIdx[i] = i * q + p;
        }
        long[] a = ring.gather(rs, aIdx);
        long[] b = ring.gather(rs, bIdx);
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
        SecretTensor sdY = SecretTensor.fromShare(be, Shape.vector(1), ring.slice(varS, p, q), f)
                .mul(SecretTensor.fromShare(be, Shape.vector(1), ring.slice(invs, p, q), invsScale));
        SecretTensor scale = SecretTensor.fromShare(be, Shape.vector(p), ring.slice(invs, 0, p), invsScale)
                .mul(SecretTensor.fromShare(be, Shape.vector(p), ring.repeat(sdY.share(), p), f));
        SecretTensor coef = bs.reshape(Shape.vector(p)).mul(scale);
        SecretTensor muX = SecretTensor.fromShare(be, Shape.vector(p), ring.slice(mu, 0, p), f);
        SecretTensor intercept = SecretTensor.fromShare(be, Shape.vector(1), ring.slice(mu, p, q), f).sub(coef.dot(muX));
        SecretTensor all = bs.reshape(Shape.vector(p)).concat(0, coef, intercept, r2);
        double[] out = all.revealTo(resultParty);
        if (out == null) {
            return null;
        }
        return new Fit(java.util.Arrays.copyOfRange(out, 0, p), java.util.Arrays.copyOfRange(out, p, 2 * p), out[2 * p],
                out[2 * p + 1]);
    }
}
