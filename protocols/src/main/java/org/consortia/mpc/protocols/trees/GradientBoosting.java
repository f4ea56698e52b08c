package org.consortia.mpc.protocols.trees;

import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Ring;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Histogram-based gradient boosting (as LightGBM grows a tree, level by level to a fixed depth) on secret data: the
 * rows' bin indicators (each feature's holder inputs its own, {@link Binning}), the labels and every value derived from
 * them stay secret; the model is revealed to one party only. Per tree: gradients g and hessians h of the loss at the
 * current scores (logistic: sigmoid; squared: residuals); per level, with M the secret 0/1 matrix of which node each
 * row is in (n x 2^d):
 * <ol>
 * <li>the histograms of all nodes at once: [bins]' x [g.M | h.M], one product of the indicators with the masked
 * gradients (no truncation: the indicators are integers);</li>
 * <li>for every candidate split "bin of feature f &lt;= b" of every node, the left sums by a running sum over the
 * bins (local) and the gain G_L^2 / (H_L + lambda) + G_R^2 / (H_R + lambda) (the node's own term is common to its
 * candidates), the reciprocals over the octaves the hessians can span;</li>
 * <li>each node's best split as a secret one-hot vector (a tournament of comparisons, rounds in log2 of the
 * candidates, never in the rows or trees); which rows go left is the product of the cumulative indicators with it,
 * and M's next level the products of M with that. Candidate 0 is "no split" (every row left, the node's own term
 * G^2 / (H + lambda) plus a few fixed-point steps, so that a split must gain more than the approximations' noise):
 * a node no split improves (or an empty one) keeps its rows together, so a row scored later falls where the training
 * rows did, as LightGBM leaves such a node a leaf.</li>
 * </ol>
 * The leaves are -G / (H + lambda) times the learning rate, the scores move by M times them. Gradients and hessians are
 * scaled by 1/sqrt(n) (the gains scale with it, their order does not; lambda with it), which keeps G^2 and the
 * denominators inside the fixed-point range for n up to 2^20 lambda^2 rows and n g^2 below 2^28 (|g| &lt;= 1 for the
 * logistic loss; for the squared loss the labels' range).
 */
public final class GradientBoosting {
    /** The loss: binary log-loss on 0/1 labels, or squared error. */
    public enum Loss { LOGISTIC, SQUARED }

    /**
     * Trees, their depth, the learning rate, the L2 regularization of the leaves (LightGBM's lambda_l2), the loss, and
     * whether the squared loss starts from the labels' mean (the logistic loss starts from 0).
     */
    public record Params(int trees, int depth, double learningRate, double lambda, Loss loss) {
        public Params {
            if (trees < 1 || trees > 10_000 || depth < 1 || depth > 10 || !(learningRate > 0) || !(lambda > 0) || loss == null) {
                throw new MpcArgumentException("gradient boosting: trees " + trees + " (1..10000), depth " + depth
                        + " (1..10), learning rate " + learningRate + " (> 0), lambda " + lambda + " (> 0), loss " + loss);
            }
        }
    }

    /** Fixed-point steps a split must gain over keeping the node whole (the approximations' noise is a few steps). */
    static final long KEEP_MARGIN = 8;

    private GradientBoosting() {
    }

    /**
     * Trains on {@code bins}, the rows' one-hot bin indicators (n x features * binsPerFeature, scale 0: column
     * f * binsPerFeature + b is [bin of feature f = b]), and labels {@code y} (n x 1, fixed point); reveals the model
     * to {@code resultParty} ({@code null} at the others).
     */
    public static BoostedTrees fit(SecretTensor bins, SecretTensor y, int binsPerFeature, Params p, int resultParty) {
        Backend be = bins.backend();
        int n = bins.shape().rows();
        int k = bins.shape().cols();
        int nb = binsPerFeature;
        if (!bins.shape().isMatrix() || bins.scale() != 0 || nb < 2 || k % nb != 0 || y.shape().rows() != n
                || y.shape().size() != n || y.scale() != be.fixedPoint().fracBits()) {
            throw new MpcArgumentException("gradient boosting: indicators " + bins.shape() + " (scale " + bins.scale()
                    + ", integers), " + nb + " bins per feature, labels " + y.shape() + " (scale " + y.scale() + ")");
        }
        int features = k / nb;
        int cands = features * (nb - 1) + 1;
        int f = be.fixedPoint().fracBits();
        double c = 1 / Math.sqrt(n);
        double lambda = p.lambda() * c;
        double hMax = (p.loss() == Loss.LOGISTIC ? 0.25 : 1.0) * n * c + lambda;
        int lo = Math.getExponent(lambda);
        int hi = Math.getExponent(hMax) + 1;
        if (lo < -10 || hi > 14) {
            throw new MpcArgumentException("gradient boosting: lambda " + p.lambda() + " over " + n
                    + " rows leaves the hessians' reciprocals out of range (needs lambda >= sqrt(rows) / 1024)");
        }
        lo = Math.min(lo, hi - 2);
        SecretTensor yv = y.reshape(Shape.matrix(n, 1));
        SecretTensor cum = cumulative(bins, n, features, nb);
        SecretTensor binsT = bins.transpose();
        SecretTensor score;
        double base = 0;
        SecretTensor baseShare = null;
        if (p.loss() == Loss.SQUARED) {
            baseShare = yv.sum().mul(1.0 / n);
            score = repeat(baseShare, n);
        } else {
            score = be.constant(Shape.matrix(n, 1), new double[n]);
        }
        int internal = (1 << p.depth()) - 1;
        int leaves = 1 << p.depth();
        long[] chosen = new long[p.trees() * internal];
        long[] leafShares = new long[p.trees() * leaves];
        long lambdaRaw = Math.round(Math.scalb(lambda, f));
        for (int t = 0; t < p.trees(); t++) {
            try (var s = be.operation("gbdt_tree")) {
                SecretTensor g;
                SecretTensor h;
                if (p.loss() == Loss.LOGISTIC) {
                    SecretTensor prob = score.sigmoid();
                    g = prob.sub(yv).mul(c);
                    h = prob.mul(prob.neg().add(1.0).mul(c));
                } else {
                    g = score.sub(yv).mul(c);
                    h = be.constant(Shape.matrix(n, 1), filled(n, c));
                }
                SecretTensor m = null; // n x 2^d: which node each row is in (null at the root: every row)
                for (int d = 0; d < p.depth(); d++) {
                    int nodes = 1 << d;
                    SecretTensor gh = m == null ? g.concat(1, h) : masked(g, h, m, n, nodes);
                    long[] hist = binsT.matmul(gh).share(); // k x 2 nodes at scale f
                    long[] gain = gains(be, hist, features, nb, nodes, lambdaRaw, f, lo, hi);
                    SecretTensor best = SecretTensor.fromShare(be, Shape.matrix(nodes, cands), gain, f).argmaxOneHot();
                    long[] sel = best.share();
                    for (int j = 0; j < nodes; j++) {
                        long idx = 0;
                        for (int q = 0; q < cands; q++) {
                            idx += q * sel[j * cands + q];
                        }
                        chosen[t * internal + nodes - 1 + j] = idx;
                    }
                    SecretTensor left = cum.matmul(best.transpose()); // n x nodes: [row goes left at node j]
                    m = m == null ? left.concat(1, left.not()) : split(m, left, n, nodes);
                }
                // leaves: -lr G / (H + lambda); the scores move by M times them
                long[] sums = m.transpose().matmul(g.concat(1, h)).share(); // leaves x 2
                long[] gl = new long[leaves];
                long[] hl = new long[leaves];
                for (int j = 0; j < leaves; j++) {
                    gl[j] = sums[2 * j];
                    hl[j] = sums[2 * j + 1];
                }
                long[] inv = Approx.reciprocal(be, be.addPublic(hl, filled(leaves, lambdaRaw)), f, lo, hi);
                long[] step = be.truncate(Ring.scale(gl, -Math.round(Math.scalb(p.learningRate(), f))), f);
                long[] w = be.truncate(be.bilinear(step, inv, Bilinear.elementwise(leaves)), f);
                System.arraycopy(w, 0, leafShares, t * leaves, leaves);
                score = score.add(m.matmul(SecretTensor.fromShare(be, Shape.matrix(leaves, 1), w, f)));
            }
        }
        double[] idx = SecretTensor.fromShare(be, Shape.vector(chosen.length), chosen, 0).revealTo(resultParty);
        SecretTensor out = SecretTensor.fromShare(be, Shape.vector(leafShares.length), leafShares, f);
        if (baseShare != null) {
            out = out.concat(0, baseShare.reshape(Shape.vector(1)));
        }
        double[] vals = out.revealTo(resultParty);
        if (idx == null || vals == null) {
            return null;
        }
        int[] feature = new int[idx.length];
        int[] bin = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            int q = (int) Math.round(idx[i]) - 1;
            feature[i] = q < 0 ? 0 : q / (nb - 1);
            bin[i] = q < 0 ? nb - 1 : q % (nb - 1); // no split: every bin goes left
        }
        if (baseShare != null) {
            base = vals[vals.length - 1];
        }
        return new BoostedTrees(p.loss(), features, nb, p.depth(), feature, bin,
                java.util.Arrays.copyOf(vals, leafShares.length), base);
    }

    /**
     * [row goes left] for every candidate: 1 for "no split" (candidate 0), [bin of f &lt;= b] for candidate
     * 1 + f (bins - 1) + b (b &lt; bins - 1): running sums of the indicators, local.
     */
    private static SecretTensor cumulative(SecretTensor bins, int n, int features, int nb) {
        long[] x = bins.share();
        int k = features * nb;
        int cands = features * (nb - 1) + 1;
        long[] out = new long[n * cands];
        long[] one = bins.backend().publicShare(new long[] {1});
        for (int i = 0; i < n; i++) {
            out[i * cands] = one[0];
            for (int ft = 0; ft < features; ft++) {
                long run = 0;
                for (int b = 0; b < nb - 1; b++) {
                    run += x[i * k + ft * nb + b];
                    out[i * cands + 1 + ft * (nb - 1) + b] = run;
                }
            }
        }
        return SecretTensor.fromShare(bins.backend(), Shape.matrix(n, cands), out, 0);
    }

    /** [g.M | h.M]: n x 2 nodes, one batched product (M holds integers: no truncation). */
    private static SecretTensor masked(SecretTensor g, SecretTensor h, SecretTensor m, int n, int nodes) {
        long[] gs = g.share();
        long[] hs = h.share();
        long[] rep = new long[n * 2 * nodes];
        long[] mm = new long[n * 2 * nodes];
        long[] ms = m.share();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nodes; j++) {
                rep[i * 2 * nodes + j] = gs[i];
                rep[i * 2 * nodes + nodes + j] = hs[i];
                mm[i * 2 * nodes + j] = ms[i * nodes + j];
                mm[i * 2 * nodes + nodes + j] = ms[i * nodes + j];
            }
        }
        Backend be = g.backend();
        return SecretTensor.fromShare(be, Shape.matrix(n, 2 * nodes), rep, g.scale())
                .mul(SecretTensor.fromShare(be, Shape.matrix(n, 2 * nodes), mm, 0));
    }

    /** The next level's M: node j's rows split into 2j (left: M.left) and 2j + 1 (the rest). */
    private static SecretTensor split(SecretTensor m, SecretTensor left, int n, int nodes) {
        long[] l = m.mul(left).share();
        long[] ms = m.share();
        long[] out = new long[n * 2 * nodes];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nodes; j++) {
                out[i * 2 * nodes + 2 * j] = l[i * nodes + j];
                out[i * 2 * nodes + 2 * j + 1] = ms[i * nodes + j] - l[i * nodes + j];
            }
        }
        return SecretTensor.fromShare(m.backend(), Shape.matrix(n, 2 * nodes), out, 0);
    }

    /**
     * Every node's candidates' gains (nodes x candidates, row-major, scale f) from the histograms (k x 2 nodes: the
     * gradient sums of node j in column j, the hessian sums in column nodes + j): candidate 0 the node's own term
     * G^2 / (H + lambda) plus {@link #KEEP_MARGIN} steps, the others G_L^2 / (H_L + lambda) + G_R^2 / (H_R + lambda).
     */
    private static long[] gains(Backend be, long[] hist, int features, int nb, int nodes, long lambdaRaw, int f, int lo,
            int hi) {
        int splits = features * (nb - 1);
        int cands = splits + 1;
        int half = nodes * splits;
        int w = 2 * nodes;
        long[] num = new long[2 * half + nodes]; // G_L, then G_R, then G
        long[] den = new long[2 * half + nodes]; // H_L, H_R, H (lambda added below by one party)
        for (int j = 0; j < nodes; j++) {
            long gTot = 0;
            long hTot = 0;
            for (int b = 0; b < nb; b++) {
                gTot += hist[b * w + j];
                hTot += hist[b * w + nodes + j];
            }
            num[2 * half + j] = gTot;
            den[2 * half + j] = hTot;
            for (int ft = 0; ft < features; ft++) {
                long gl = 0;
                long hl = 0;
                for (int b = 0; b < nb - 1; b++) {
                    gl += hist[(ft * nb + b) * w + j];
                    hl += hist[(ft * nb + b) * w + nodes + j];
                    int at = j * splits + ft * (nb - 1) + b;
                    num[at] = gl;
                    num[half + at] = gTot - gl;
                    den[at] = hl;
                    den[half + at] = hTot - hl;
                }
            }
        }
        long[] sq = be.truncate(be.bilinear(num, num, Bilinear.elementwise(num.length)), f);
        long[] inv = Approx.reciprocal(be, be.addPublic(den, filled(den.length, lambdaRaw)), f, lo, hi);
        long[] part = be.truncate(be.bilinear(sq, inv, Bilinear.elementwise(sq.length)), f);
        long[] gain = new long[nodes * cands];
        long[] margin = be.publicShare(new long[] {KEEP_MARGIN});
        for (int j = 0; j < nodes; j++) {
            gain[j * cands] = part[2 * half + j] + margin[0];
            for (int q = 0; q < splits; q++) {
                int at = j * splits + q;
                gain[j * cands + 1 + q] = part[at] + part[half + at];
            }
        }
        return gain;
    }

    private static SecretTensor repeat(SecretTensor one, int n) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, one.share()[0]);
        return SecretTensor.fromShare(one.backend(), Shape.matrix(n, 1), v, one.scale());
    }

    private static long[] filled(int n, long v) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
