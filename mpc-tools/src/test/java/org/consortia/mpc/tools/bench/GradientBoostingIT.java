package org.consortia.mpc.tools.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.consortia.mpc.analyses.trees.BoostedTrees;
import org.consortia.mpc.analyses.trees.GradientBoosting;
import org.consortia.mpc.inference.trees.SecureTrees;
import org.consortia.mpc.inference.trees.TreeExport;
import org.consortia.mpc.inference.trees.TreeImport;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.consortia.mpc.tools.report.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Gradient-boosted trees trained across members, the features split by columns (each member inputs its own features'
 * bin indicators, the last member also the labels): the secure fit against the same algorithm on the plaintext backend
 * at 2, 3 and 5 parties, the trained model as an ONNX tree ensemble, and on whole datasets against LightGBM trained with
 * the same bins, depth, trees, learning rate and lambda on the same split (scripts/models/gen_gbdt_reference.py): the
 * test AUC (breast cancer, logistic loss) and R^2 (California housing, squared loss) within 1 point of LightGBM's.
 * Training end to end: an *IT. {@link GradientBoostingTest} keeps the fast checks.
 */
class GradientBoostingIT {
    static final Path DATA = Path.of("..", "data");

    /** The dataset as GbdtBench loads it, its members' bin edges checked against the reference's. */
    static GbdtBench.Data load(String name) {
        GbdtBench.Data d = GbdtBench.load(DATA, name);
        for (int f = 0; f < d.features(); f++) {
            double[] expected = new double[d.bins() - 1];
            for (int b = 0; b < expected.length; b++) {
                JsonNode e = d.reference().get("edges").get(f).get(b);
                expected[b] = e.isTextual() ? Double.POSITIVE_INFINITY : e.asDouble();
            }
            assertArrayEquals(expected, d.edges()[f], name + ": the members' bin edges of feature " + f + " are the reference's");
        }
        return d;
    }

    @ParameterizedTest
    @CsvSource({"2", "3", "5"})
    void secureFitScoresAsThePlaintextFit(int parties) {
        GbdtBench.Data d = load("california_housing");
        var small = new GradientBoosting.Params(6, 3, 0.3, 1.0, GradientBoosting.Loss.SQUARED);
        try (LocalCluster cluster = new LocalCluster(parties)) {
            BoostedTrees plain = cluster.plaintext(d.program(small));
            BoostedTrees secure = cluster.run(d.program(small)).result(0);
            assertScoresAsPlain(plain, secure, d, parties + " parties");
        }
    }

    /**
     * The secure model's test R^2 within 0.01 of the plaintext backend's and at least 3/4 of its splits the same
     * (near-ties, splits of equal gain on the training rows within the approximations' noise, may go either way).
     */
    private static void assertScoresAsPlain(BoostedTrees plain, BoostedTrees secure, GbdtBench.Data d, String what) {
        int same = 0;
        for (int i = 0; i < plain.feature().length; i++) {
            same += plain.feature()[i] == secure.feature()[i] && plain.bin()[i] == secure.bin()[i] ? 1 : 0;
        }
        double p = score(plain, d, "r2");
        double s = score(secure, d, "r2");
        System.out.printf("%s: %d of %d splits as the plaintext backend's; test R^2 %.4f secure, %.4f plaintext%n",
                what, same, plain.feature().length, s, p);
        assertTrue(Math.abs(s - p) <= 0.01, "test R^2 " + s + " within 0.01 of the plaintext fit's " + p);
        assertTrue(same >= plain.feature().length * 3 / 4, same + " splits as the plaintext fit's");
    }

    /**
     * Training in malicious mode (authenticated shares, every opening checked; 2 members, FSS comparisons): the same
     * splits as the plaintext backend's but near-ties, and the test R^2 within the same 0.01.
     */
    @org.junit.jupiter.api.Test
    void maliciousTrainingScoresAsThePlaintextFit() {
        GbdtBench.Data d = load("california_housing");
        var small = new GradientBoosting.Params(2, 3, 0.3, 1.0, GradientBoosting.Loss.SQUARED);
        try (LocalCluster cluster = new LocalCluster(2).malicious().comparisons(org.consortia.mpc.protocols.Comparisons.FSS)) {
            BoostedTrees plain = cluster.plaintext(d.program(small));
            long t0 = System.nanoTime();
            BoostedTrees secure = cluster.run(d.program(small)).result(0);
            assertScoresAsPlain(plain, secure, d, String.format(java.util.Locale.ROOT, "malicious, 2 parties, %.1f s",
                    (System.nanoTime() - t0) / 1e9));
        }
    }

    /**
     * A member that inputs bin indicators that are not one-hot (a 2 in one bin; a row with two bins of one feature)
     * is caught in malicious mode: the training fails with {@code CHECK_FAILED} before anything is revealed.
     */
    @ParameterizedTest
    @CsvSource({"2", "doubled"})
    void maliciousTrainingChecksTheIndicators(String cheat) {
        GbdtBench.Data d = load("breast_cancer");
        var small = new GradientBoosting.Params(1, 2, 0.3, 1.0, GradientBoosting.Loss.LOGISTIC);
        int rows = d.rows();
        int width = d.features() * d.bins();
        long[] bad = d.trainBins().clone();
        int at = 5 * width + 3 * d.bins(); // row 5, feature 3
        int hot = 0;
        while (bad[at + hot] == 0) {
            hot++;
        }
        if (cheat.equals("2")) {
            bad[at + hot] = 2;
        } else {
            bad[at + (hot + 1) % d.bins()] = 1;
        }
        try (LocalCluster cluster = new LocalCluster(2).malicious().comparisons(org.consortia.mpc.protocols.Comparisons.FSS)) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.consortia.mpc.runtime.JobFailedException.class,
                    () -> cluster.run(party -> GradientBoosting.fit(
                            party.backend().inputIntegers(0, Shape.matrix(rows, width), party.id() == 0 ? bad : null),
                            party.input(1, Shape.matrix(rows, 1), party.id() == 1 ? d.trainY() : null), d.bins(), small, 0)));
            assertTrue(e.getCause() instanceof org.consortia.mpc.protocols.auth.CheckFailedException, e.toString());
            System.out.println("indicators with " + cheat + ": " + e.getMessage());
        }
    }

    /**
     * The trained model as ONNX-ML (TreeExport) read back by the tree importer: over bin indices (the members' edges
     * stay with them) and over the features' own units (with the edges), it scores every test row as the model does
     * (float thresholds and leaves: within 1e-5), and secure scoring of the exported ensemble (2 parties, the model's
     * recipient its owner) within 1e-3.
     */
    @Test
    void theTrainedModelScoresAsAnOnnxTreeEnsemble(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        GbdtBench.Data d = load("breast_cancer");
        BoostedTrees model = GbdtBench.plaintext(d.program(d.params()), new FixedPoint(16));
        Path binned = dir.resolve("gbdt_bins.onnx");
        Path raw = dir.resolve("gbdt_raw.onnx");
        java.nio.file.Files.write(binned, TreeExport.onnx(model, null));
        java.nio.file.Files.write(raw, TreeExport.onnx(model, d.edges()));
        var byBins = TreeImport.load(binned, model.depth());
        var byValues = TreeImport.load(raw, model.depth());
        int rows = d.testY().length;
        double[] x = new double[rows * d.features()];
        double[] want = d.predict(model);
        for (int r = 0; r < rows; r++) {
            double[] b = java.util.Arrays.stream(d.testBins()[r]).asDoubleStream().toArray();
            System.arraycopy(b, 0, x, r * d.features(), d.features());
            assertEquals(want[r], byBins.score(b)[0], 1e-5, "row " + r + " over bins");
            assertEquals(want[r], byValues.score(d.testX()[r])[0], 1e-5, "row " + r + " over the features' values");
        }
        try (LocalCluster cluster = new LocalCluster(2)) {
            var run = cluster.run(p -> {
                var in = p.input(1, Shape.matrix(rows, d.features()), p.id() == 1 ? x : null);
                return SecureTrees.score(in, 0, byBins.shape(), p.id() == 0 ? byBins : null)
                        .scores().revealTo(1);
            });
            double[] got = run.result(1);
            double worst = 0;
            for (int r = 0; r < rows; r++) {
                worst = Math.max(worst, Math.abs(got[r] - want[r]));
            }
            System.out.printf("exported model scored securely: max |secure - trained| = %.2e over %d rows%n", worst, rows);
            assertTrue(worst < 1e-3, "secure scores of the export within 1e-3: " + worst);
        }
    }

    static double score(BoostedTrees model, GbdtBench.Data d, String metric) {
        double[] pred = d.predict(model);
        return metric.equals("auc") ? Metrics.auc(pred, d.testY()) : r2(pred, d.testY());
    }

    static double r2(double[] pred, double[] y) {
        double mean = java.util.Arrays.stream(y).average().orElse(0);
        double ss = 0;
        double res = 0;
        for (int i = 0; i < y.length; i++) {
            ss += (y[i] - mean) * (y[i] - mean);
            res += (y[i] - pred[i]) * (y[i] - pred[i]);
        }
        return 1 - res / ss;
    }

    @ParameterizedTest
    @CsvSource({"breast_cancer,auc", "california_housing,r2"})
    void secureTrainingMatchesLightGbmWithinOnePoint(String name, String metric) {
        GbdtBench.Data d = load(name);
        try (LocalCluster cluster = new LocalCluster(2)) {
            var run = cluster.run(d.program(d.params()));
            BoostedTrees model = run.result(0);
            double got = score(model, d, metric);
            double lgbm = d.reference().get(metric).asDouble();
            System.out.printf("%s: secure %s %.4f, LightGBM %.4f; %d trees depth %d, %d rounds, %d bytes%n", name, metric, got,
                    lgbm, model.trees(), model.depth(), run.rounds(), run.maxOnlineBytesSent());
            assertTrue(Math.abs(got - lgbm) <= 0.01, name + ": " + metric + " " + got + " vs LightGBM's " + lgbm);
        }
    }
}
