package org.consortia.mpc.protocols;

import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Max, argmax and max pooling as trees of batched comparisons: every level compares all of its pairs in one
 * comparison call and selects values and indices with one batched product, so K candidates cost
 * ceil(log2 K) x (8 + 1) rounds whatever the number of rows. Ties keep the earlier candidate.
 */
final class Reductions {
    /** Raw value a padded max-pool cell takes: far below any encodable value, yet differences cannot overflow. */
    static final long PAD = -(1L << 61);

    private Reductions() {
    }

    /** {max, argmax} along the last axis; the argmax is tracked only when asked for. */
    static SecretTensor[] maxAndArgmax(SecretTensor x, boolean withIndex) {
        Shape shape = x.shape();
        Backend be = x.backend();
        int k = lastAxis(shape, "max/argmax");
        int rows = shape.size() / k;
        long[] vals = x.raw();
        long[] idx = null;
        if (withIndex) {
            long[] pub = new long[rows * k];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < k; j++) {
                    pub[r * k + j] = j;
                }
            }
            idx = be.publicShare(pub);
        }
        try (var s = be.operation(withIndex ? "argmax" : "max")) {
            while (k > 1) {
                int pairs = k / 2;
                int next = pairs + (k & 1);
                int m = rows * pairs;
                long[] diff = pairDifferences(vals, rows, k);
                long[] c = be.lessThanZero(diff); // [left < right]
                int width = withIndex ? 2 * m : m;
                long[] delta = new long[width];
                long[] cc = new long[width];
                for (int i = 0; i < m; i++) {
                    delta[i] = -diff[i]; // right - left
                    cc[i] = c[i];
                }
                if (withIndex) {
                    for (int r = 0; r < rows; r++) {
                        for (int p = 0; p < pairs; p++) {
                            int i = r * pairs + p;
                            delta[m + i] = idx[r * k + 2 * p + 1] - idx[r * k + 2 * p];
                            cc[m + i] = c[i];
                        }
                    }
                }
                long[] step = be.bilinear(cc, delta, Bilinear.elementwise(width)); // c * (right - left), no truncation
                long[] nv = new long[rows * next];
                long[] ni = withIndex ? new long[rows * next] : null;
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < pairs; p++) {
                        int i = r * pairs + p;
                        nv[r * next + p] = vals[r * k + 2 * p] + step[i];
                        if (withIndex) {
                            ni[r * next + p] = idx[r * k + 2 * p] + step[m + i];
                        }
                    }
                    if ((k & 1) == 1) {
                        nv[r * next + pairs] = vals[r * k + k - 1];
                        if (withIndex) {
                            ni[r * next + pairs] = idx[r * k + k - 1];
                        }
                    }
                }
                vals = nv;
                idx = ni;
                k = next;
            }
        }
        int[] outDims = java.util.Arrays.copyOf(shape.dims(), shape.rank() - 1);
        Shape out = Shape.of(outDims);
        return new SecretTensor[] {SecretTensor.of(be, out, vals, x.scale()),
            withIndex ? SecretTensor.of(be, out, idx, 0) : null};
    }

    /**
     * The one-hot of the maximum along the last axis (ties keep the first), carried through the tournament itself: each
     * candidate holds the one-hot over the positions it has beaten (a contiguous range), and every level selects both the
     * values and those one-hots with the same batched product, so no zero test follows: ceil(log2 K) x (comparison + 1)
     * rounds, as many as the index alone.
     */
    static SecretTensor maxOneHot(SecretTensor x) {
        Shape shape = x.shape();
        Backend be = x.backend();
        int k0 = lastAxis(shape, "argmax");
        int rows = shape.size() / k0;
        long[] vals = x.raw();
        long[] hot = be.publicShare(Approx.filled(rows * k0, 1L)); // every position its own candidate, rows x k0
        int[] start = new int[k0 + 1]; // candidate j owns positions [start[j], start[j + 1])
        for (int j = 0; j <= k0; j++) {
            start[j] = j;
        }
        int k = k0;
        try (var s = be.operation("argmax")) {
            while (k > 1) {
                int pairs = k / 2;
                int next = pairs + (k & 1);
                int m = rows * pairs;
                long[] diff = pairDifferences(vals, rows, k);
                long[] c = be.lessThanZero(diff); // [left < right]: the right one wins
                int paired = start[2 * pairs]; // positions in pairs (an odd last candidate waits)
                int width = m + rows * paired;
                long[] cc = new long[width];
                long[] other = new long[width];
                for (int i = 0; i < m; i++) {
                    cc[i] = c[i];
                    other[i] = -diff[i]; // right - left
                }
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < pairs; p++) {
                        long cv = c[r * pairs + p];
                        for (int q = start[2 * p]; q < start[2 * p + 2]; q++) {
                            cc[m + r * paired + q] = cv;
                            other[m + r * paired + q] = hot[r * k0 + q];
                        }
                    }
                }
                long[] step = be.bilinear(cc, other, Bilinear.elementwise(width)); // no truncation: bits
                long[] nv = new long[rows * next];
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < pairs; p++) {
                        nv[r * next + p] = vals[r * k + 2 * p] + step[r * pairs + p];
                        for (int q = start[2 * p]; q < start[2 * p + 1]; q++) { // the left's positions: kept unless beaten
                            hot[r * k0 + q] -= step[m + r * paired + q];
                        }
                        for (int q = start[2 * p + 1]; q < start[2 * p + 2]; q++) { // the right's: kept if it wins
                            hot[r * k0 + q] = step[m + r * paired + q];
                        }
                    }
                    if ((k & 1) == 1) {
                        nv[r * next + pairs] = vals[r * k + k - 1];
                    }
                }
                int[] ns = new int[next + 1];
                for (int p = 0; p < pairs; p++) {
                    ns[p] = start[2 * p];
                }
                if ((k & 1) == 1) {
                    ns[pairs] = start[k - 1];
                }
                ns[next] = k0;
                start = ns;
                vals = nv;
                k = next;
            }
        }
        return SecretTensor.of(be, shape, hot, 0);
    }

    /** The last axis's length, refused when there is none or it is empty. */
    private static int lastAxis(Shape shape, String op) {
        if (shape.rank() == 0 || shape.dim(shape.rank() - 1) == 0) {
            throw new MpcArgumentException(op + ": needs a non-empty last axis, got shape " + shape);
        }
        return shape.dim(shape.rank() - 1);
    }

    /** Left minus right for every pair of neighbours (2p, 2p + 1) of every row of {@code k} candidates (an odd last waits). */
    private static long[] pairDifferences(long[] vals, int rows, int k) {
        int pairs = k / 2;
        long[] diff = new long[rows * pairs];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < pairs; p++) {
                diff[r * pairs + p] = vals[r * k + 2 * p] - vals[r * k + 2 * p + 1];
            }
        }
        return diff;
    }

    static SecretTensor maxPool2d(SecretTensor x, int kernel, int stride, int padding) {
        Shape s = x.shape();
        if ((s.rank() != 3 && s.rank() != 4) || kernel < 1 || stride < 1 || padding < 0 || padding >= kernel) {
            throw new MpcArgumentException("maxPool2d: needs [C,H,W] or [N,C,H,W], kernel >= 1, stride >= 1 and "
                    + "0 <= padding < kernel; got shape " + s + ", kernel " + kernel + ", stride " + stride
                    + ", padding " + padding);
        }
        int h = s.dim(s.rank() - 2);
        int w = s.dim(s.rank() - 1);
        int planes = s.size() / (h * w);
        int oh = org.consortia.mpc.sharing.ring.Im2col.outSize(h, kernel, stride, padding);
        int ow = org.consortia.mpc.sharing.ring.Im2col.outSize(w, kernel, stride, padding);
        int kk = kernel * kernel;
        int padIndex = s.size(); // one extra cell holding PAD
        int[] take = new int[planes * oh * ow * kk];
        int t = 0;
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ky = 0; ky < kernel; ky++) {
                        for (int kx = 0; kx < kernel; kx++) {
                            int iy = oy * stride - padding + ky;
                            int ix = ox * stride - padding + kx;
                            take[t++] = iy < 0 || iy >= h || ix < 0 || ix >= w ? padIndex : (pl * h + iy) * w + ix;
                        }
                    }
                }
            }
        }
        Backend be = x.backend();
        long[] src = java.util.Arrays.copyOf(x.raw(), s.size() + 1);
        long[] padShare = be.publicShare(new long[] {PAD});
        src[s.size()] = padShare[0];
        SecretTensor extended = SecretTensor.of(be, Shape.vector(s.size() + 1), src, x.scale());
        SecretTensor windows = extended.take(take, Shape.matrix(planes * oh * ow, kk));
        int[] dims = s.dims();
        dims[dims.length - 2] = oh;
        dims[dims.length - 1] = ow;
        try (var sc = be.operation("maxpool")) {
            return windows.maxLastAxis().reshape(Shape.of(dims));
        }
    }
}
