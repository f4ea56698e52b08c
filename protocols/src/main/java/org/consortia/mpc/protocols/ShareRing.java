package org.consortia.mpc.protocols;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Ring;

/**
 * The local arithmetic of a backend's shares: how many words hold one element, and the linear operations every party
 * does on its own (no messages). {@link SecretTensor} and the kernels written on {@link Backend} call these instead
 * of {@link Ring}, so one program runs on plain 64-bit shares ({@link #Z64}: one word per element) and on
 * authenticated shares (four words per element: a value and its MAC, each in Z_2^128).
 *
 * <p>Elements are stored contiguously, {@link #width()} words each, so the layout operations ({@link #gather},
 * {@link #slice}, {@link #transpose}, {@link #concat}) move whole elements and are written once here.
 */
public interface ShareRing {
    /** Words per element. */
    int width();

    /** x + y. */
    long[] add(long[] x, long[] y);

    /** x - y. */
    long[] sub(long[] x, long[] y);

    /** -x. */
    long[] neg(long[] x);

    /** x times a public signed integer. */
    long[] scale(long[] x, long k);

    /** Element i times the public signed integer k[i]. */
    long[] mul(long[] x, long[] k);

    /** Elements in a share array. */
    default int size(long[] x) {
        return x.length / width();
    }

    /** Shares of n zeros (every party's share of 0 is 0). */
    default long[] zeros(int n) {
        MpcArgumentException.checkNonNegative(n, "elements");
        return new long[Math.multiplyExact(n, width())];
    }

    /** acc += x (acc is modified). */
    default void addInto(long[] acc, long[] x) {
        System.arraycopy(add(acc, x), 0, acc, 0, acc.length);
    }

    /** Copies {@code n} elements from element {@code from} of src to element {@code to} of dst. */
    default void copy(long[] src, int from, long[] dst, int to, int n) {
        int w = width();
        System.arraycopy(src, from * w, dst, to * w, n * w);
    }

    /** Elements [from, to). */
    default long[] slice(long[] x, int from, int to) {
        int w = width();
        return java.util.Arrays.copyOfRange(x, from * w, to * w);
    }

    /** Element i of the result is element idx[i] of x. */
    default long[] gather(long[] x, int[] idx) {
        int w = width();
        int n = size(x);
        long[] out = new long[Math.multiplyExact(idx.length, w)];
        for (int i = 0; i < idx.length; i++) {
            int j = idx[i];
            if (j < 0 || j >= n) {
                throw new MpcArgumentException("gather: index " + j + " out of range for " + n + " elements");
            }
            System.arraycopy(x, j * w, out, i * w, w);
        }
        return out;
    }

    /** The parts one after another (whole elements, whatever the width). */
    default long[] concat(long[]... parts) {
        return Ring.concat(parts);
    }

    /** {@code copies} times x, one after another. */
    default long[] repeat(long[] x, int copies) {
        long[] out = new long[Math.multiplyExact(x.length, copies)];
        for (int c = 0; c < copies; c++) {
            System.arraycopy(x, 0, out, c * x.length, x.length);
        }
        return out;
    }

    /** Element r of {@code perRow} repeated k times, for every r. */
    default long[] spread(long[] perRow, int k) {
        int w = width();
        int rows = size(perRow);
        long[] out = new long[Math.multiplyExact(rows * k, w)];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(perRow, r * w, out, (r * k + j) * w, w);
            }
        }
        return out;
    }

    /** Transpose of a row-major rows x cols matrix of elements. */
    default long[] transpose(long[] x, int rows, int cols) {
        int[] idx = new int[Math.multiplyExact(rows, cols)];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                idx[j * rows + i] = i * cols + j;
            }
        }
        return gather(x, idx);
    }

    /** Sum over the middle axis of an [outer, len, inner] array: [outer, inner]. */
    default long[] sumAxis(long[] x, int outer, int len, int inner) {
        long[] out = zeros(outer * inner);
        for (int o = 0; o < outer; o++) {
            long[] acc = slice(x, o * len * inner, o * len * inner + inner);
            for (int a = 1; a < len; a++) {
                int base = (o * len + a) * inner;
                acc = add(acc, slice(x, base, base + inner));
            }
            copy(acc, 0, out, o * inner, inner);
        }
        return out;
    }

    /** Plain additive shares in Z_2^64, one word per element (the semi-honest backends and the plaintext reference). */
    ShareRing Z64 = new ShareRing() {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public long[] add(long[] x, long[] y) {
            return Ring.add(x, y);
        }

        @Override
        public void addInto(long[] acc, long[] x) {
            Ring.addInPlace(acc, x);
        }

        @Override
        public long[] sub(long[] x, long[] y) {
            return Ring.sub(x, y);
        }

        @Override
        public long[] neg(long[] x) {
            return Ring.neg(x);
        }

        @Override
        public long[] scale(long[] x, long k) {
            return Ring.scale(x, k);
        }

        @Override
        public long[] mul(long[] x, long[] k) {
            return Ring.mul(x, k);
        }

        @Override
        public long[] transpose(long[] x, int rows, int cols) {
            return Ring.transpose(x, rows, cols);
        }

        @Override
        public long[] sumAxis(long[] x, int outer, int len, int inner) {
            long[] out = new long[outer * inner];
            for (int o = 0; o < outer; o++) {
                for (int a = 0; a < len; a++) {
                    int base = (o * len + a) * inner;
                    for (int i = 0; i < inner; i++) {
                        out[o * inner + i] += x[base + i];
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "Z64";
        }
    };
}
