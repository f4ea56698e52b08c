package org.consortia.mpc.analyses.relational;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.ring.Ring;

/**
 * Sums per group over a secret group key of any value (GROUP BY without a declared domain), nothing revealed: the rows
 * are sorted by their key ({@link ObliviousSort}: rows not counted move last under a key above every real one), each
 * group's last row is found by one equality test per neighbour pair, and a segmented scan (log2 n steps of one product
 * batch) leaves at each group's last row the sums over the group. The result has a row per input row: a 0/1 flag (the
 * row ends a group of counted rows), the group's key and its sums there, zeros elsewhere. {@link #compact} moves the
 * flagged rows first, so that where they were (which would tell the groups' sizes) is not revealed with them.
 */
public final class GroupSums {
    private GroupSums() {
    }

    /**
     * @param key    the group key's shares (fixed point, below {@code pad} in magnitude)
     * @param weight 0/1 shares at scale 0: whether the row counts
     * @param values columns of fixed-point shares to sum per group (each already 0 where it should not count)
     * @param pad    a key above every real key (raw, at the key's scale)
     * @return {flag (scale 0), key, sums...}, each of n rows
     */
    public static long[][] sums(Backend be, long[] key, long[] weight, long[][] values, long pad) {
        return sums(be, key, weight, values, new boolean[values.length], pad);
    }

    /**
     * As {@link #sums(Backend, long[], long[], long[][], long)}, with the columns marked in {@code max} taking the
     * group's maximum instead of its sum (each step of their scan one comparison batch and two products; a row that
     * should not count must hold a value below every other, e.g. -2^30).
     */
    public static long[][] sums(Backend be, long[] key, long[] weight, long[][] values, boolean[] max, long pad) {
        int n = key.length;
        int k = values.length;
        // rows that do not count take the key pad: key' = pad + w (key - pad) (a bit times a value: no truncation)
        long[] padShare = be.publicShare(filled(n, pad));
        long[] shifted = be.bilinear(weight, Ring.sub(key, padShare), Bilinear.elementwise(n));
        long[][] cols = new long[2 + k][];
        cols[0] = Ring.add(shifted, padShare);
        cols[1] = weight;
        System.arraycopy(values, 0, cols, 2, k);
        long[][] s = ObliviousSort.sort(be, cols, pad + (1L << 40));
        // a group ends where the next key differs (the last row always ends one)
        long[] d = new long[n];
        long[] one = filled(n, 1L);
        for (int i = 0; i + 1 < n; i++) {
            d[i] = s[0][i + 1] - s[0][i];
        }
        long[] notLast = filled(n, 0L);
        notLast[n - 1] = 1; // d = 0 + 1 there: never zero
        long[] same = be.equalsZero(be.addPublic(d, notLast)); // 1 inside a group
        long[] ends = be.addPublic(Ring.neg(same), one);
        long[] starts = new long[n]; // a group starts after an end (the first row: a public 1)
        long[] first = filled(n, 0L);
        first[0] = 1;
        System.arraycopy(ends, 0, starts, 1, n - 1);
        starts = be.addPublic(starts, first);
        long[][] v = new long[k][];
        for (int c = 0; c < k; c++) {
            v[c] = s[2 + c].clone();
        }
        for (int step = 1; step < n; step <<= 1) { // v[i] += (1 - start[i]) v[i - step]; start[i] |= start[i - step]
            int m = n - step;
            long[] bits = new long[m * (k + 1)];
            long[] other = new long[m * (k + 1)];
            long[] notStart = be.addPublic(Ring.neg(starts), one);
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < m; i++) {
                    bits[c * m + i] = notStart[step + i];
                    other[c * m + i] = v[c][i];
                }
            }
            for (int i = 0; i < m; i++) {
                bits[k * m + i] = starts[step + i];
                other[k * m + i] = starts[i];
            }
            long[] z = be.bilinear(bits, other, Bilinear.elementwise(bits.length));
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < m && !max[c]; i++) {
                    v[c][step + i] += z[c * m + i];
                }
            }
            maxStep(be, v, max, notStart, step, m);
            long[] next = starts.clone();
            for (int i = 0; i < m; i++) { // a | b = a + b - ab
                next[step + i] = starts[step + i] + starts[i] - z[k * m + i];
            }
            starts = next;
        }
        long[] flag = be.bilinear(ends, s[1], Bilinear.elementwise(n)); // ends a group of counted rows
        long[] left = new long[n * (1 + k)];
        long[] right = new long[n * (1 + k)];
        for (int c = 0; c <= k; c++) {
            System.arraycopy(flag, 0, left, c * n, n);
            System.arraycopy(c == 0 ? s[0] : v[c - 1], 0, right, c * n, n);
        }
        long[] masked = be.bilinear(left, right, Bilinear.elementwise(left.length));
        long[][] out = new long[2 + k][];
        out[0] = flag;
        for (int c = 0; c <= k; c++) {
            out[1 + c] = java.util.Arrays.copyOfRange(masked, c * n, (c + 1) * n);
        }
        return out;
    }

    /** v[i] = max(v[i], v[i - step]) where row i does not start a group, for the columns marked in {@code max}. */
    private static void maxStep(Backend be, long[][] v, boolean[] max, long[] notStart, int step, int m) {
        int cols = 0;
        for (boolean b : max) {
            cols += b ? 1 : 0;
        }
        if (cols == 0) {
            return;
        }
        long[] d = new long[cols * m]; // v[i - step] - v[i]
        long[] open = new long[cols * m];
        int at = 0;
        for (int c = 0; c < v.length; c++) {
            for (int i = 0; max[c] && i < m; i++) {
                d[at] = v[c][i] - v[c][step + i];
                open[at++] = notStart[step + i];
            }
        }
        long[] bigger = be.lessThanZero(Ring.neg(d)); // [v[i - step] > v[i]]
        long[] take = be.bilinear(open, bigger, Bilinear.elementwise(cols * m)); // inside a group, and bigger
        long[] delta = be.bilinear(take, d, Bilinear.elementwise(cols * m));
        at = 0;
        for (int c = 0; c < v.length; c++) {
            for (int i = 0; max[c] && i < m; i++) {
                v[c][step + i] += delta[at++];
            }
        }
    }

    /**
     * The rows with flag 1 (column 0, a 0/1 value at {@code flagScale}) first, in the order of column 1 (their keys,
     * distinct: the order tells nothing of where they came from), the others after (all zeros: their order tells
     * nothing either). Column 1 must be below 2^31 times its scale in magnitude.
     */
    public static long[][] compact(Backend be, long[][] columns, int flagScale) {
        int n = columns[0].length;
        long unit = 1L << flagScale;
        long[][] cols = new long[columns.length + 1][];
        // sort key (1 - flag) 2^32 + key: the flagged rows first (their keys below 2^31 scale), then by key
        long[] notFlag = be.addPublic(Ring.neg(columns[0]), filled(n, unit));
        cols[0] = Ring.add(Ring.scale(notFlag, 1L << 32), columns[1]);
        System.arraycopy(columns, 0, cols, 1, columns.length);
        long[][] s = ObliviousSort.sort(be, cols, 2 * unit << 32);
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    /** What {@link #sums} costs over n rows and k summed columns. */
    public static Cost sumsCost(int n, int k, int maxColumns) {
        return sumsCost(n, k, maxColumns, Comparisons.BOOLEAN);
    }

    /** As {@link #sumsCost(int, int, int)} with comparisons in {@code mode}. */
    public static Cost sumsCost(int n, int k, int maxColumns, Comparisons mode) {
        Cost c = sumsCost(n, k, mode);
        for (int step = 1; step < n && maxColumns > 0; step <<= 1) {
            int m = (n - step) * maxColumns;
            c = c.then(Costs.ltz(m, mode)).then(Beaver.cost(Bilinear.elementwise(m))).then(Beaver.cost(Bilinear.elementwise(m)));
        }
        return c;
    }

    public static Cost sumsCost(int n, int k) {
        return sumsCost(n, k, Comparisons.BOOLEAN);
    }

    /** As {@link #sumsCost(int, int)} with comparisons in {@code mode}. */
    public static Cost sumsCost(int n, int k, Comparisons mode) {
        Cost c = Beaver.cost(Bilinear.elementwise(n)).then(ObliviousSort.cost(n, 2 + k, mode)).then(Costs.isZero(n, mode));
        for (int step = 1; step < n; step <<= 1) {
            c = c.then(Beaver.cost(Bilinear.elementwise((n - step) * (k + 1))));
        }
        return c.then(Beaver.cost(Bilinear.elementwise(n))).then(Beaver.cost(Bilinear.elementwise(n * (1 + k))));
    }

    /** What {@link #compact} costs over n rows of {@code columns} columns. */
    public static Cost compactCost(int n, int columns) {
        return compactCost(n, columns, Comparisons.BOOLEAN);
    }

    /** As {@link #compactCost(int, int)} with comparisons in {@code mode}. */
    public static Cost compactCost(int n, int columns, Comparisons mode) {
        return ObliviousSort.cost(n, columns + 1, mode);
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
