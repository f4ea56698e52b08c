package org.consortia.mpc.analyses.trees;

/**
 * A gradient-boosted ensemble over binned features, as training reveals it to its recipient: {@code trees} complete
 * trees of depth {@code depth}, internal nodes in heap order (root 0, children 2i+1 and 2i+2), internal node i of tree
 * t at {@code t * internal() + i} going left iff the bin of feature {@code feature[..]} is at most {@code bin[..]}
 * (x &lt;= the holder's edge {@code edges[feature][bin]}), leaf j at {@code t * leaves() + j} with the learning rate
 * folded in; the raw score is {@code base} plus the leaves reached, the logistic loss's probability its sigmoid.
 * {@code toString()} prints the shape only.
 */
public record BoostedTrees(GradientBoosting.Loss loss, int features, int bins, int depth, int[] feature, int[] bin,
        double[] leaf, double base) {

    public BoostedTrees {
        int trees = leaf.length >> depth;
        if (feature.length != bin.length || feature.length != trees * ((1 << depth) - 1) || leaf.length != trees << depth) {
            throw new IllegalArgumentException("boosted trees: arrays do not match depth " + depth);
        }
    }

    public int trees() {
        return leaf.length >> depth;
    }

    public int internal() {
        return (1 << depth) - 1;
    }

    public int leaves() {
        return 1 << depth;
    }

    /** The raw score (log-odds for the logistic loss) of one row of bin indices (one per feature). */
    public double raw(int[] bins) {
        double s = base;
        for (int t = 0; t < trees(); t++) {
            int i = 0;
            for (int d = 0; d < depth; d++) {
                int at = t * internal() + i;
                i = 2 * i + (bins[feature[at]] <= bin[at] ? 1 : 2);
            }
            s += leaf[t * leaves() + i - internal()];
        }
        return s;
    }

    /** The prediction of one row of bin indices: the probability (logistic loss) or the value (squared loss). */
    public double predict(int[] bins) {
        double r = raw(bins);
        return loss == GradientBoosting.Loss.LOGISTIC ? 1 / (1 + Math.exp(-r)) : r;
    }

    @Override
    public String toString() {
        return "BoostedTrees[" + loss + ", " + trees() + " trees of depth " + depth + ", " + features + " features x " + bins
                + " bins]";
    }
}
