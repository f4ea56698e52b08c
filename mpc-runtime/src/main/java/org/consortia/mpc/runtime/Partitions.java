package org.consortia.mpc.runtime;

import org.consortia.mpc.analyses.stats.LocalMoments;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Simulation helpers that split one table over the parties of a {@link JointProgram}: each party inputs its
 * contiguous block of rows (the values are read only where the backend reads that party's input, so the same
 * program runs securely and on the plaintext backend).
 */
public final class Partitions {
    private Partitions() {
    }

    /** Rows split into contiguous blocks, one per party; the last column is the outcome: returns {X, y}. */
    public static SecretTensor[] byRows(Party party, double[][] rows) {
        int parties = party.parties();
        int n = rows.length;
        int p = rows[0].length - 1;
        SecretTensor x = null;
        SecretTensor y = null;
        for (int k = 0; k < parties; k++) {
            int from = k * n / parties;
            int to = (k + 1) * n / parties;
            boolean mine = party.backend().readsInputOf(k);
            double[] xs = mine ? new double[(to - from) * p] : null;
            double[] ys = mine ? new double[to - from] : null;
            for (int i = from; mine && i < to; i++) {
                System.arraycopy(rows[i], 0, xs, (i - from) * p, p);
                ys[i - from] = rows[i][p];
            }
            SecretTensor xk = party.input(k, Shape.matrix(to - from, p), xs);
            SecretTensor yk = party.input(k, Shape.matrix(to - from, 1), ys);
            x = x == null ? xk : x.concat(0, xk);
            y = y == null ? yk : y.concat(0, yk);
        }
        return new SecretTensor[] {x, y};
    }

    /** The row counts {@link #byRows} gives each of {@code parties} parties out of {@code n} rows. */
    public static long[] rowCounts(int parties, int n) {
        long[] counts = new long[parties];
        for (int k = 0; k < parties; k++) {
            counts[k] = (long) (k + 1) * n / parties - (long) k * n / parties;
        }
        return counts;
    }

    /**
     * This party's local moments over its rows of the same split as {@link #byRows} (in plaintext, a chunk of
     * {@code chunk} rows at a time), or {@code null} where the party reads no input of its own (the dealer's dry run).
     */
    public static LocalMoments localMoments(Party party, double[][] rows, int chunk) {
        int k = party.id();
        if (k >= party.parties() || !party.backend().readsInputOf(k)) {
            return null;
        }
        int n = rows.length;
        int q = rows[0].length;
        int from = (int) ((long) k * n / party.parties());
        int to = (int) ((long) (k + 1) * n / party.parties());
        var m = new LocalMoments(q);
        double[] buf = new double[chunk * q];
        for (int at = from; at < to; at += chunk) {
            int c = Math.min(chunk, to - at);
            for (int i = 0; i < c; i++) {
                System.arraycopy(rows[at + i], 0, buf, i * q, q);
            }
            m.add(buf, c);
        }
        return m;
    }
}
