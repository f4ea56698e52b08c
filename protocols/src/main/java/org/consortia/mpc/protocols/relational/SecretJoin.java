package org.consortia.mpc.protocols.relational;

import java.util.HashSet;
import java.util.Set;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * The members' tables joined on their keys with the match kept secret: no member learns which of its rows matched, nor
 * how many. Member 0 is the anchor: the result has its rows, in its order, each with a secret bit {@code matched} (the
 * row's key is held by every member) and every member's value columns, a matched row carrying the values of the row
 * with its key at each member (zeros where it has none). For each other member k, the anchor's and k's entries
 * (composite keys 4 key + side, so that an anchor entry and k's entry of one key sort next to each other and no other
 * neighbours differ by exactly 1) are sorted together ({@link ObliviousSort}), each anchor entry takes its neighbour's
 * values when the two keys are equal (one equality test per neighbour pair, one product), and a second sort by the
 * entries' original positions brings the anchor's rows back into its order. Keys are 60-bit hashes (a false match
 * between two different keys has probability below n0 nk 2^-60); each member's own keys must be distinct (its node
 * checks that before anything is input). Cost: two sorts of n0 + nk rows per other member.
 */
public final class SecretJoin {
    /** Keys are below 2^60. */
    public static final int KEY_BITS = 60;

    private SecretJoin() {
    }

    /** The joined table: n0 rows of every member's value columns (member 0's first) and the secret {@code matched} bits. */
    public record Joined(SecretTensor values, SecretTensor matched) {
    }

    /**
     * @param keys   this member's key hashes (below 2^60, distinct), {@code null} at the others
     * @param values this member's value columns row-major ({@code rows[k] x widths[k]}), {@code null} at the others
     * @param rows   every member's row count (public)
     * @param widths every member's value columns (public)
     */
    public static Joined join(Backend be, long[] keys, double[] values, int[] rows, int[] widths) {
        int parties = be.parties();
        int self = be.party();
        if (rows.length != parties || widths.length != parties) {
            throw new IllegalArgumentException("secret join: " + rows.length + " row counts and " + widths.length
                    + " widths for " + parties + " members");
        }
        if (self < parties && !be.dryRun() && keys != null) {
            check(keys, rows[self]);
        }
        int f = be.fixedPoint().fracBits();
        int n0 = rows[0];
        SecretTensor anchorKeys = be.inputIntegers(0, Shape.vector(n0), self == 0 ? keys : null);
        SecretTensor table = be.input(0, Shape.matrix(n0, widths[0]), self == 0 ? values : null);
        SecretTensor matched = null;
        for (int k = 1; k < parties; k++) {
            int nk = rows[k];
            int wk = widths[k];
            SecretTensor kKeys = be.inputIntegers(k, Shape.vector(nk), self == k ? keys : null);
            SecretTensor kValues = be.input(k, Shape.matrix(nk, wk), self == k ? values : null);
            long[][] pair = pair(be, anchorKeys.share(), kKeys.share(), kValues.share(), n0, nk, wk);
            SecretTensor bit = SecretTensor.fromShare(be, Shape.vector(n0), pair[0], 0);
            long[] aligned = new long[n0 * wk];
            for (int c = 0; c < wk; c++) {
                for (int r = 0; r < n0; r++) {
                    aligned[r * wk + c] = pair[1 + c][r];
                }
            }
            table = table.concat(1, SecretTensor.fromShare(be, Shape.matrix(n0, wk), aligned, f));
            matched = matched == null ? bit : matched.mul(bit);
        }
        return new Joined(table, matched);
    }

    /**
     * The anchor's n0 rows against member k's: its matched bits and k's value columns aligned to its rows (column-major:
     * out[0] the bits, out[1 + c] column c).
     */
    private static long[][] pair(Backend be, long[] a, long[] b, long[] bValues, int n0, int nk, int wk) {
        int n = n0 + nk;
        int cols = 2 + wk;
        long[][] t = new long[cols][n];
        long[] side = new long[n];
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            side[i] = i < n0 ? 0 : 1;
            index[i] = i;
        }
        long[] sideShare = be.publicShare(side);
        long[] indexShare = be.publicShare(index);
        for (int i = 0; i < n; i++) {
            t[0][i] = 4 * (i < n0 ? a[i] : b[i - n0]) + sideShare[i];
        }
        t[1] = indexShare;
        for (int c = 0; c < wk; c++) {
            for (int r = 0; r < nk; r++) {
                t[2 + c][n0 + r] = bValues[r * wk + c];
            }
        }
        long[][] s = ObliviousSort.sort(be, t, Long.MAX_VALUE >> 1);
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
                take[c * n + i] = s[2 + c][i + 1];
            }
        }
        long[] got = be.bilinear(bits, take, Bilinear.elementwise(n * wk));
        long[][] back = new long[2 + wk][];
        back[0] = s[1]; // the original positions, the key of the second sort
        back[1] = eq;
        for (int c = 0; c < wk; c++) {
            back[2 + c] = java.util.Arrays.copyOfRange(got, c * n, (c + 1) * n);
        }
        long[][] u = ObliviousSort.sort(be, back, Long.MAX_VALUE >> 1);
        long[][] out = new long[1 + wk][];
        for (int c = 0; c <= wk; c++) {
            out[c] = java.util.Arrays.copyOf(u[1 + c], n0);
        }
        return out;
    }

    /** What the join costs one member (inputs aside): per other member, two sorts, an equality test and a product. */
    public static Cost cost(int[] rows, int[] widths) {
        Cost all = new Cost(0, 0);
        for (int k = 1; k < rows.length; k++) {
            int n = rows[0] + rows[k];
            int w = widths[k];
            all = all.then(ObliviousSort.cost(n, 2 + w)).then(Costs.isZero(n)).then(Beaver.cost(Bilinear.elementwise(n * w)))
                    .then(ObliviousSort.cost(n, 2 + w));
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
