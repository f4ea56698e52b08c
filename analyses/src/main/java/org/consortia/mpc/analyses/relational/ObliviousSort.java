package org.consortia.mpc.analyses.relational;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
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
        int size = powerOfTwo(n);
        long[][] t = new long[cols][size];
        long[] padShare = be.publicShare(filled(size - n, padKey));
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

    /**
     * Merges two ascending runs into one, with a bitonic merge (log2(N) layers, N the rows rounded up to a power of two):
     * {@code columns[c]} holds the first run's n1 rows, then the second's; column 0 is the key. Returns the merged columns
     * (length n1 + n2) and, in {@code swaps}, each layer's secret swap bits, with which {@link #unmerge} puts every row
     * back where it came from.
     */
    public static long[][] merge(Backend be, long[][] columns, int n1, long padKey, List<long[]> swaps) {
        int n = columns[0].length;
        int cols = columns.length;
        int size = powerOfTwo(n);
        int n2 = n - n1;
        // the first run ascending, padding (above every key), then the second run descending: a bitonic sequence
        long[][] t = new long[cols][size];
        long[] pad = be.publicShare(filled(size - n, padKey));
        for (int c = 0; c < cols; c++) {
            System.arraycopy(columns[c], 0, t[c], 0, n1);
            for (int j = 0; j < n2; j++) {
                t[c][size - 1 - j] = columns[c][n1 + j];
            }
        }
        System.arraycopy(pad, 0, t[0], n1, size - n);
        int pairs = size / 2;
        boolean[] asc = new boolean[pairs];
        java.util.Arrays.fill(asc, true);
        for (int j = size >> 1; j > 0; j >>= 1) {
            int[][] lh = pairsOf(size, j);
            swaps.add(layer(be, t, lh[0], lh[1], asc));
        }
        long[][] out = new long[cols][];
        for (int c = 0; c < cols; c++) {
            out[c] = java.util.Arrays.copyOf(t[c], n);
        }
        return out;
    }

    /**
     * Undoes a {@link #merge} on other columns of the same rows: the layers in reverse, each swapping back what it swapped
     * (one product per layer, no comparison). {@code columns[c]} holds the merged order (length n, the first run n1 long);
     * returns the columns in the order before the merge.
     */
    public static long[][] unmerge(Backend be, long[][] columns, int n1, List<long[]> swaps) {
        int n = columns[0].length;
        int cols = columns.length;
        int size = powerOfTwo(n);
        long[][] t = new long[cols][size];
        for (int c = 0; c < cols; c++) {
            System.arraycopy(columns[c], 0, t[c], 0, n); // the padding rows, last after the merge, hold zeros
        }
        List<int[][]> layers = new ArrayList<>();
        for (int j = size >> 1; j > 0; j >>= 1) {
            layers.add(pairsOf(size, j));
        }
        for (int l = layers.size() - 1; l >= 0; l--) {
            swap(be, t, layers.get(l)[0], layers.get(l)[1], swaps.get(l));
        }
        int n2 = n - n1;
        long[][] out = new long[cols][n];
        for (int c = 0; c < cols; c++) {
            System.arraycopy(t[c], 0, out[c], 0, n1);
            for (int j = 0; j < n2; j++) {
                out[c][n1 + j] = t[c][size - 1 - j];
            }
        }
        return out;
    }

    /** What a merge of {@code n} rows of {@code columns} columns and the unmerge of {@code back} columns cost. */
    public static Cost mergeCost(int n, int columns, int back) {
        return mergeCost(n, columns, back, Comparisons.BOOLEAN);
    }

    /** As {@link #mergeCost(int, int, int)} with comparisons in {@code mode}. */
    public static Cost mergeCost(int n, int columns, int back, Comparisons mode) {
        int size = powerOfTwo(n);
        int pairs = Math.max(1, size / 2);
        Cost all = new Cost(0, 0);
        for (int l = 0; l < Integer.numberOfTrailingZeros(size); l++) {
            all = all.then(Costs.ltz(pairs, mode)).then(Beaver.cost(Bilinear.elementwise(pairs * columns)))
                    .then(Beaver.cost(Bilinear.elementwise(pairs * back)));
        }
        return all;
    }

    private static int[][] pairsOf(int size, int j) {
        int[] lo = new int[size / 2];
        int[] hi = new int[size / 2];
        int p = 0;
        for (int i = 0; i < size; i++) {
            if ((i ^ j) > i) {
                lo[p] = i;
                hi[p] = i ^ j;
                p++;
            }
        }
        return new int[][] {lo, hi};
    }

    /** The smallest power of two at least {@code n} (1 for n <= 1). */
    private static int powerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** One layer: for each pair, swap when out of order (ascending pairs: hi's key below lo's; descending: the reverse). */
    private static long[] layer(Backend be, long[][] t, int[] lo, int[] hi, boolean[] asc) {
        int pairs = lo.length;
        long[] d = new long[pairs];
        for (int p = 0; p < pairs; p++) {
            long a = t[0][lo[p]];
            long b = t[0][hi[p]];
            d[p] = asc[p] ? b - a : a - b;
        }
        long[] bits = be.lessThanZero(d); // 0/1 shares
        swap(be, t, lo, hi, bits);
        return bits;
    }

    /** Swaps each pair's rows in every column where its secret bit is 1: one batched product. */
    private static void swap(Backend be, long[][] t, int[] lo, int[] hi, long[] swap) {
        int pairs = lo.length;
        int cols = t.length;
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
        return cost(n, columns, Comparisons.BOOLEAN);
    }

    /** As {@link #cost(int, int)} with comparisons in {@code mode}. */
    public static Cost cost(int n, int columns, Comparisons mode) {
        int pairs = Math.max(1, powerOfTwo(n) / 2);
        Cost one = Costs.ltz(pairs, mode).then(Beaver.cost(Bilinear.elementwise(pairs * columns)));
        Cost all = new Cost(0, 0);
        for (int l = 0; l < layers(n); l++) {
            all = all.then(one);
        }
        return all;
    }
}
