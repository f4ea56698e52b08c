package org.consortia.mpc.protocols.relational;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;

/**
 * Sorts the rows of a secret table by a secret key column, ascending, with a bitonic network: the pairs compared and
 * the order of the layers are public (they depend on the row count only), the outcome of every comparison stays secret.
 * Each of the log2(N) (log2(N) + 1) / 2 layers (N: the rows rounded up to a power of two, padded with rows whose key is
 * {@code padKey}, above every real key) costs one batched comparison of N/2 key differences and one batched product of
 * N/2 x columns elements (a bit times a difference: no truncation). Keys must be distinct (ties are left in either
 * order) and differ by less than 2^63 in the ring; columns are raw shares at any scale.
 */
public final class ObliviousSort {
    private ObliviousSort() {
    }

    /**
     * The table sorted by column 0. {@code columns[c]} are the shares of column c (all of one length n; column 0 the
     * key); returns the sorted columns, of length n (the padding rows, sorted last, dropped).
     */
    public static long[][] sort(Backend be, long[][] columns, long padKey) {
        int n = columns[0].length;
        int cols = columns.length;
        int size = 1;
        while (size < n) {
            size <<= 1;
        }
        long[][] t = new long[cols][size];
        long[] pad = new long[size - n];
        java.util.Arrays.fill(pad, padKey);
        long[] padShare = be.publicShare(pad);
        for (int c = 0; c < cols; c++) {
            if (columns[c].length != n) {
                throw new IllegalArgumentException("oblivious sort: column " + c + " has " + columns[c].length + " rows, not " + n);
            }
            System.arraycopy(columns[c], 0, t[c], 0, n);
        }
        System.arraycopy(padShare, 0, t[0], n, size - n);
        int pairs = size / 2;
        int[] lo = new int[pairs];
        int[] hi = new int[pairs];
        for (int k = 2; k <= size; k <<= 1) {
            for (int j = k >> 1; j > 0; j >>= 1) {
                int p = 0;
                boolean[] asc = new boolean[pairs];
                for (int i = 0; i < size; i++) {
                    int l = i ^ j;
                    if (l > i) {
                        lo[p] = i;
                        hi[p] = l;
                        asc[p] = (i & k) == 0;
                        p++;
                    }
                }
                layer(be, t, lo, hi, asc);
            }
        }
        long[][] out = new long[cols][];
        for (int c = 0; c < cols; c++) {
            out[c] = java.util.Arrays.copyOf(t[c], n);
        }
        return out;
    }

    /** One layer: for each pair, swap when out of order (ascending pairs: hi's key below lo's; descending: the reverse). */
    private static void layer(Backend be, long[][] t, int[] lo, int[] hi, boolean[] asc) {
        int pairs = lo.length;
        int cols = t.length;
        long[] d = new long[pairs];
        for (int p = 0; p < pairs; p++) {
            long a = t[0][lo[p]];
            long b = t[0][hi[p]];
            d[p] = asc[p] ? b - a : a - b;
        }
        long[] swap = be.lessThanZero(d); // 0/1 shares
        long[] bits = new long[pairs * cols];
        long[] diff = new long[pairs * cols];
        for (int c = 0; c < cols; c++) {
            for (int p = 0; p < pairs; p++) {
                bits[c * pairs + p] = swap[p];
                diff[c * pairs + p] = t[c][hi[p]] - t[c][lo[p]];
            }
        }
        long[] delta = be.bilinear(bits, diff, Bilinear.elementwise(pairs * cols));
        for (int c = 0; c < cols; c++) {
            for (int p = 0; p < pairs; p++) {
                long dl = delta[c * pairs + p];
                t[c][lo[p]] = t[c][lo[p]] + dl;
                t[c][hi[p]] = t[c][hi[p]] - dl;
            }
        }
    }

    /** The layers of a network over {@code n} rows. */
    public static int layers(int n) {
        int lg = 0;
        while ((1 << lg) < n) {
            lg++;
        }
        return lg * (lg + 1) / 2;
    }

    /** What a sort of {@code n} rows of {@code columns} columns (the key among them) costs. */
    public static Cost cost(int n, int columns) {
        int size = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
        int pairs = Math.max(1, size / 2);
        Cost one = Costs.ltz(pairs).then(Beaver.cost(Bilinear.elementwise(pairs * columns)));
        Cost all = new Cost(0, 0);
        for (int l = 0; l < layers(n); l++) {
            all = all.then(one);
        }
        return all;
    }
}
