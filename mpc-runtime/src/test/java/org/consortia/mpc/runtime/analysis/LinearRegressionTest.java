package org.consortia.mpc.runtime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.analyses.stats.LinearRegression;
import org.consortia.mpc.runtime.Partitions;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Joint OLS over data split across parties, both ways, against Commons Math on the pooled data: standardized
 * coefficients within {@link #STANDARDIZED_BOUND} (absolute, on standardized features and outcome: the README's
 * figure), R^2 within 1e-3, original-unit coefficients within 2e-3 relative where they are not tiny. Split by rows,
 * both from the stacked rows and from each party's local moments ({@link LinearRegression#fitFromMoments}), and by
 * columns; in malicious mode (authenticated shares, every opening checked) to the same bounds.
 */
class LinearRegressionTest {
    /** The README's bound on |b_std - Commons Math| (measured 1e-5 to 1.5e-4). */
    static final double STANDARDIZED_BOUND = 3e-4;

    static double[][] table(String file) throws Exception {
        return Table.read(Path.of("..", "data", file)).rows();
    }

    /** Commons Math on the pooled data: {standardized coefficients..., r2}, and raw coefficients with intercept. */
    static double[][] reference(double[][] rows) {
        int n = rows.length;
        int p = rows[0].length - 1;
        double[] mean = new double[p + 1];
        double[] sd = new double[p + 1];
        for (double[] r : rows) {
            for (int j = 0; j <= p; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j <= p; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
        }
        double[][] zx = new double[n][p];
        double[] zy = new double[n];
        double[][] x = new double[n][p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                zx[i][j] = (rows[i][j] - mean[j]) / Math.sqrt(sd[j]);
                x[i][j] = rows[i][j];
            }
            zy[i] = (rows[i][p] - mean[p]) / Math.sqrt(sd[p]);
            y[i] = rows[i][p];
        }
        OLSMultipleLinearRegression std = new OLSMultipleLinearRegression();
        std.setNoIntercept(true);
        std.newSampleData(zy, zx);
        OLSMultipleLinearRegression raw = new OLSMultipleLinearRegression();
        raw.newSampleData(y, x);
        double[] b = std.estimateRegressionParameters();
        double[] withR2 = java.util.Arrays.copyOf(b, p + 1);
        withR2[p] = raw.calculateRSquared();
        return new double[][] {withR2, raw.estimateRegressionParameters()};
    }

    @ParameterizedTest(name = "{0}, {1} parties, split by {2}, {3}")
    @CsvSource({"diabetes.csv,3,rows,semi-honest", "diabetes.csv,3,columns,semi-honest", "diabetes.csv,2,rows,semi-honest",
        "diabetes.csv,2,columns,semi-honest", "california_housing.csv,2,rows,semi-honest", "diabetes.csv,2,moments,semi-honest",
        "diabetes.csv,3,moments,semi-honest", "diabetes.csv,5,moments,semi-honest", "california_housing.csv,3,moments,semi-honest",
        "diabetes.csv,2,rows,malicious", "diabetes.csv,3,columns,malicious", "diabetes.csv,2,moments,malicious",
        "diabetes.csv,5,moments,malicious"})
    void agreesWithCommonsMath(String file, int parties, String split, String security) throws Exception {
        double[][] rows = table(file);
        int n = rows.length;
        int p = rows[0].length - 1;
        double[][] ref = reference(rows);
        ProtocolParameters params = ProtocolParameters.defaults().withFractionalBits(20);
        try (LocalCluster c = security.equals("malicious") ? new LocalCluster(parties, params).malicious()
                : new LocalCluster(parties, params)) {
            long t0 = System.nanoTime();
            ClusterRun<LinearRegression.Fit> run = c.run(party -> {
                SecretTensor x = null;
                SecretTensor y = null;
                if (split.equals("moments")) { // local sufficient statistics of each party's rows, in chunks of 97
                    return LinearRegression.fitFromMoments(party.backend(), Partitions.rowCounts(parties, n), p + 1,
                            Partitions.localMoments(party, rows, 97), 0.0, 40, 0);
                }
                if (split.equals("rows")) {
                    SecretTensor[] xy = Partitions.byRows(party, rows);
                    x = xy[0];
                    y = xy[1];
                } else {
                    for (int k = 0; k < parties; k++) {
                        int from = k * p / parties;
                        int to = (k + 1) * p / parties;
                        double[] xs = new double[n * (to - from)];
                        for (int i = 0; i < n; i++) {
                            for (int j = from; j < to; j++) {
                                xs[i * (to - from) + j - from] = rows[i][j];
                            }
                        }
                        SecretTensor xk = party.input(k, Shape.matrix(n, to - from), party.id() == k ? xs : null);
                        x = x == null ? xk : x.concat(1, xk);
                    }
                    double[] ys = new double[n];
                    for (int i = 0; i < n; i++) {
                        ys[i] = rows[i][p];
                    }
                    y = party.input(parties - 1, Shape.matrix(n, 1), party.id() == parties - 1 ? ys : null);
                }
                return LinearRegression.fit(x, y, 0.0, 40, 0);
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            LinearRegression.Fit fit = run.result(0);
            for (int i = 1; i < parties; i++) {
                assertNull(run.result(i), "only the result party learns the model");
            }
            double worst = 0;
            for (int j = 0; j < p; j++) {
                worst = Math.max(worst, Math.abs(fit.standardized()[j] - ref[0][j]));
                assertEquals(ref[0][j], fit.standardized()[j], STANDARDIZED_BOUND, "standardized coefficient " + j);
                double raw = ref[1][j + 1];
                if (Math.abs(ref[0][j]) > 0.05) {
                    assertEquals(raw, fit.coefficients()[j], 2e-3 * Math.abs(raw), "coefficient " + j + " in original units");
                }
            }
            assertEquals(ref[0][p], fit.r2(), 1e-3, "R^2");
            System.out.printf("%s, %d parties by %s, %s: max |b_std - commons-math| = %.2e, R^2 %.4f (ref %.4f), intercept "
                    + "%.4f (ref %.4f), %.1f s, online %.0f ms, %d rounds%n", file, parties, split, security, worst, fit.r2(), ref[0][p],
                    fit.intercept(), ref[1][0], seconds, run.onlineMillis(), run.rounds());
        }
    }
}
