package org.consortia.mpc.analyses.relational;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * The members' tables joined on their keys with the match kept secret: no member learns which of its rows matched, nor
 * how many. Member 0 is the anchor: the result has its rows, in the order of its keys' hashes (which it alone can map to
 * its rows), each with a secret bit {@code matched} (the row's key is held by every member) and every member's value
 * columns, a matched row carrying the values of the row with its key at each member (zeros where it has none). Every
 * member inputs its rows in its keys' order (sorted locally, in plaintext, by their hashes). For each other member k,
 * the anchor's and k's runs (composite keys 4 key + side, so that an anchor entry and k's entry of one key end up next to
 * each other and no other neighbours differ by exactly 1) are merged by a bitonic merge ({@link ObliviousSort#merge}:
 * log2(n0 + nk) layers), each anchor entry takes its neighbour's values when the two keys are equal (one equality test
 * per neighbour pair, one product), and the merge is undone with its own secret swap bits (one product per layer, no
 * comparison), which brings the anchor's rows back into place. Keys are 60-bit hashes (a false match between two
 * different keys has probability below n0 nk 2^-60); each member's own keys must be distinct (its node checks that
 * before anything is input).
 */
public final class SecretJoin {
    /** Keys are below 2^60. */
    public static final int KEY_BITS = 60;

    private SecretJoin() {
    }

    /**
     * The joined table: n0 rows of every side's value columns (the anchor's first), the secret {@code matched} bits (the
     * row's key is at every side) and each other side's own bits ({@code bySide.get(k - 1)} for side k; a left join keeps
     * the anchor's rows and reads a side's columns only where its bit is 1).
     */
    public record Joined(SecretTensor values, SecretTensor matched, List<SecretTensor> bySide) {
        public Joined {
            bySide = List.copyOf(bySide);
        }
    }

    /** One table of a join: the member that holds it, its row count and its value columns (all public). */
    public record Side(int member, int rows, int width) {
    }

    /**
     * Every member's table joined to member 0's (each member one side, in party order).
     * @param keys   this member's key hashes (below 2^60, distinct), {@code null} at the others
     * @param values this member's value columns row-major ({@code rows[k] x widths[k]}), {@code null} at the others
     * @param rows   every member's row count (public)
     * @param widths every member's value columns (public)
     */
    public static Joined join(Backend be, long[] keys, double[] values, int[] rows, int[] widths) {
        int parties = be.parties();
        if (rows.length != parties || widths.length != parties) {
            throw new IllegalArgumentException("secret join: " + rows.length + " row counts and " + widths.length
                    + " widths for " + parties + " members");
        }
        List<Side> sides = new ArrayList<>();
        long[][] k = new long[parties][];
        double[][] v = new double[parties][];
        for (int m = 0; m < parties; m++) {
            sides.add(new Side(m, rows[m], widths[m]));
        }
        if (be.party() < parties) {
            k[be.party()] = keys;
            v[be.party()] = values;
        }
        return join(be, sides, k, v);
    }

    /**
     * Tables joined to the first side's (the anchor) on their keys; a member may hold several sides, and members that
     * hold none only compute.
     * @param keys   per side, its key hashes (below 2^60, distinct) at the side's member, {@code null} elsewhere
     * @param values per side, its value columns row-major ({@code rows x width}) at the side's member, {@code null}
     *               elsewhere
     */
    public static Joined join(Backend be, List<Side> sides, long[][] keys, double[][] values) {
        long[][] sortedKeys = new long[sides.size()][];
        double[][] sortedValues = new double[sides.size()][];
        for (int i = 0; i < sides.size(); i++) {
            if (!be.readsInputOf(sides.get(i).member()) || keys[i] == null) {
                continue;
            }
            if (be.dryRun()) { // the rehearsal only counts: the rows as given
                sortedKeys[i] = keys[i];
                sortedValues[i] = values[i];
            } else {
                check(keys[i], sides.get(i).rows());
                // a member inputs its rows in the order of its keys (it alone knows which row is which), so that the
                // anchor's and a side's runs need only a merge, not a sort
                long[][] kv = sorted(keys[i], values[i], sides.get(i).width());
                sortedKeys[i] = kv[0];
                sortedValues[i] = values[i] == null ? null : doubles(kv[1]);
            }
        }
        int f = be.fixedPoint().fracBits();
        Side anchor = sides.get(0);
        int n0 = anchor.rows();
        SecretTensor anchorKeys = be.inputIntegers(anchor.member(), Shape.vector(n0), sortedKeys[0]);
        SecretTensor table = be.input(anchor.member(), Shape.matrix(n0, anchor.width()), sortedValues[0]);
        SecretTensor matched = null;
        List<SecretTensor> bySide = new ArrayList<>();
        for (int k = 1; k < sides.size(); k++) {
            Side side = sides.get(k);
            int nk = side.rows();
            int wk = side.width();
            SecretTensor kKeys = be.inputIntegers(side.member(), Shape.vector(nk), sortedKeys[k]);
            SecretTensor kValues = be.input(side.member(), Shape.matrix(nk, wk), sortedValues[k]);
            long[][] pair = pair(be, anchorKeys.share(), kKeys.share(), kValues.share(), n0, nk, wk);
            SecretTensor bit = SecretTensor.fromShare(be, Shape.vector(n0), pair[0], 0);
            long[] aligned = new long[n0 * wk];
            for (int c = 0; c < wk; c++) {
                for (int r = 0; r < n0; r++) {
                    aligned[r * wk + c] = pair[1 + c][r];
                }
            }
            table = table.concat(1, SecretTensor.fromShare(be, Shape.matrix(n0, wk), aligned, f));
            bySide.add(bit);
            matched = matched == null ? bit : matched.mul(bit);
        }
        return new Joined(table, matched, bySide);
    }

    /** Keys sorted, and the rows of {@code values} ({@code width} each) in the same order (as raw bits, or null). */
    private static long[][] sorted(long[] keys, double[] values, int width) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
        long[] k = new long[keys.length];
        long[] v = values == null ? null : new long[values.length];
        for (int i = 0; i < order.length; i++) {
            k[i] = keys[order[i]];
            for (int c = 0; v != null && c < width; c++) {
                v[i * width + c] = Double.doubleToRawLongBits(values[order[i] * width + c]);
            }
        }
        return new long[][] {k, v};
    }

    private static double[] doubles(long[] bits) {
        double[] out = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[i] = Double.longBitsToDouble(bits[i]);
        }
        return out;
    }

    /**
     * The anchor's n0 rows against member k's: its matched bits and k's value columns aligned to its rows (column-major:
     * out[0] the bits, out[1 + c] column c).
     */
    private static long[][] pair(Backend be, long[] a, long[] b, long[] bValues, int n0, int nk, int wk) {
        int n = n0 + nk;
        long[][] t = new long[1 + wk][n];
        long[] side = new long[n];
        for (int i = n0; i < n; i++) {
            side[i] = 1;
        }
        long[] sideShare = be.publicShare(side);
        for (int i = 0; i < n; i++) {
            t[0][i] = 4 * (i < n0 ? a[i] : b[i - n0]) + sideShare[i];
        }
        for (int c = 0; c < wk; c++) {
            for (int r = 0; r < nk; r++) {
                t[1 + c][n0 + r] = bValues[r * wk + c];
            }
        }
        // both runs are in their keys' order: one bitonic merge, its swaps kept to undo it
        List<long[]> swaps = new ArrayList<>();
        long[][] s = ObliviousSort.merge(be, t, n0, Long.MAX_VALUE >> 1, swaps);
        // neighbours t, t+1 match iff their composite keys differ by exactly 1 (an anchor entry, then k's of one key)
        long[] d = new long[n];
        for (int i = 0; i + 1 < n; i++) {
            d[i] = s[0][i + 1] - s[0][i];
        }
        long[] minusOne = new long[n];
        java.util.Arrays.fill(minusOne, -1L);
        minusOne[n - 1] = 1L; // the last entry has no neighbour: d = 0 + 1, never zero
        long[] eq = be.equalsZero(be.addPublic(d, minusOne)); // 0/1; at k's entries always 0
        long[] bits = new long[n * wk];
        long[] take = new long[n * wk];
        for (int c = 0; c < wk; c++) {
            for (int i = 0; i + 1 < n; i++) {
                bits[c * n + i] = eq[i];
                take[c * n + i] = s[1 + c][i + 1];
            }
        }
        long[] got = be.bilinear(bits, take, Bilinear.elementwise(n * wk));
        long[][] back = new long[1 + wk][];
        back[0] = eq;
        for (int c = 0; c < wk; c++) {
            back[1 + c] = java.util.Arrays.copyOfRange(got, c * n, (c + 1) * n);
        }
        long[][] u = ObliviousSort.unmerge(be, back, n0, swaps); // every entry back where it came from
        long[][] out = new long[1 + wk][];
        for (int c = 0; c <= wk; c++) {
            out[c] = java.util.Arrays.copyOf(u[c], n0);
        }
        return out;
    }

    /** What the join costs one member (inputs aside): per other side, a merge and its undoing, an equality test and a product. */
    public static Cost cost(int[] rows, int[] widths) {
        return cost(rows, widths, Comparisons.BOOLEAN);
    }

    /** As {@link #cost(int[], int[])} with comparisons in {@code mode}. */
    public static Cost cost(int[] rows, int[] widths, Comparisons mode) {
        Cost all = new Cost(0, 0);
        for (int k = 1; k < rows.length; k++) {
            int n = rows[0] + rows[k];
            int w = widths[k];
            all = all.then(ObliviousSort.mergeCost(n, 1 + w, 1 + w, mode)).then(Costs.isZero(n, mode))
                    .then(Beaver.cost(Bilinear.elementwise(n * w)));
            if (k > 1) {
                all = all.then(Costs.mul(rows[0]));
            }
        }
        return all;
    }

    /** Refuses keys outside [0, 2^60) and a key held twice (the detail names neither). */
    static void check(long[] keys, int rows) {
        if (keys.length != rows) {
            throw new IllegalArgumentException("secret join: this member declares " + rows + " rows, holds " + keys.length
                    + " keys");
        }
        Set<Long> seen = new HashSet<>();
        for (long k : keys) {
            if (k < 0 || k >= 1L << KEY_BITS) {
                throw new IllegalArgumentException("secret join: a key hash outside [0, 2^60)");
            }
            if (!seen.add(k)) {
                throw new IllegalArgumentException("secret join: a key occurs twice in this member's rows (keys must be unique)");
            }
        }
    }
}
