package org.consortia.mpc.runtime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.consortia.mpc.analyses.relational.SecretJoin;
import org.consortia.mpc.analyses.stats.LogisticRegression;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.Partitions;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.link.LinkKeys;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Breast cancer, training rows split over the parties: test accuracy within one percentage point of the same
 * algorithm (same standardization, batches, order and hyper-parameters) in plain double precision; also on
 * authenticated shares (malicious mode, FSS comparisons).
 */
class LogisticRegressionTest {
    static final int EPOCHS = 5;
    static final int BATCH = 32;
    static final double LR = 0.5;
    /** L2 makes the nearly collinear features' weights well determined, so borderline test samples stop flipping. */
    static final double L2 = 0.01;

    @ParameterizedTest(name = "n={0} {1} {2}")
    @org.junit.jupiter.params.provider.CsvSource({"2, BOOLEAN, false", "3, BOOLEAN, false", "2, FSS, false", "2, FSS, true"})
    void testAccuracyWithinOnePointOfPlaintext(int parties, Comparisons mode, boolean malicious) throws Exception {
        double[][] all = Table.read(Path.of("..", "data", "breast_cancer.csv")).rows();
        JsonNode split = new ObjectMapper().readTree(Path.of("..", "data", "breast_cancer_split.json").toFile());
        double[][] train = pick(all, split.get("train"));
        double[][] test = pick(all, split.get("test"));
        int n = train.length;
        int p = all[0].length - 1;
        double[] plain = plaintext(train, p);
        // 24 fractional bits: several features have standard deviations near 0.003, whose variances need them
        LocalCluster cluster = new LocalCluster(parties, ProtocolParameters.defaults().withFractionalBits(24)).comparisons(mode);
        try (LocalCluster c = malicious ? cluster.malicious() : cluster) {
            ClusterRun<LogisticRegression.Fit> run = c.run(party -> {
                SecretTensor[] xy = Partitions.byRows(party, train);
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
            System.out.printf("breast cancer, %d parties, " + mode + (malicious ? ", malicious" : "") + ": test accuracy secure %.2f%%, plaintext %.2f%%; log-loss per epoch %s; "
                    + "online %.0f ms, %d rounds%n", parties, 100 * accSecure, 100 * accPlain, fit.loss(), run.onlineMillis(),
                    run.rounds());
            assertTrue(Math.abs(accSecure - accPlain) <= 0.01, accSecure + " vs " + accPlain);
            if (mode == Comparisons.FSS && !malicious) { // 4 rounds a step with the fused truncations (6 without)
                long steps = (long) EPOCHS * ((n + BATCH - 1) / BATCH);
                long rest = 172; // standardization, the 5 epochs' log-losses, the final truncation and the reveal
                assertTrue(run.rounds() <= 4 * steps + rest, run.rounds() + " rounds for " + steps + " steps");
            }
            assertEquals(EPOCHS, fit.loss().size());
            assertTrue(fit.loss().get(EPOCHS - 1) < fit.loss().get(0), "the loss falls");
        }
    }

    /**
     * Over the rows of a secret join: breast cancer's training rows split by columns (member 0 the first 15 features of
     * all but the last 60 rows, member 1 the other 15 and the label of all but the first 40, in another order), joined
     * inside the computation; test accuracy within one point of the same algorithm over the matched rows in double
     * precision, and of the plain algorithm on the plaintext inner join.
     */
    @org.junit.jupiter.api.Test
    void overTheRowsOfASecretJoin() throws Exception {
        double[][] all = Table.read(Path.of("..", "data", "breast_cancer.csv")).rows();
        JsonNode split = new ObjectMapper().readTree(Path.of("..", "data", "breast_cancer_split.json").toFile());
        double[][] train = pick(all, split.get("train"));
        double[][] test = pick(all, split.get("test"));
        int n = train.length;
        int p = all[0].length - 1;
        int[] rows = {n - 60, n - 40};
        int[] widths = {15, p - 15 + 1};
        long[][] keys = new long[2][];
        double[][] values = new double[2][];
        keys[0] = new long[rows[0]];
        values[0] = new double[rows[0] * widths[0]];
        for (int r = 0; r < rows[0]; r++) {
            keys[0][r] = LinkKeys.key60("row-" + r);
            System.arraycopy(train[r], 0, values[0], r * widths[0], widths[0]);
        }
        keys[1] = new long[rows[1]];
        values[1] = new double[rows[1] * widths[1]];
        for (int k = 0; k < rows[1]; k++) {
            int r = n - 1 - k; // member 1 lists rows 40..n-1 backwards
            keys[1][k] = LinkKeys.key60("row-" + r);
            System.arraycopy(train[r], widths[0], values[1], k * widths[1], widths[1]);
        }
        // the anchor's rows with every feature (member 1's where it holds the row) and the matched bits, in the order the
        // join gives them: the anchor's keys' order
        Integer[] order = new Integer[rows[0]];
        for (int r = 0; r < rows[0]; r++) {
            order[r] = r;
        }
        long[] anchorKeys = keys[0];
        java.util.Arrays.sort(order, (a, b) -> Long.compare(anchorKeys[a], anchorKeys[b]));
        double[][] anchor = new double[rows[0]][];
        double[] bits = new double[rows[0]];
        double[][] join = new double[rows[0] - 40][];
        for (int i = 0; i < rows[0]; i++) {
            int r = order[i];
            anchor[i] = r >= 40 ? train[r] : java.util.Arrays.copyOf(java.util.Arrays.copyOf(train[r], widths[0]), p + 1);
            bits[i] = r >= 40 ? 1 : 0;
            if (r >= 40) {
                join[r - 40] = train[r];
            }
        }
        double accWeighted = accuracy(plaintext(anchor, bits, p), test, p);
        double accJoin = accuracy(plaintext(join, p), test, p);
        try (LocalCluster c = new LocalCluster(2, ProtocolParameters.defaults().withFractionalBits(24))) {
            var run = c.run(party -> {
                var be = party.backend();
                var j = SecretJoin.join(be, keys[party.id()], values[party.id()], rows,
                        widths);
                long[] t = j.values().share();
                int w = p + 1;
                long[] x = new long[rows[0] * p];
                long[] y = new long[rows[0]];
                for (int r = 0; r < rows[0]; r++) {
                    System.arraycopy(t, r * w, x, r * p, p);
                    y[r] = t[r * w + p];
                }
                int f = be.fixedPoint().fracBits();
                return LogisticRegression.fitWeighted(SecretTensor.fromShare(be, Shape.matrix(rows[0], p), x, f),
                        SecretTensor.fromShare(be, Shape.matrix(rows[0], 1), y, f), j.matched(), EPOCHS, BATCH, LR, L2, 0);
            });
            LogisticRegression.Fit fit = run.result(0);
            double[] secure = java.util.Arrays.copyOf(fit.weights(), p + 1);
            secure[p] = fit.bias();
            double accSecure = accuracy(secure, test, p);
            System.out.printf("breast cancer over a secret join (%d of %d anchor rows matched): test accuracy secure %.2f%%, "
                    + "the same algorithm in double %.2f%%, plain on the inner join %.2f%%; online %.0f ms, %d rounds%n",
                    rows[0] - 40, rows[0], 100 * accSecure, 100 * accWeighted, 100 * accJoin, run.onlineMillis(), run.rounds());
            assertTrue(Math.abs(accSecure - accWeighted) <= 0.01, accSecure + " vs " + accWeighted);
            assertTrue(Math.abs(accSecure - accJoin) <= 0.02, accSecure + " vs " + accJoin + " (plain on the inner join)");
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
        double[] all = new double[train.length];
        java.util.Arrays.fill(all, 1);
        return plaintext(train, all, p);
    }

    /** The same algorithm over the rows whose bit is 1 (standardized over them; the others contribute nothing). */
    static double[] plaintext(double[][] train, double[] bits, int p) {
        int n = train.length;
        double count = java.util.Arrays.stream(bits).sum();
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                mean[j] += bits[i] * train[i][j] / count;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                sd[j] += bits[i] * (train[i][j] - mean[j]) * (train[i][j] - mean[j]) / count;
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
                    double err = (1 / (1 + Math.exp(-z)) - train[i][p]) * bits[i];
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
