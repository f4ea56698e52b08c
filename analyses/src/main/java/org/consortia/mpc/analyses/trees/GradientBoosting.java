package org.consortia.mpc.analyses.trees;

import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.auth.ZeroCheck;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Histogram-based gradient boosting (as LightGBM grows a tree, level by level to a fixed depth) on secret data: the
 * rows' bin indicators (each feature's holder inputs its own, {@link Binning}), the labels and every value derived from
 * them stay secret; the model is revealed to one party only ({@link #fit}), or its splits each to its feature's holder
 * and the rest to one party ({@link #fitHeld}). Per tree: gradients g and hessians h of the loss at the
 * current scores (logistic: sigmoid; squared: residuals); per level, with M the secret 0/1 matrix of which node each
 * row is in (n x 2^d):
 * <ol>
 * <li>the histograms of all nodes at once: [bins]' x [g.M | h.M | M], one product of the indicators with the masked
 * gradients, hessians and row counts (no truncation: the indicators are integers);</li>
 * <li>for every candidate split "bin of feature f &lt;= b" of every node, the left sums by a running sum over the
 * bins (local) and the gain G_L^2 / (H_L + lambda) + G_R^2 / (H_R + lambda) (the node's own term is common to its
 * candidates), the reciprocals over the octaves the hessians can span;</li>
 * <li>each node's best split as a secret one-hot vector (a tournament of comparisons, rounds in log2 of the
 * candidates, never in the rows or trees); which rows go left is the product of the cumulative indicators with it,
 * and M's next level the products of M with that. Candidate 0 is "no split" (every row left, the node's own term
 * G^2 / (H + lambda) plus a few fixed-point steps); a split that leaves fewer than minLeaf rows on a side is never
 * chosen (the rows counted in the same histograms, one comparison batch): a node no valid split improves keeps its
 * rows together, so a row scored later falls where the training rows did, as LightGBM leaves such a node a leaf.</li>
 * </ol>
 * The leaves are -G / (H + lambda) times the learning rate, the scores move by M times them. Gradients and hessians are
 * scaled by c, about 1/sqrt(n) and exact at the session's fractional bits (the gains scale with it, their order does
 * not; lambda with it), which keeps G^2 and the denominators inside the fixed-point range at 10 to 16 fractional bits
 * for up to 2^28 rows, lambda at least sqrt(n) / 1024 ({@link #unsupported}) and n g^2 below 2^26 (|g| &lt;= 1 for the
 * logistic loss; for the squared loss the labels' range, which the caller checks).
 */
public final class GradientBoosting {
    /** The loss: binary log-loss on 0/1 labels, or squared error. */
    public enum Loss { LOGISTIC, SQUARED }

    /**
     * Trees, their depth, the learning rate, the L2 regularization of the leaves (LightGBM's lambda_l2), the loss (the
     * logistic loss starts from a raw score of 0, the squared loss from the labels' mean), and the fewest training rows
     * a split may leave on either side (LightGBM's min_data_in_leaf; default 1).
     */
    public record Params(int trees, int depth, double learningRate, double lambda, Loss loss, int minLeaf) {
        public Params {
            if (trees < 1 || trees > 10_000 || depth < 1 || depth > 10 || !(learningRate > 0) || !(lambda > 0) || loss == null
                    || minLeaf < 1) {
                throw new MpcArgumentException("gradient boosting: trees " + trees + " (1..10000), depth " + depth
                        + " (1..10), learning rate " + learningRate + " (> 0), lambda " + lambda + " (> 0), loss " + loss
                        + ", minLeaf " + minLeaf + " (>= 1)");
            }
        }

        public Params(int trees, int depth, double learningRate, double lambda, Loss loss) {
            this(trees, depth, learningRate, lambda, loss, 1);
        }
    }

    /**
     * Why {@code rows} rows cannot be trained on with {@code lambda} at {@code fracBits} fractional bits, or
     * {@code null}: the scaled hessians' reciprocals must stay within [2^-10, 2^14) and every product below 2^62, which
     * holds at 10 to 16 fractional bits for up to 2^28 rows with lambda at least sqrt(rows) / 1024.
     */
    public static String unsupported(long rows, double lambda, Loss loss, int fracBits) {
        if (fracBits < 10 || fracBits > 16) {
            return "fractional bits " + fracBits + " (gradient boosting runs at 10 to 16)";
        }
        if (rows < 2 || rows > (1L << 28)) {
            return "rows " + rows + " (2 to 2^28)";
        }
        Scaling sc = new Scaling(rows, lambda, loss, fracBits);
        if (sc.lo() < -10 || sc.hi() > 14) {
            return "lambda " + lambda + " over " + rows + " rows (the hessians' reciprocals need lambda >= sqrt(rows) / 1024"
                    + " and lambda / sqrt(rows) + sqrt(rows) below 2^13)";
        }
        // a node's G^2 / (H + lambda) (scaled) is at most rows^2 c / lambda where its hessians vanish (confident rows)
        if (loss == Loss.LOGISTIC && (double) rows * rows * sc.c() / lambda >= Math.scalb(1.0, 61 - 2 * fracBits)) {
            return "rows " + rows + " with lambda " + lambda + " (the logistic loss needs rows^1.5 / lambda below 2^"
                    + (61 - 2 * fracBits) + ": a larger lambda)";
        }
        return null;
    }

    /**
     * The scale c (about 1/sqrt(n), exact at the session's fractional bits, so that the gradients, the hessians and
     * lambda are scaled alike) and the octaves [2^lo, 2^hi) the scaled hessian sums plus lambda span.
     */
    private record Scaling(double c, double lambda, int lo, int hi) {
        Scaling(long n, double lambda, Loss loss, int f) {
            this(Math.max(1, Math.round(Math.scalb(1 / Math.sqrt(n), f))) / Math.scalb(1.0, f), lambda, loss, n);
        }

        private Scaling(double c, double lambda, Loss loss, long n) {
            this(c, lambda * c, Math.getExponent(lambda * c),
                    Math.getExponent((loss == Loss.LOGISTIC ? 0.25 : 1.0) * n * c + lambda * c) + 1);
        }
    }

    /** Fixed-point steps a split must gain over keeping the node whole. */
    static final long KEEP_MARGIN = 8;
    /**
     * What a side with too few rows takes off a candidate's gain (raw): above any gain (a scaled gain is below 2^42, so
     * below 2^(61-f) raw within {@link #unsupported}'s bounds, at most 2^51 at 10 bits), while every difference of two
     * scores, each at least -2^61 less a gain, stays below 2^62 (the comparisons are exact on every ring value anyway).
     */
    static final long INVALID = 1L << 60;

    private GradientBoosting() {
    }

    /**
     * Trains on {@code bins}, the rows' one-hot bin indicators (n x features * binsPerFeature, scale 0: column
     * f * binsPerFeature + b is [bin of feature f = b]), and labels {@code y} (n x 1, fixed point); reveals the model
     * to {@code resultParty} ({@code null} at the others).
     */
    public static BoostedTrees fit(SecretTensor bins, SecretTensor y, int binsPerFeature, Params p, int resultParty) {
        int features = bins.shape().cols() / Math.max(1, binsPerFeature);
        long[][] weights = {candidateIndex(features, binsPerFeature)};
        Trained m = train(bins, y, binsPerFeature, p, weights);
        double[] idx = SecretTensor.fromShare(bins.backend(), Shape.vector(bins.backend().ring().size(m.chosen()[0])),
                m.chosen()[0], 0).revealTo(resultParty);
        double[] vals = m.values().revealTo(resultParty);
        if (idx == null || vals == null) {
            return null;
        }
        int nb = binsPerFeature;
        int[] feature = new int[idx.length];
        int[] bin = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            int q = (int) Math.round(idx[i]) - 1;
            feature[i] = q < 0 ? 0 : q / (nb - 1);
            bin[i] = q < 0 ? nb - 1 : q % (nb - 1); // no split: every bin goes left
        }
        return new BoostedTrees(p.loss(), features, nb, p.depth(), feature, bin, java.util.Arrays.copyOf(vals, m.leaves()),
                p.loss() == Loss.SQUARED ? vals[vals.length - 1] : 0);
    }

    /**
     * What one party learns of a model trained with its splits held by their features' holders (SecureBoost's split of
     * knowledge): the recipient learns, per node in heap order, which member's feature it splits on ({@code member};
     * -1: no split) and the leaves and base; each feature's holder learns, per node, which of its own features
     * ({@code feature}: its position among the holder's features) and bin, or -1 where the split is not its own. Other
     * arrays are {@code null}.
     */
    public record Held(int[] member, double[] leaf, double base, int[] feature, int[] bin) {
        @Override
        public String toString() {
            return "GradientBoosting.Held[" + (leaf == null ? "splits of its own features" : "the model's structure") + "]";
        }
    }

    /**
     * As {@link #fit}, the splits known only to their features' holders: {@code holderOf[f]} is the member holding
     * feature f (features in the indicators' column order). Reveals each node's member to {@code resultParty} with the
     * leaves and base, and to each holder its own splits.
     */
    public static Held fitHeld(SecretTensor bins, SecretTensor y, int binsPerFeature, Params p, int[] holderOf,
            int resultParty) {
        Backend be = bins.backend();
        int nb = binsPerFeature;
        int features = bins.shape().cols() / Math.max(1, nb);
        if (holderOf.length != features) {
            throw new MpcArgumentException("gradient boosting: " + holderOf.length + " holders for " + features + " features");
        }
        int parties = be.parties();
        int cands = features * (nb - 1) + 1;
        long[][] weights = new long[parties + 1][cands];
        int[] local = new int[features];
        int[] seen = new int[parties];
        for (int ft = 0; ft < features; ft++) {
            MpcArgumentException.checkParty(holderOf[ft], parties, "feature holder");
            local[ft] = seen[holderOf[ft]]++;
        }
        for (int q = 1; q < cands; q++) {
            int ft = (q - 1) / (nb - 1);
            int b = (q - 1) % (nb - 1);
            weights[0][q] = holderOf[ft] + 1; // the member, 0 for no split
            weights[1 + holderOf[ft]][q] = (long) local[ft] * (nb - 1) + b + 1; // the holder's own candidate, 1-based
        }
        Trained m = train(bins, y, nb, p, weights);
        int[] member = null;
        int[] feature = null;
        int[] bin = null;
        for (int k = 0; k <= parties; k++) {
            if (k > 0 && seen[k - 1] == 0) {
                continue; // a member without features learns no split
            }
            int to = k == 0 ? resultParty : k - 1;
            double[] v = SecretTensor.fromShare(be, Shape.vector(be.ring().size(m.chosen()[k])), m.chosen()[k], 0).revealTo(to);
            if (v == null) {
                continue;
            }
            int[] out = new int[v.length];
            int[] bins2 = k == 0 ? null : new int[v.length];
            for (int i = 0; i < v.length; i++) {
                int q = (int) Math.round(v[i]) - 1;
                out[i] = k == 0 ? q : q < 0 ? -1 : q / (nb - 1);
                if (bins2 != null) {
                    bins2[i] = q < 0 ? -1 : q % (nb - 1);
                }
            }
            if (k == 0) {
                member = out;
            } else {
                feature = out;
                bin = bins2;
            }
        }
        double[] vals = m.values().revealTo(resultParty);
        return new Held(member, vals == null ? null : java.util.Arrays.copyOf(vals, m.leaves()),
                vals == null || p.loss() != Loss.SQUARED ? 0 : vals[vals.length - 1], feature, bin);
    }

    /** Candidate q's own index (0: no split, 1 + f (bins - 1) + b), the weights that reveal the whole split. */
    private static long[] candidateIndex(int features, int nb) {
        long[] w = new long[features * (nb - 1) + 1];
        for (int q = 0; q < w.length; q++) {
            w[q] = q;
        }
        return w;
    }

    /**
     * A trained model's secret parts: per weight vector, each node's sum of the weights over its one-hot choice
     * (scale 0, nodes in heap order tree by tree, on the backend's ring), and the leaves then (squared loss) the base,
     * at scale f.
     */
    private record Trained(long[][] chosen, SecretTensor values, int leaves) {
    }

    private static Trained train(SecretTensor bins, SecretTensor y, int binsPerFeature, Params p, long[][] weights) {
        Backend be = bins.backend();
        ShareRing r = be.ring();
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
        String problem = unsupported(n, p.lambda(), p.loss(), f);
        if (problem != null) {
            throw new MpcArgumentException("gradient boosting: " + problem);
        }
        if (be.authenticated()) {
            checkOneHot(bins, n, features, nb);
        }
        Scaling sc = new Scaling(n, p.lambda(), p.loss(), f);
        double c = sc.c();
        double lambda = sc.lambda();
        int hi = sc.hi();
        int lo = Math.min(sc.lo(), hi - 2);
        SecretTensor yv = y.reshape(Shape.matrix(n, 1));
        SecretTensor cum = cumulative(bins, n, features, nb);
        SecretTensor binsT = bins.transpose();
        SecretTensor score;
        SecretTensor baseShare = null;
        if (p.loss() == Loss.SQUARED) {
            // the mean: the sum times round(2^K / n), K bits off, K = 30 + log2(n) / 2 (1/n at f bits is too coarse; the
            // caller's label bound keeps the sum times 2^K / n below 2^(43 + f))
            int kBits = 30 + (63 - Long.numberOfLeadingZeros(n)) / 2;
            long[] sum = yv.sum().share();
            baseShare = SecretTensor.fromShare(be, Shape.vector(1), be.truncate(r.scale(sum, Math.round(Math.scalb(1.0, kBits)
                    / n)), kBits), f);
            score = repeat(baseShare, n);
        } else {
            score = be.constant(Shape.matrix(n, 1), new double[n]);
        }
        int internal = (1 << p.depth()) - 1;
        int leaves = 1 << p.depth();
        long[][] chosen = new long[weights.length][];
        for (int w = 0; w < weights.length; w++) {
            chosen[w] = r.zeros(p.trees() * internal);
        }
        long[] leafShares = r.zeros(p.trees() * leaves);
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
                    SecretTensor gh = m == null ? g.concat(1, h, be.constant(Shape.matrix(n, 1), filled(n, 1.0)))
                            : masked(g, h, m, n, nodes);
                    long[] hist = binsT.matmul(gh).share(); // k x 3 nodes at scale f: gradients, hessians, rows
                    long[] gain = gains(be, hist, features, nb, nodes, lambdaRaw, f, lo, hi, p.minLeaf());
                    SecretTensor best = SecretTensor.fromShare(be, Shape.matrix(nodes, cands), gain, f).argmaxOneHot();
                    long[] sel = best.share();
                    for (int w = 0; w < weights.length; w++) { // each node's weight of its one-hot choice: local
                        long[] tiled = new long[nodes * cands];
                        for (int j = 0; j < nodes; j++) {
                            System.arraycopy(weights[w], 0, tiled, j * cands, cands);
                        }
                        long[] v = r.sumAxis(r.mul(sel, tiled), nodes, cands, 1);
                        r.copy(v, 0, chosen[w], t * internal + nodes - 1, nodes);
                    }
                    SecretTensor left = cum.matmul(best.transpose()); // n x nodes: [row goes left at node j]
                    m = m == null ? left.concat(1, left.not()) : split(m, left, n, nodes);
                }
                // leaves: -lr G / (H + lambda); the scores move by M times them
                long[] sums = m.transpose().matmul(g.concat(1, h)).share(); // leaves x 2
                long[] gl = r.gather(sums, stride(leaves, 0, 2));
                long[] hl = r.gather(sums, stride(leaves, 1, 2));
                long[] inv = Approx.reciprocal(be, be.addPublic(hl, filled(leaves, lambdaRaw)), f, lo, hi);
                long[] step = be.truncate(r.scale(gl, -Math.round(Math.scalb(p.learningRate(), f))), f);
                long[] w = be.truncate(be.bilinear(step, inv, Bilinear.elementwise(leaves)), f);
                r.copy(w, 0, leafShares, t * leaves, leaves);
                score = score.add(m.matmul(SecretTensor.fromShare(be, Shape.matrix(leaves, 1), w, f)));
            }
        }
        SecretTensor out = SecretTensor.fromShare(be, Shape.vector(p.trees() * leaves), leafShares, f);
        if (baseShare != null) {
            out = out.concat(0, baseShare.reshape(Shape.vector(1)));
        }
        return new Trained(chosen, out, p.trees() * leaves);
    }

    /**
     * [row goes left] for every candidate: 1 for "no split" (candidate 0), [bin of f &lt;= b] for candidate
     * 1 + f (bins - 1) + b (b &lt; bins - 1): running sums of the indicators, local.
     */
    private static SecretTensor cumulative(SecretTensor bins, int n, int features, int nb) {
        Backend be = bins.backend();
        ShareRing r = be.ring();
        long[] x = bins.share();
        int k = features * nb;
        int cands = features * (nb - 1) + 1;
        int block = n * features;
        // a column of ones, then the running sums over bins 0..b of every (row, feature), b = 0 .. nb - 2
        long[][] parts = new long[nb][];
        long[] ones = new long[n];
        java.util.Arrays.fill(ones, 1L);
        parts[0] = be.publicShare(ones);
        for (int b = 0; b < nb - 1; b++) {
            int[] idx = new int[block];
            for (int i = 0; i < n; i++) {
                for (int ft = 0; ft < features; ft++) {
                    idx[i * features + ft] = i * k + ft * nb + b;
                }
            }
            long[] col = r.gather(x, idx);
            parts[b + 1] = b == 0 ? col : r.add(parts[b], col);
        }
        int[] at = new int[n * cands];
        for (int i = 0; i < n; i++) {
            at[i * cands] = i;
            for (int ft = 0; ft < features; ft++) {
                for (int b = 0; b < nb - 1; b++) {
                    at[i * cands + 1 + ft * (nb - 1) + b] = n + b * block + i * features + ft;
                }
            }
        }
        return SecretTensor.fromShare(be, Shape.matrix(n, cands), r.gather(r.concat(parts), at), 0);
    }

    /** [g.M | h.M | M]: n x 3 nodes, one batched product (M holds integers: no truncation; M itself at scale f, local). */
    private static SecretTensor masked(SecretTensor g, SecretTensor h, SecretTensor m, int n, int nodes) {
        Backend be = g.backend();
        ShareRing r = be.ring();
        int[] gh = new int[n * 2 * nodes]; // row i's g, then its h, each repeated over the nodes
        int[] mm = new int[n * 2 * nodes]; // row i of M, twice
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nodes; j++) {
                gh[i * 2 * nodes + j] = i;
                gh[i * 2 * nodes + nodes + j] = n + i;
                mm[i * 2 * nodes + j] = i * nodes + j;
                mm[i * 2 * nodes + nodes + j] = i * nodes + j;
            }
        }
        SecretTensor rep = SecretTensor.fromShare(be, Shape.matrix(n, 2 * nodes), r.gather(r.concat(g.share(), h.share()), gh),
                g.scale());
        return rep.mul(SecretTensor.fromShare(be, Shape.matrix(n, 2 * nodes), r.gather(m.share(), mm), 0))
                .concat(1, m.toFixedPoint());
    }

    /**
     * Malicious mode: every member's indicators are one-hot per row and feature. A member that inputs other integers
     * (a row weighted 2^20 in one bin, say) could make a leaf's sum G / (H + lambda) carry single rows' gradients, and
     * so the label holder's labels, where one-hot rows only move whole rows between nodes (what choosing its own data
     * differently can do anyway). x - x^2 (zero exactly for 0 and 1 modulo 2^64) for every indicator, one round of
     * products, and each row's sum over a feature's bins less 1 are opened ({@link ZeroCheck}): a nonzero fails the job
     * with {@code CHECK_FAILED}.
     */
    private static void checkOneHot(SecretTensor bins, int n, int features, int nb) {
        Backend be = bins.backend();
        ShareRing r = be.ring();
        long[] x = bins.share();
        long[] notBits = r.sub(x, bins.mul(bins).share());
        long[] ones = new long[n * features];
        java.util.Arrays.fill(ones, -1L);
        long[] notOne = be.addPublic(r.sumAxis(x, n * features, nb, 1), ones);
        ZeroCheck.opensZeros(be, r.concat(notBits, notOne), "gbdt: a member's bin indicators are not one-hot");
    }

    /** The next level's M: node j's rows split into 2j (left: M.left) and 2j + 1 (the rest). */
    private static SecretTensor split(SecretTensor m, SecretTensor left, int n, int nodes) {
        ShareRing r = m.backend().ring();
        long[] l = m.mul(left).share();
        int[] at = new int[n * 2 * nodes];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nodes; j++) {
                at[i * 2 * nodes + 2 * j] = i * nodes + j;
                at[i * 2 * nodes + 2 * j + 1] = n * nodes + i * nodes + j;
            }
        }
        return SecretTensor.fromShare(m.backend(), Shape.matrix(n, 2 * nodes), r.gather(r.concat(l, r.sub(m.share(), l)), at),
                0);
    }

    /**
     * Every node's candidates' gains (nodes x candidates, row-major, scale f) from the histograms (k x 3 nodes: node j's
     * gradient sums in column j, its hessian sums in column nodes + j, its rows in column 2 nodes + j): candidate 0 the
     * node's own term G^2 / (H + lambda) plus {@link #KEEP_MARGIN} steps, the others G_L^2 / (H_L + lambda) +
     * G_R^2 / (H_R + lambda), less {@link #INVALID} for each side with fewer than {@code minLeaf} rows (one comparison
     * batch: a split that leaves a side empty never wins, as LightGBM's min_data_in_leaf has it).
     */
    private static long[] gains(Backend be, long[] hist, int features, int nb, int nodes, long lambdaRaw, int f, int lo,
            int hi, int minLeaf) {
        ShareRing r = be.ring();
        int splits = features * (nb - 1);
        int cands = splits + 1;
        int half = nodes * splits;
        int w = 3 * nodes;
        // per statistic c (0 gradients, 1 hessians, 2 rows), node j and feature ft the running sums over bins 0..b: block
        // b, element (c nodes + j) features + ft; then the same on the right of the split (the node's total less them);
        // then the nodes' totals (over feature 0's bins), element c nodes + j
        int block = 3 * nodes * features;
        long[][] left = new long[nb - 1][];
        for (int b = 0; b < nb - 1; b++) {
            int[] idx = new int[block];
            for (int cj = 0; cj < 3 * nodes; cj++) {
                for (int ft = 0; ft < features; ft++) {
                    idx[cj * features + ft] = (ft * nb + b) * w + cj;
                }
            }
            long[] col = r.gather(hist, idx);
            left[b] = b == 0 ? col : r.add(left[b - 1], col);
        }
        long[] tot = r.sumAxis(r.slice(hist, 0, nb * w), 1, nb, w);
        int[] spread = new int[(nb - 1) * block];
        for (int i = 0; i < spread.length; i++) {
            spread[i] = (i % block) / features;
        }
        long[] lefts = r.concat(left);
        long[] all = r.concat(lefts, r.sub(r.gather(tot, spread), lefts), tot);
        int rightAt = (nb - 1) * block;
        int totAt = 2 * rightAt;
        // G_L, G_R, G; H_L, H_R, H; rows left, rows right, for candidate at = j splits + ft (nb - 1) + b
        int[] num = new int[2 * half + nodes];
        int[] den = new int[2 * half + nodes];
        int[] rows = new int[2 * half];
        int[][] byStat = {num, den, rows};
        for (int j = 0; j < nodes; j++) {
            num[2 * half + j] = totAt + j;
            den[2 * half + j] = totAt + nodes + j;
            for (int ft = 0; ft < features; ft++) {
                for (int b = 0; b < nb - 1; b++) {
                    int at = j * splits + ft * (nb - 1) + b;
                    for (int c = 0; c < 3; c++) {
                        int from = b * block + (c * nodes + j) * features + ft;
                        byStat[c][at] = from;
                        byStat[c][half + at] = rightAt + from;
                    }
                }
            }
        }
        long[] numer = r.gather(all, num);
        long[] few = be.lessThanZero(be.addPublic(r.gather(all, rows), filled(rows.length, -((long) minLeaf << f)))); // [side < minLeaf]
        long[] sq = be.truncate(be.bilinear(numer, numer, Bilinear.elementwise(num.length)), f);
        long[] inv = Approx.reciprocal(be, be.addPublic(r.gather(all, den), filled(den.length, lambdaRaw)), f, lo, hi);
        long[] part = be.truncate(be.bilinear(sq, inv, Bilinear.elementwise(num.length)), f);
        long[] own = be.addPublic(r.slice(part, 2 * half, 2 * half + nodes), filled(nodes, KEEP_MARGIN));
        long[] split = r.sub(r.add(r.slice(part, 0, half), r.slice(part, half, 2 * half)),
                r.scale(r.add(r.slice(few, 0, half), r.slice(few, half, 2 * half)), INVALID));
        int[] at = new int[nodes * cands];
        for (int j = 0; j < nodes; j++) {
            at[j * cands] = j;
            for (int q = 0; q < splits; q++) {
                at[j * cands + 1 + q] = nodes + j * splits + q;
            }
        }
        return r.gather(r.concat(own, split), at);
    }

    /** {@code count} indices from {@code first} in steps of {@code step}. */
    private static int[] stride(int count, int first, int step) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = first + i * step;
        }
        return idx;
    }

    private static SecretTensor repeat(SecretTensor one, int n) {
        return SecretTensor.fromShare(one.backend(), Shape.matrix(n, 1), one.backend().ring().repeat(one.share(), n), one.scale());
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
