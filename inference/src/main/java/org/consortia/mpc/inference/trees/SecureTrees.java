package org.consortia.mpc.inference.trees;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Oblivious scoring of a tree ensemble whose parameters only the model owner knows: every node of every tree is
 * evaluated, in one pass.
 * <pre>
 *   S = X @ F            F: the owner's one-hot [features, nodes] of each node's feature (0/1: no truncation)
 *   B = [S - T &lt; 0]     every comparison of every node of every tree in one batch
 *   level by level:      the indicator of each child = parent's x B (left) or parent's x (1 - B) (right), one batch
 *                        of products of 0/1 values per level (no truncation)
 *   Y = I @ L + base     I: the leaves' 0/1 indicators, L: the owner's leaf weights; averaged, then the transform
 * </pre>
 * The rounds depend on the depth, never on the number of trees ({@link #cost}). The others learn only the
 * {@link TreeEnsemble.Shape}: the features, thresholds, leaves, base values and the trees' real depths stay with the
 * owner. Exact but for the transform's approximation and one truncation when averaging.
 */
public final class SecureTrees {
    /**
     * The most node comparisons held at once (rows x nodes): rows and trees are scored in chunks of this many, so memory
     * stays bounded whatever the rows and trees (each chunk adds its rounds).
     */
    public static final int CHUNK_ELEMENTS = Cost.CHUNK;

    private SecureTrees() {
    }

    /** The scores {@code [rows, targets]} and, for a classifier, the labels {@code [rows]} (argmax, scale 0). */
    public record Scores(SecretTensor scores, SecretTensor labels) {
    }

    /**
     * @param x     the rows {@code [rows, features]}, secret (any member's, or members' columns concatenated)
     * @param owner the model owner
     * @param model the ensemble at the owner ({@code null} elsewhere)
     */
    public static Scores score(SecretTensor x, int owner, TreeEnsemble.Shape s, TreeEnsemble model) {
        Backend be = x.backend();
        int rows = x.shape().rows();
        if (x.shape().cols() != s.features()) {
            throw new IllegalArgumentException("tree ensemble: rows of " + x.shape().cols() + " features, the model reads "
                    + s.features());
        }
        int f = be.fixedPoint().fracBits();
        int nodes = s.trees() * s.internal();
        int leaves = s.trees() * s.leaves();
        boolean mine = be.readsInputOf(owner) && model != null;
        // the owner's secrets: features one-hot, thresholds (encoded so that "x < t" is exact on encoded values), leaves, base
        long[] oneHot = null;
        long[] thresholds = null;
        if (mine) {
            oneHot = new long[s.features() * nodes];
            thresholds = new long[nodes];
            for (int n = 0; n < nodes; n++) {
                oneHot[model.feature()[n] * nodes + n] = 1;
                // a threshold beyond the fixed-point range (exporters write +-FLT_MAX for "always") keeps its meaning
                double limit = Math.scalb(1.0, 61);
                double scaled = Math.max(-limit, Math.min(limit, Math.scalb(model.threshold()[n], f)));
                thresholds[n] = model.inclusive()[n] ? (long) Math.floor(scaled) + 1 : (long) Math.ceil(scaled);
            }
        }
        SecretTensor features = be.inputIntegers(owner, Shape.matrix(s.features(), nodes), oneHot);
        SecretTensor t = SecretTensor.fromShare(be, Shape.vector(nodes), be.inputIntegers(owner, Shape.vector(nodes), thresholds)
                .share(), f);
        SecretTensor leafValues = be.input(owner, Shape.matrix(leaves, s.targets()), mine ? model.leaf() : null);
        SecretTensor base = be.input(owner, Shape.vector(s.targets()), mine ? model.base() : null);

        // chunks of trees (all rows at once where they fit): each chunk masks only its own trees' feature matrix, so the
        // model's one-hot features are opened once over the whole job, the rows once per chunk of trees
        Chunk ch = chunk(s, rows);
        SecretTensor y = null;
        for (int from = 0; from < rows; from += ch.rows()) {
            int n = Math.min(ch.rows(), rows - from);
            int[] take = new int[n * s.features()];
            for (int i = 0; i < take.length; i++) {
                take[i] = from * s.features() + i;
            }
            SecretTensor xs = x.take(take, Shape.matrix(n, s.features()));
            SecretTensor part = null;
            for (int t0 = 0; t0 < s.trees(); t0 += ch.trees()) {
                TreeEnsemble.Shape sub = trees(s, Math.min(ch.trees(), s.trees() - t0));
                SecretTensor sums = leafSums(xs, sub, columns(features, nodes, t0 * s.internal(), sub.trees() * s.internal()),
                        t.take(range(t0 * s.internal(), sub.trees() * s.internal()), Shape.vector(sub.trees() * s.internal())),
                        leafValues.take(range(t0 * s.leaves() * s.targets(), sub.trees() * s.leaves() * s.targets()),
                                Shape.matrix(sub.trees() * s.leaves(), s.targets())));
                part = part == null ? sums : part.add(sums);
            }
            y = y == null ? part : y.concat(0, part);
        }
        if (s.average()) {
            y = y.mul(1.0 / s.trees());
        }
        y = SecretTensor.fromShare(be, y.shape(), be.ring().add(y.share(), be.ring().repeat(base.share(), rows)), f);
        y = switch (s.post()) {
            case LOGISTIC -> y.sigmoid();
            case SOFTMAX -> y.softmax();
            case NONE -> y;
        };
        return new Scores(y, s.classifier() ? y.argmax() : null);
    }

    /**
     * The leaf sums {@code [rows, targets]} of a chunk of rows: one comparison batch over all its rows' nodes, one product
     * batch per level, the leaves' indicators times the leaf weights.
     */
    private static SecretTensor leafSums(SecretTensor x, TreeEnsemble.Shape s, SecretTensor features, SecretTensor t,
            SecretTensor leafValues) {
        Backend be = x.backend();
        int f = be.fixedPoint().fracBits();
        int rows = x.shape().rows();
        int nodes = s.trees() * s.internal();
        int leaves = s.trees() * s.leaves();
        ShareRing ring = be.ring();
        SecretTensor selected = x.matmul(features);                                   // [rows, nodes], no truncation
        long[] diff = ring.sub(selected.share(), ring.repeat(t.share(), rows));       // x_feature(n) - t_n
        SecretTensor bits = SecretTensor.fromShare(be, Shape.matrix(rows, nodes), diff, f).ltz();  // 1: go left
        long[] b = bits.share();

        // level 1: the root's children, b and 1 - b
        int trees = s.trees();
        long[] root = ring.gather(b, nodeBits(rows, trees, nodes, s.internal(), 0, 1));
        long[] ones = new long[rows * trees];
        java.util.Arrays.fill(ones, 1L);
        long[] ind = interleave(ring, root, be.addPublic(ring.neg(root), ones));
        for (int level = 1; level < s.depth(); level++) {
            int width = 1 << level;
            long[] levelBits = ring.gather(b, nodeBits(rows, trees, nodes, s.internal(), width - 1, width));
            long[] left = be.bilinear(ind, levelBits, Bilinear.elementwise(ring.size(ind))); // 0/1 x 0/1: scale 0
            ind = interleave(ring, left, ring.sub(ind, left));
        }
        SecretTensor indicators = SecretTensor.fromShare(be, Shape.matrix(rows, leaves), ind, 0);
        SecretTensor y = indicators.matmul(leafValues);                                 // [rows, targets], no truncation
        return y;
    }

    /**
     * The positions in a {@code [rows, nodes]} bit matrix of each row's and tree's {@code width} nodes from heap index
     * {@code first} (a level of every tree), row by row, tree by tree.
     */
    private static int[] nodeBits(int rows, int trees, int nodes, int internal, int first, int width) {
        int[] idx = new int[rows * trees * width];
        for (int r = 0; r < rows; r++) {
            for (int tr = 0; tr < trees; tr++) {
                for (int k = 0; k < width; k++) {
                    idx[(r * trees + tr) * width + k] = r * nodes + tr * internal + first + k;
                }
            }
        }
        return idx;
    }

    /** a_0, b_0, a_1, b_1, ...: element i of each in turn (whole elements of the backend's ring). */
    private static long[] interleave(ShareRing ring, long[] a, long[] b) {
        int n = ring.size(a);
        int[] idx = new int[2 * n];
        for (int i = 0; i < n; i++) {
            idx[2 * i] = i;
            idx[2 * i + 1] = n + i;
        }
        return ring.gather(ring.concat(a, b), idx);
    }

    /**
     * What scoring {@code rows} rows costs one party before the transform and the labels: chunks of rows and trees
     * ({@link #chunk}), each {@link #chunkCost}.
     */
    public static Cost cost(TreeEnsemble.Shape s, int rows) {
        Chunk ch = chunk(s, rows);
        Cost c = new Cost(0, 0);
        for (int from = 0; from < rows; from += ch.rows()) {
            for (int t0 = 0; t0 < s.trees(); t0 += ch.trees()) {
                c = c.then(chunkCost(trees(s, Math.min(ch.trees(), s.trees() - t0)), Math.min(ch.rows(), rows - from)));
            }
        }
        return c;
    }

    /** How many rows and trees are scored at once. */
    public record Chunk(int rows, int trees) {
    }

    /**
     * The rows and trees scored at once, rows x trees x internal nodes within {@link #CHUNK_ELEMENTS}: every row and as
     * many trees as fit; where one tree over every row does not fit, one tree over as many rows as fit.
     */
    public static Chunk chunk(TreeEnsemble.Shape s, int rows) {
        long perTree = (long) rows * s.internal();
        if (perTree <= CHUNK_ELEMENTS) {
            return new Chunk(rows, (int) Math.max(1, Math.min(s.trees(), CHUNK_ELEMENTS / perTree)));
        }
        return new Chunk(Math.max(1, CHUNK_ELEMENTS / s.internal()), 1);
    }

    /** The shape of {@code trees} of the ensemble's trees. */
    public static TreeEnsemble.Shape trees(TreeEnsemble.Shape s, int trees) {
        return new TreeEnsemble.Shape(s.features(), trees, s.depth(), s.targets(), s.average(), s.post(), s.classifier());
    }

    /** Columns {@code [from, from + count)} of a {@code [rows, cols]} matrix (local). */
    private static SecretTensor columns(SecretTensor m, int cols, int from, int count) {
        int rows = m.shape().rows();
        int[] idx = new int[rows * count];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < count; c++) {
                idx[r * count + c] = r * cols + from + c;
            }
        }
        return m.take(idx, Shape.matrix(rows, count));
    }

    private static int[] range(int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = from + i;
        }
        return out;
    }

    /**
     * What one chunk of {@code rows} rows costs: two inputs' worth of matrix products, one comparison batch over every
     * node, one product batch per level below the root. Its rounds do not depend on the number of trees.
     */
    public static Cost chunkCost(TreeEnsemble.Shape s, int rows) {
        int nodes = s.trees() * s.internal();
        Cost c = Beaver.cost(Bilinear.matmul(rows, s.features(), nodes)).then(Costs.ltz(rows * nodes));
        for (int level = 1; level < s.depth(); level++) {
            c = c.then(Beaver.cost(Bilinear.elementwise(rows * s.trees() * (1 << level))));
        }
        c = c.then(Beaver.cost(Bilinear.matmul(rows, s.trees() * s.leaves(), s.targets())));
        return s.average() ? c.then(Truncation.cost((long) rows * s.targets())) : c;
    }
}
