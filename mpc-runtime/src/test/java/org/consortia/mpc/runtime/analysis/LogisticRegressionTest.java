package org.consortia.mpc.runtime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.analysis.LogisticRegression;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Breast cancer, training rows split over the parties: test accuracy within one percentage point of the same
 * algorithm (same standardization, batches, order and hyper-parameters) in plain double precision.
 */
class LogisticRegressionTest {
    static final int EPOCHS = 5;
    static final int BATCH = 32;
    static final double LR = 0.5;
    /** L2 makes the nearly collinear features' weights well determined, so borderline test samples stop flipping. */
    static final double L2 = 0.01;

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void testAccuracyWithinOnePointOfPlaintext(int parties) throws Exception {
        double[][] all = Table.read(Path.of("..", "data", "breast_cancer.csv")).rows();
        JsonNode split = new ObjectMapper().readTree(Path.of("..", "data", "breast_cancer_split.json").toFile());
        double[][] train = pick(all, split.get("train"));
        double[][] test = pick(all, split.get("test"));
        int n = train.length;
        int p = all[0].length - 1;
        double[] plain = plaintext(train, p);
        // 24 fractional bits: several features have standard deviations near 0.003, whose variances need them
        try (LocalCluster c = new LocalCluster(parties, ProtocolParameters.defaults().withFractionalBits(24))) {
            ClusterRun<LogisticRegression.Fit> run = c.run(party -> {
                SecretTensor[] xy = org.consortia.mpc.runtime.Partitions.byRows(party, train);
                SecretTensor x = xy[0];
                SecretTensor y = xy[1];
                return LogisticRegression.fit(x, y, EPOCHS, BATCH, LR, L2, true, 0);
            });
            LogisticRegression.Fit fit = run.result(0);
            for (int i = 1; i < parties; i++) {
                assertNull(run.result(i));
            }
            double[] secure = java.util.Arrays.copyOf(fit.weights(), p + 1);
            secure[p] = fit.bias();
            double accSecure = accuracy(secure, test, p);
            double accPlain = accuracy(plain, test, p);
            System.out.printf("breast cancer, %d parties: test accuracy secure %.2f%%, plaintext %.2f%%; log-loss per epoch %s; "
                    + "online %.0f ms, %d rounds%n", parties, 100 * accSecure, 100 * accPlain, fit.loss(), run.onlineMillis(),
                    run.rounds());
            assertTrue(Math.abs(accSecure - accPlain) <= 0.01, accSecure + " vs " + accPlain);
            assertEquals(EPOCHS, fit.loss().size());
            assertTrue(fit.loss().get(EPOCHS - 1) < fit.loss().get(0), "the loss falls");
        }
    }

    static double[][] pick(double[][] all, JsonNode idx) {
        double[][] out = new double[idx.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[idx.get(i).asInt()];
        }
        return out;
    }

    static double accuracy(double[] wb, double[][] rows, int p) {
        int right = 0;
        for (double[] r : rows) {
            double z = wb[p];
            for (int j = 0; j < p; j++) {
                z += wb[j] * r[j];
            }
            right += (z > 0 ? 1 : 0) == (int) r[p] ? 1 : 0;
        }
        return (double) right / rows.length;
    }

    /** The same algorithm in double precision; returns weights and bias in original units. */
    static double[] plaintext(double[][] train, int p) {
        int n = train.length;
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (double[] r : train) {
            for (int j = 0; j < p; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : train) {
            for (int j = 0; j < p; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < p; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }
        double[] w = new double[p];
        double b = 0;
        for (int e = 0; e < EPOCHS; e++) {
            for (int from = 0; from < n; from += BATCH) {
                int m = Math.min(BATCH, n - from);
                double[] gw = new double[p];
                double gb = 0;
                for (int i = from; i < from + m; i++) {
                    double z = b;
                    for (int j = 0; j < p; j++) {
                        z += w[j] * (train[i][j] - mean[j]) / sd[j];
                    }
                    double err = 1 / (1 + Math.exp(-z)) - train[i][p];
                    for (int j = 0; j < p; j++) {
                        gw[j] += err * (train[i][j] - mean[j]) / sd[j] / m;
                    }
                    gb += err / m;
                }
                for (int j = 0; j < p; j++) {
                    w[j] -= LR * (gw[j] + L2 * w[j]);
                }
                b -= LR * gb;
            }
        }
        double[] out = new double[p + 1];
        double bias = b;
        for (int j = 0; j < p; j++) {
            out[j] = w[j] / sd[j];
            bias -= w[j] * mean[j] / sd[j];
        }
        out[p] = bias;
        return out;
    }
}
