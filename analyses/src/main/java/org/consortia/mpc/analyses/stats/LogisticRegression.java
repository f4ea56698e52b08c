package org.consortia.mpc.analyses.stats;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Ring;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Logistic regression by mini-batch gradient descent on secret data, with the secure sigmoid, after secure
 * standardization of the features (nothing revealed). Rows are taken in order, in batches of {@code batch};
 * for each: p = sigmoid(X_b w + b), w -= lr (X_b'(p - y_b) / |b| + l2 w), b -= lr mean(p - y_b). The model is
 * revealed to the result party only, on standardized features and in original units; optionally the log-loss
 * over all rows after every epoch (an aggregate, also to the result party only).
 */
public final class LogisticRegression {
    /** The fitted model at the result party: weights and bias in original units, and per-epoch log-loss. */
    public record Fit(double[] weights, double bias, double[] standardizedWeights, double standardizedBias, List<Double> loss) {
    }

    private LogisticRegression() {
    }

    public static Fit fit(SecretTensor x, SecretTensor y, int epochs, int batch, double lr, double l2, boolean reportLoss,
            int resultParty) {
        int n = x.shape().rows();
        int p = x.shape().cols();
        if (y.shape().rows() != n || y.shape().cols() != 1 || epochs < 1 || batch < 1 || !(lr > 0) || l2 < 0) {
            throw new MpcArgumentException("logistic regression: features " + x.shape() + ", labels " + y.shape()
                    + ", epochs " + epochs + ", batch " + batch + ", lr " + lr + ", l2 " + l2);
        }
        Standardization st = Standardization.of(x);
        SecretTensor xs = st.rows();
        List<Double> loss = new ArrayList<>();
        SecretTensor[] wb = train(xs, y, null, epochs, batch, lr, l2, reportLoss, resultParty, loss);
        SecretTensor w = wb[0];
        SecretTensor b = wb[1];
        // original units: w_j / sd_j, b - sum w_j mean_j / sd_j
        SecretTensor wv = w.reshape(Shape.vector(p));
        SecretTensor wOrig = wv.mul(st.invSd());
        SecretTensor bOrig = b.reshape(Shape.vector(1)).sub(wOrig.dot(st.mean()));
        double[] out = wOrig.concat(0, bOrig, wv, b.reshape(Shape.vector(1))).revealTo(resultParty);
        if (out == null) {
            return null;
        }
        return new Fit(java.util.Arrays.copyOfRange(out, 0, p), out[p], java.util.Arrays.copyOfRange(out, p + 1, 2 * p + 1),
                out[2 * p + 1], loss);
    }

    /**
     * The same fit over only the rows whose bit in {@code rowBits} is 1 (n bits at scale 0, secret; their count m secret
     * too): the rows of a secret join. The features are standardized over those rows (with r = m / n, a secret in
     * (0, 1]: mean = (sum(b x) / 2^k) / (m / 2^k), 1/sd = sqrt(r) / sqrt(sum(b (x - mean)^2 / n)), the squares taken after a public
     * 1/sqrt(n) as {@link Standardization} does), and each batch's gradient counts only its matched rows, still averaged
     * over the batch's size (an unmatched row contributes zero: the step is the plain one scaled by the batch's matched
     * share). Valid while m >= n / 1024 and raw values stay below 2^12. The log-loss is not reported.
     */
    public static Fit fitWeighted(SecretTensor x, SecretTensor y, SecretTensor rowBits, int epochs, int batch, double lr,
            double l2, int resultParty) {
        var be = x.backend();
        int n = x.shape().rows();
        int p = x.shape().cols();
        if (y.shape().rows() != n || y.shape().cols() != 1 || rowBits.shape().size() != n || rowBits.scale() != 0
                || epochs < 1 || batch < 1 || !(lr > 0) || l2 < 0) {
            throw new MpcArgumentException("logistic regression: features " + x.shape() + ", labels " + y.shape() + ", row bits "
                    + rowBits.shape() + ", epochs " + epochs + ", batch " + batch + ", lr " + lr + ", l2 " + l2);
        }
        int f = be.fixedPoint().fracBits();
        SecretTensor bits = rowBits.reshape(Shape.matrix(n, 1));
        long[] bs = rowBits.share();
        long[] rep = new long[n * p];
        for (int r = 0; r < n; r++) {
            java.util.Arrays.fill(rep, r * p, (r + 1) * p, bs[r]);
        }
        SecretTensor mask = SecretTensor.fromShare(be, Shape.matrix(n, p), rep, 0);
        // r = m / n at scale f: the count (scale 0) times the public integer 2^(f+20) / n, then 20 bits off
        long m = Ring.sum(bs);
        long perRow = Math.round(Math.scalb(1.0, f + 20) / n);
        SecretTensor ratio = SecretTensor.fromShare(be, Shape.vector(1), be.truncate(new long[] {m * perRow}, 20), f);
        // reciprocals held at 14 bits: their products with sums stay below 2^62 for raw values up to 2^12
        int rb = Math.min(f, 14);
        // the means: sum(b x) / 2^k over m / 2^k (2^k >= n / 16), the reciprocal at 14 bits so the product fits
        int k = Math.max(0, 64 - Long.numberOfLeadingZeros(n - 1) - 4);
        long[] sums = x.mul(mask).sum(0).share();
        long[] both = new long[p + 1];
        both[0] = m << f;
        System.arraycopy(sums, 0, both, 1, p);
        long[] scaled = k == 0 ? both : be.truncate(both, k);
        long[] invM = SecretTensor.fromShare(be, Shape.vector(1), new long[] {scaled[0]}, f).reciprocal().share();
        long[] invMRep = new long[p];
        java.util.Arrays.fill(invMRep, rb == f ? invM[0] : be.truncate(new long[] {invM[0]}, f - rb)[0]);
        SecretTensor mean = SecretTensor.fromShare(be, Shape.vector(p), java.util.Arrays.copyOfRange(scaled, 1, p + 1), f)
                .mul(SecretTensor.fromShare(be, Shape.vector(p), invMRep, rb));
        double c = 1.0 / Math.sqrt(n);
        SecretTensor d = x.sub(Standardization.broadcast(mean, n)).mul(c).mul(mask);
        SecretTensor ss = d.mul(d).sum(0); // var r
        long[] root = ratio.sqrt().share();
        long[] rootRep = new long[p];
        java.util.Arrays.fill(rootRep, root[0]);
        SecretTensor invSd = SecretTensor.fromShare(be, Shape.vector(p),
                Approx.rsqrtWide(be, ss.share(), f), f)
                .mul(SecretTensor.fromShare(be, Shape.vector(p), rootRep, f)); // 1/sqrt(var r) sqrt(r)
        SecretTensor xs = x.sub(Standardization.broadcast(mean, n)).mul(Standardization.broadcast(invSd, n));
        SecretTensor[] wb = train(xs, y, bits, epochs, batch, lr, l2, false, resultParty, new ArrayList<>());
        SecretTensor wv = wb[0].reshape(Shape.vector(p));
        SecretTensor wOrig = wv.mul(invSd);
        SecretTensor bOrig = wb[1].reshape(Shape.vector(1)).sub(wOrig.dot(mean));
        double[] out = wOrig.concat(0, bOrig, wv, wb[1].reshape(Shape.vector(1))).revealTo(resultParty);
        if (out == null) {
            return null;
        }
        return new Fit(java.util.Arrays.copyOfRange(out, 0, p), out[p], java.util.Arrays.copyOfRange(out, p + 1, 2 * p + 1),
                out[2 * p + 1], List.of());
    }

    /**
     * Mini-batch gradient descent on standardized rows {@code xs}; with {@code rowBits} (n x 1 bits) a row outside
     * contributes nothing to its batch's gradient. Returns {weights p x 1, bias 1 x 1}.
     *
     * <p>A step is w' = w (1 - lr l2) - (lr / m) sum_i b_i x_i (sigmoid(x_i w + b) - y_i), and the bias likewise without
     * l2. The gradient's left operand G = [c_i b_i x_i | c_i b_i] (c_i = lr / m of row i's batch) is made once, and
     * every batch's G^T y in one round. The weights W = [w; b] stay wide (the step's sum at 2f fractional bits)
     * between steps, so a step is
     * <pre>
     *   W = trunc(W~), z = [X | 1] W         1 round (the truncation's opening carries [X | 1]'s, see TruncMatmul)
     *   s = sigmoid(z) before its truncation 2 rounds (with FSS, the clamp truncates z)
     *   G^T trunc(s)                         1 round (likewise)
     *   W~ = W (1 - lr l2) - (G^T trunc(s) - G^T y)     local
     * </pre>
     * 4 rounds with FSS comparisons (6 where the backend does not fuse a truncation with a product).
     */
    private static SecretTensor[] train(SecretTensor xs, SecretTensor y, SecretTensor rowBits, int epochs, int batch,
            double lr, double l2, boolean reportLoss, int resultParty, List<Double> loss) {
        int n = xs.shape().rows();
        int p = xs.shape().cols();
        var be = xs.backend();
        int f = be.fixedPoint().fracBits();
        ShareRing ring = be.ring();
        SecretTensor xa = withOnes(xs);
        SecretTensor g = gradientOperand(xa, rowBits, batch, lr);
        long[][] gy = batchProducts(g, y.atScale(f), batch); // G_b^T y_b, wide
        long[] decay = new long[p + 1]; // (1 - lr l2) for the weights, 1 for the bias, at scale f
        java.util.Arrays.fill(decay, 0, p, Math.round(Math.scalb(1 - lr * l2, f)));
        decay[p] = 1L << f;
        SecretTensor[] gt = new SecretTensor[gy.length]; // G_b^T of every batch, made once
        for (int from = 0, step = 0; from < n; from += batch, step++) {
            gt[step] = rows(g, from, Math.min(batch, n - from)).transpose();
        }
        Shape weights = Shape.matrix(p + 1, 1);
        SecretTensor wide = SecretTensor.fromShare(be, weights, be.publicShare(new long[p + 1]), 2 * f);
        for (int e = 0; e < epochs; e++) {
            for (int from = 0, step = 0; from < n; from += batch, step++) {
                int m = Math.min(batch, n - from);
                var forward = rows(xa, from, m).matmulWideTruncating(wide, f);
                SecretTensor s = forward.product().sigmoidWide(); // x w + b at 2f in; the clamp truncates it
                var backward = gt[step].matmulWideTruncating(s, f);
                long[] grad = ring.sub(backward.product().share(), gy[step]);
                wide = SecretTensor.fromShare(be, weights, ring.sub(ring.mul(forward.value().share(), decay), grad), 2 * f);
            }
            if (reportLoss) {
                SecretTensor wb = wide.atScale(f);
                double[] l = logLoss(xs, y, rows(wb, 0, p), rows(wb, p, 1)).revealTo(resultParty);
                if (l != null) {
                    loss.add(l[0]);
                }
            }
        }
        SecretTensor wb = wide.atScale(f);
        return new SecretTensor[] {rows(wb, 0, p), rows(wb, p, 1)};
    }

    /** [x_i | 1] row by row (n x (p + 1), the bias column a public 1 at the rows' scale). */
    private static SecretTensor withOnes(SecretTensor xs) {
        int n = xs.shape().rows();
        int p = xs.shape().cols();
        var be = xs.backend();
        ShareRing ring = be.ring();
        long[] xAndOnes = ring.concat(xs.share(), be.publicShare(filled(n, 1L << xs.scale())));
        int[] idx = new int[n * (p + 1)];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j <= p; j++) {
                idx[r * (p + 1) + j] = j < p ? r * p + j : n * p + r;
            }
        }
        return SecretTensor.fromShare(be, Shape.matrix(n, p + 1), ring.gather(xAndOnes, idx), xs.scale());
    }

    /**
     * G_b^T y_b for every batch b of rows, at the sum of the scales: the products g_ij y_i in one round (elementwise, on
     * every backend), summed over each batch's rows.
     */
    private static long[][] batchProducts(SecretTensor g, SecretTensor y, int batch) {
        int n = g.shape().rows();
        int q = g.shape().cols();
        var be = g.backend();
        ShareRing ring = be.ring();
        long[] products = be.bilinear(g.share(), ring.spread(y.share(), q), Bilinear.elementwise(n * q));
        long[][] out = new long[(n + batch - 1) / batch][];
        for (int b = 0; b < out.length; b++) {
            int from = b * batch;
            int m = Math.min(batch, n - from);
            out[b] = ring.sumAxis(ring.slice(products, from * q, (from + m) * q), 1, m, q);
        }
        return out;
    }

    /**
     * G = [c_i b_i x_i | c_i b_i] (n x (p + 1)) from [x_i | 1], c_i = lr / m of row i's batch: the rows times public
     * constants (one truncation) and, with row bits, times the bits (one product of scale 0).
     */
    private static SecretTensor gradientOperand(SecretTensor xa, SecretTensor rowBits, int batch, double lr) {
        int n = xa.shape().rows();
        int q = xa.shape().cols();
        var be = xa.backend();
        int f = be.fixedPoint().fracBits();
        ShareRing ring = be.ring();
        long[] c = new long[n * q];
        for (int r = 0; r < n; r++) {
            int m = Math.min(batch, n - (r / batch) * batch);
            java.util.Arrays.fill(c, r * q, (r + 1) * q, Math.round(Math.scalb(lr / m, f)));
        }
        SecretTensor scaled = SecretTensor.fromShare(be, xa.shape(), ring.mul(xa.share(), c), xa.scale() + f).atScale(f);
        if (rowBits == null) {
            return scaled;
        }
        return scaled.mul(SecretTensor.fromShare(be, xa.shape(), ring.spread(rowBits.share(), q), 0));
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Mean of -(y log p + (1 - y) log(1 - p)) over all rows, with p clamped to [2^-10, 1 - 2^-10]. */
    static SecretTensor logLoss(SecretTensor xs, SecretTensor y, SecretTensor w, SecretTensor b) {
        int n = xs.shape().rows();
        double eps = Math.scalb(1.0, -10);
        SecretTensor pr = xs.matmul(w).add(broadcast(b, n)).sigmoid().clamp(eps, 1 - eps);
        SecretTensor both = pr.concat(0, pr.neg().add(1.0)).reshape(Shape.vector(2 * n)).log();
        long[] l = both.share();
        ShareRing ring = xs.backend().ring();
        SecretTensor logP = SecretTensor.fromShare(xs.backend(), Shape.matrix(n, 1), ring.slice(l, 0, n), both.scale());
        SecretTensor log1mP = SecretTensor.fromShare(xs.backend(), Shape.matrix(n, 1), ring.slice(l, n, 2 * n), both.scale());
        // y log p + (1 - y) log(1 - p) = log(1 - p) + y (log p - log(1 - p))
        SecretTensor per = log1mP.add(y.mul(logP.sub(log1mP)));
        return per.sum().mul(-1.0 / n);
    }

    private static SecretTensor rows(SecretTensor t, int from, int m) {
        int c = t.shape().cols();
        int[] idx = new int[m * c];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from * c + i;
        }
        return t.take(idx, Shape.matrix(m, c));
    }

    private static SecretTensor broadcast(SecretTensor b, int m) {
        return Standardization.broadcast(b.reshape(Shape.vector(1)), m);
    }
}
