package org.consortia.mpc.node.analysis;

import java.security.SecureRandom;

import org.consortia.mpc.protocols.analysis.DpLinearRegression;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.data.Table;

/**
 * Differentially private linear regression of {@code target} on {@code features} over every party's rows of
 * {@code dataset} ({@link DpLinearRegression}: values clamped to the declared public bounds inside the computation,
 * noisy sufficient statistics, every party's own discrete Gaussian noise); {@code resultParty} receives the
 * coefficients (in the columns' units) and then the intercept.
 */
public record DpLinearRegressionJob(String dataset, String[] features, String target, DpLinearRegression.Bounds[] bounds,
        DpLinearRegression.Bounds targetBounds, int[] rows, double ridge, int resultParty, Privacy privacy, int parties)
        implements Analysis {

    @Override
    public String name() {
        return "dp-linear-regression";
    }

    @Override
    public long rowsBehind() {
        return Analysis.total(rows);
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            int d = features.length;
            double[] x = null;
            double[] y = null;
            for (int k = 0; k < parties; k++) {
                Table t = ctx.data().table(k, dataset, rows[k]);
                if (t != null) {
                    x = features(t, features);
                    y = t.columnValues(target);
                }
            }
            return DpLinearRegression.fit(party.backend(), rows, d, x, y, bounds, targetBounds, privacy.epsilon(),
                    privacy.delta(), ridge, resultParty, new SecureRandom());
        };
    }

    /** The named columns of a table, row-major. */
    static double[] features(Table t, String[] names) {
        int d = names.length;
        int rows = t.rows().length;
        double[] x = new double[rows * d];
        for (int j = 0; j < d; j++) {
            double[] col = t.columnValues(names[j]);
            for (int r = 0; r < rows; r++) {
                x[r * d + j] = col[r];
            }
        }
        return x;
    }

    @Override
    public Privacy privacy() {
        return privacy;
    }
}
