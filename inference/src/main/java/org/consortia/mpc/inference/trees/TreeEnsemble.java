package org.consortia.mpc.inference.trees;

/**
 * A tree ensemble of complete binary trees of one depth (shorter trees padded, see {@link TreeImport}), nodes in heap
 * order (root 0, children 2i+1 and 2i+2), internal node i of tree t at {@code t * internal() + i}, leaf j at
 * {@code t * leaves() + j}. Every comparison is "go left iff x[feature] &lt; threshold", or &lt;= where
 * {@code inclusive}.
 *
 * <p>What the other members learn of it is {@link Shape} only (features, trees, depth bound, outputs, aggregation and
 * transform); the model owner alone holds the rest: features, thresholds, leaf weights, base values, the trees' real
 * shapes. {@code toString()} prints the public shape only.
 */
public record TreeEnsemble(Shape shape, int[] feature, double[] threshold, boolean[] inclusive, double[] leaf, double[] base) {

    /** How the trees' leaf sums become outputs. */
    public enum Post { NONE, LOGISTIC, SOFTMAX }

    /**
     * What a job announces of a tree ensemble: {@code features} inputs per row, {@code trees} trees of depth
     * {@code depth}, {@code targets} outputs per row (classes of a classifier), the sums averaged over the trees or not,
     * then {@code post}; a classifier adds the label (the argmax).
     */
    public record Shape(int features, int trees, int depth, int targets, boolean average, Post post, boolean classifier) {
        public Shape {
            if (features < 1 || trees < 1 || depth < 1 || depth > 16 || targets < 1) {
                throw new IllegalArgumentException("tree ensemble: features " + features + ", trees " + trees + ", depth "
                        + depth + " (1..16), targets " + targets);
            }
        }

        public int internal() {
            return (1 << depth) - 1;
        }

        public int leaves() {
            return 1 << depth;
        }
    }

    public TreeEnsemble {
        int nodes = shape.trees() * shape.internal();
        if (feature.length != nodes || threshold.length != nodes || inclusive.length != nodes
                || leaf.length != shape.trees() * shape.leaves() * shape.targets() || base.length != shape.targets()) {
            throw new IllegalArgumentException("tree ensemble: arrays do not match " + shape);
        }
    }

    /** The plaintext score of one row: the outputs (after the transform), as onnxruntime computes them. */
    public double[] score(double[] row) {
        int k = shape.targets();
        double[] out = base.clone();
        for (int t = 0; t < shape.trees(); t++) {
            int i = 0;
            for (int d = 0; d < shape.depth(); d++) {
                int at = t * shape.internal() + i;
                double x = row[feature[at]];
                boolean left = inclusive[at] ? x <= threshold[at] : x < threshold[at];
                i = 2 * i + (left ? 1 : 2);
            }
            int j = i - shape.internal();
            for (int c = 0; c < k; c++) {
                out[c] += leaf[(t * shape.leaves() + j) * k + c] / (shape.average() ? shape.trees() : 1);
            }
        }
        switch (shape.post()) {
            case LOGISTIC -> {
                for (int c = 0; c < k; c++) {
                    out[c] = 1 / (1 + Math.exp(-out[c]));
                }
            }
            case SOFTMAX -> {
                double m = java.util.Arrays.stream(out).max().orElse(0);
                double s = 0;
                for (int c = 0; c < k; c++) {
                    out[c] = Math.exp(out[c] - m);
                    s += out[c];
                }
                for (int c = 0; c < k; c++) {
                    out[c] /= s;
                }
            }
            default -> { }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TreeEnsemble" + shape; // the model owner's parameters never reach a log
    }
}
