package org.consortia.mpc.analyses.stats;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * The count, mean and centred scatter matrix (sum of (z - mean)(z - mean)') of one party's own rows, in
 * plaintext at that party, accumulated a chunk of rows at a time (Chan, Golub and LeVeque's pairwise update,
 * numerically stable), so that memory does not grow with the rows. These are a party's local sufficient
 * statistics for a regression over data split by rows: {@link LinearRegression#fitFromMoments} inputs them as
 * secrets and pools them inside the computation.
 */
public final class LocalMoments {
    private final int q;
    private long n;
    private final double[] mean;
    private final double[] scatter;

    public LocalMoments(int columns) {
        if (columns < 1) {
            throw new MpcArgumentException("moments need at least one column, got " + columns);
        }
        this.q = columns;
        this.mean = new double[columns];
        this.scatter = new double[columns * columns];
    }

    /** Adds {@code rows} rows of {@code columns} values each, row-major. */
    public LocalMoments add(double[] rowMajor, int rows) {
        if (rows < 0 || rowMajor.length < (long) rows * q) {
            throw new MpcArgumentException("moments: " + rows + " rows of " + q + " columns need " + ((long) rows * q)
                    + " values, got " + rowMajor.length);
        }
        if (rows == 0) {
            return this;
        }
        double[] m = new double[q];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < q; j++) {
                m[j] += rowMajor[r * q + j];
            }
        }
        for (int j = 0; j < q; j++) {
            m[j] /= rows;
        }
        double[] s = new double[q * q];
        double[] d = new double[q];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < q; j++) {
                d[j] = rowMajor[r * q + j] - m[j];
            }
            for (int i = 0; i < q; i++) {
                double di = d[i];
                for (int j = i; j < q; j++) {
                    s[i * q + j] += di * d[j];
                }
            }
        }
        long total = n + rows;
        double wa = (double) n * rows / total;
        for (int i = 0; i < q; i++) {
            double di = m[i] - mean[i];
            for (int j = i; j < q; j++) {
                double v = scatter[i * q + j] + s[i * q + j] + wa * di * (m[j] - mean[j]);
                scatter[i * q + j] = v;
                scatter[j * q + i] = v;
            }
        }
        for (int j = 0; j < q; j++) {
            mean[j] += (m[j] - mean[j]) * rows / total;
        }
        n = total;
        return this;
    }

    public int columns() {
        return q;
    }

    public long count() {
        return n;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** The centred scatter matrix, q x q row-major. */
    public double[] scatter() {
        return scatter.clone();
    }

    @Override
    public String toString() {
        return "LocalMoments[" + q + " columns]"; // never the values: they are a member's private statistics
    }
}
