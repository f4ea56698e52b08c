package org.consortia.mpc.protocols;

import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Im2col;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Max, argmax and max pooling as trees of batched comparisons: every level compares all of its pairs in one
 * comparison call and selects values and indices with one batched product, so K candidates cost
 * ceil(log2 K) x (comparison + 1) rounds whatever the number of rows; a max without its index where the backend's ReLU
 * is one protocol (FSS keys, or the dealer's chunk codes) is right + relu(left - right) instead, no product. Ties keep
 * the earlier candidate.
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
        ShareRing ring = be.ring();
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
                boolean even = (k & 1) == 0; // candidates 2q and 2q + 1 of the whole array: no index arrays
                Pairs pr = even ? null : new Pairs(rows, k);
                int m = rows * (k / 2);
                long[] left = even ? everyOther(ring, vals, 0) : ring.gather(vals, pr.left);
                long[] right = even ? everyOther(ring, vals, 1) : ring.gather(vals, pr.right);
                long[] diff = ring.sub(left, right);
                if (!withIndex && be.reluInOneStep()) { // max = right + relu(left - right): no product after the sign
                    long[] best = ring.add(right, be.relu(diff));
                    vals = even ? best : ring.gather(ring.concat(best, vals), pr.next);
                    k = (k + 1) / 2;
                    continue;
                }
                long[] c = be.lessThanZero(diff); // [left < right]
                long[] delta = ring.neg(diff); // right - left
                long[] cc = c;
                if (withIndex) {
                    long[] il = even ? everyOther(ring, idx, 0) : ring.gather(idx, pr.left);
                    delta = ring.concat(delta, ring.sub(even ? everyOther(ring, idx, 1) : ring.gather(idx, pr.right), il));
                    cc = ring.concat(c, c);
                    long[] step = be.bilinear(cc, delta, Bilinear.elementwise(2 * m)); // c * (right - left), exact
                    long[] winners = ring.add(left, ring.slice(step, 0, m));
                    long[] at = ring.add(il, ring.slice(step, m, 2 * m));
                    vals = even ? winners : ring.gather(ring.concat(winners, vals), pr.next);
                    idx = even ? at : ring.gather(ring.concat(at, idx), pr.next);
                } else {
                    long[] step = be.bilinear(cc, delta, Bilinear.elementwise(m));
                    vals = even ? ring.add(left, step) : ring.gather(ring.concat(ring.add(left, step), vals), pr.next);
                }
                k = (k + 1) / 2;
            }
        }
        int[] outDims = java.util.Arrays.copyOf(shape.dims(), shape.rank() - 1);
        Shape out = Shape.of(outDims);
        return new SecretTensor[] {SecretTensor.of(be, out, vals, x.scale()),
            withIndex ? SecretTensor.of(be, out, idx, 0) : null};
    }

    /**
     * One level of a tournament over rows of {@code k} candidates: neighbours (2p, 2p + 1) meet, an odd last one waits.
     * {@code left}/{@code right} index the candidates of pair {@code r * pairs + p}; {@code next} builds the next level
     * from [winners (rows x pairs) | this level's candidates].
     */
    private static final class Pairs {
        final int pairs;
        final int count;
        final int[] left;
        final int[] right;
        final int[] next;

        Pairs(int rows, int k) {
            pairs = k / 2;
            count = pairs + (k & 1);
            left = new int[rows * pairs];
            right = new int[rows * pairs];
            next = new int[rows * count];
            int m = rows * pairs;
            for (int r = 0; r < rows; r++) {
                for (int p = 0; p < pairs; p++) {
                    left[r * pairs + p] = r * k + 2 * p;
                    right[r * pairs + p] = r * k + 2 * p + 1;
                    next[r * count + p] = r * pairs + p;
                }
                if ((k & 1) == 1) {
                    next[r * count + pairs] = m + r * k + k - 1;
                }
            }
        }
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
        ShareRing ring = be.ring();
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
                Pairs pr = new Pairs(rows, k);
                int pairs = pr.pairs;
                int m = rows * pairs;
                long[] left = ring.gather(vals, pr.left);
                long[] diff = ring.sub(left, ring.gather(vals, pr.right));
                long[] c = be.lessThanZero(diff); // [left < right]: the right one wins
                int paired = start[2 * pairs]; // positions in pairs (an odd last candidate waits)
                int[] cOf = new int[rows * paired];   // the comparison deciding position q of row r
                int[] pos = new int[rows * paired];   // position q of row r in hot
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < pairs; p++) {
                        for (int q = start[2 * p]; q < start[2 * p + 2]; q++) {
                            cOf[r * paired + q] = r * pairs + p;
                            pos[r * paired + q] = r * k0 + q;
                        }
                    }
                }
                long[] held = ring.gather(hot, pos);
                long[] cc = ring.concat(c, ring.gather(c, cOf));
                long[] other = ring.concat(ring.neg(diff), held); // right - left, and the one-hots in play
                long[] step = be.bilinear(cc, other, Bilinear.elementwise(m + rows * paired)); // no truncation: bits
                vals = ring.gather(ring.concat(ring.add(left, ring.slice(step, 0, m)), vals), pr.next);
                // hot from [hot | held - step (the left's positions: kept unless beaten) | step (the right's: kept if it wins)]
                long[] stepHot = ring.slice(step, m, m + rows * paired);
                int h = rows * k0;
                int mp = rows * paired;
                int[] sel = new int[h];
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < k0; q++) {
                        sel[r * k0 + q] = r * k0 + q;
                    }
                    for (int p = 0; p < pairs; p++) {
                        for (int q = start[2 * p]; q < start[2 * p + 1]; q++) {
                            sel[r * k0 + q] = h + r * paired + q;
                        }
                        for (int q = start[2 * p + 1]; q < start[2 * p + 2]; q++) {
                            sel[r * k0 + q] = h + mp + r * paired + q;
                        }
                    }
                }
                hot = ring.gather(ring.concat(hot, ring.sub(held, stepHot), stepHot), sel);
                int next = pr.count;
                int[] ns = new int[next + 1];
                for (int p = 0; p < pairs; p++) {
                    ns[p] = start[2 * p];
                }
                if ((k & 1) == 1) {
                    ns[pairs] = start[k - 1];
                }
                ns[next] = k0;
                start = ns;
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
        int oh = Im2col.outSize(h, kernel, stride, padding);
        int ow = Im2col.outSize(w, kernel, stride, padding);
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
        SecretTensor extended = padding == 0 ? SecretTensor.of(be, Shape.vector(s.size()), x.raw(), x.scale()) // no PAD cell
                : SecretTensor.of(be, Shape.vector(s.size() + 1), be.ring().concat(x.raw(), be.publicShare(new long[] {PAD})),
                        x.scale());
        SecretTensor windows = extended.take(take, Shape.matrix(planes * oh * ow, kk));
        int[] dims = s.dims();
        dims[dims.length - 2] = oh;
        dims[dims.length - 1] = ow;
        try (var sc = be.operation("maxpool")) {
            return windows.maxLastAxis().reshape(Shape.of(dims));
        }
    }

    /** Elements first, first + 2, first + 4, ... of x (with an even count of candidates per row, every row's pairs). */
    private static long[] everyOther(ShareRing ring, long[] x, int first) {
        int w = ring.width();
        int m = ring.size(x) / 2;
        long[] out = new long[m * w];
        if (w == 1) {
            for (int q = 0; q < m; q++) {
                out[q] = x[2 * q + first];
            }
        } else {
            for (int q = 0; q < m; q++) {
                System.arraycopy(x, (2 * q + first) * w, out, q * w, w);
            }
        }
        return out;
    }
}
