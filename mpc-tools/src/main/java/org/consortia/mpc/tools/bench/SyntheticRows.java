package org.consortia.mpc.tools.bench;

import java.util.SplittableRandom;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.consortia.mpc.analyses.stats.LocalMoments;

/**
 * Synthetic regression rows for {@code linreg1m}, generated from their index (so a party can make just its own rows,
 * a chunk at a time): feature j has mean 10 (j mod 5) and standard deviation 1 + (j mod 3), each correlated with the
 * previous one; y = 3 + sum_j (j mod 7 - 3) / 4 x_j + N(0, 2^2).
 */
final class SyntheticRows {
    private static final int CHUNK = 4096;
    private final int rows;
    private final int features;
    private final long seed;

    SyntheticRows(int rows, int features, long seed) {
        this.rows = rows;
        this.features = features;
        this.seed = seed;
    }

    /** Row i as [x_0 .. x_{p-1}, y] into {@code out} at {@code at}. */
    void row(int i, double[] out, int at) {
        SplittableRandom r = new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L));
        double y = 3;
        double prev = 0;
        for (int j = 0; j < features; j++) {
            double z = 0.8 * r.nextGaussian() + 0.6 * prev;
            prev = z;
            double x = 10 * (j % 5) + (1 + j % 3) * z;
            out[at + j] = x;
            y += (j % 7 - 3) / 4.0 * x;
        }
        out[at + features] = y + 2 * r.nextGaussian();
    }

    /** The local moments of rows [from, to), made a chunk at a time. */
    LocalMoments moments(int from, int to) {
        int q = features + 1;
        LocalMoments m = new LocalMoments(q);
        double[] buf = new double[CHUNK * q];
        for (int at = from; at < to; at += CHUNK) {
            int c = Math.min(CHUNK, to - at);
            for (int i = 0; i < c; i++) {
                row(at + i, buf, i * q);
            }
            m.add(buf, c);
        }
        return m;
    }

    /** Commons Math OLS on all rows: {intercept, coefficients...}. */
    double[] commonsMathOls() {
        double[][] x = new double[rows][features];
        double[] y = new double[rows];
        double[] row = new double[features + 1];
        for (int i = 0; i < rows; i++) {
            row(i, row, 0);
            System.arraycopy(row, 0, x[i], 0, features);
            y[i] = row[features];
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        return ols.estimateRegressionParameters();
    }
}
