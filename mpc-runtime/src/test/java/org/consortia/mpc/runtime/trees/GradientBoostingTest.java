package org.consortia.mpc.runtime.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.trees.Binning;
import org.consortia.mpc.protocols.trees.BoostedTrees;
import org.consortia.mpc.protocols.trees.GradientBoosting;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Gradient-boosted trees trained across members, the features split by columns (each member inputs its own features'
 * bin indicators, the last member also the labels), against LightGBM trained with the same bins, depth, trees,
 * learning rate and lambda on the same split (scripts/models/gen_gbdt_reference.py): the test AUC (breast cancer,
 * logistic loss) and R^2 (diabetes, squared loss) within 1 point of LightGBM's; and the secure fit against the same
 * algorithm on the plaintext backend at 2, 3 and 5 parties.
 */
class GradientBoostingTest {
    static final Path DATA = Path.of("..", "data");

    /** A dataset binned as its members bin it, with the reference's settings. */
    record Binned(int features, int bins, long[] trainBins, double[] trainY, int[][] testBins, double[] testY,
            GradientBoosting.Params params, JsonNode ref) {
        int rows() {
            return trainY.length;
        }

        /** Member k's (of {@code parties}) features: a contiguous block of columns. */
        int[] block(int k, int parties) {
            return new int[] {k * features / parties, (k + 1) * features / parties};
        }

        /** The joint program: member k inputs the indicators of its block, the last member the labels too. */
        JointProgram<BoostedTrees> program(GradientBoosting.Params p) {
            return party -> {
                int parties = party.parties();
                SecretTensor x = null;
                for (int k = 0; k < parties; k++) {
                    int[] b = block(k, parties);
                    int w = (b[1] - b[0]) * bins;
                    long[] mine = null;
                    if (party.id() == k || party.backend().readsInputOf(k)) {
                        mine = new long[rows() * w];
                        for (int i = 0; i < rows(); i++) {
                            System.arraycopy(trainBins, (i * features + b[0]) * bins, mine, i * w, w);
                        }
                    }
                    SecretTensor xk = party.backend().inputIntegers(k, Shape.matrix(rows(), w), mine);
                    x = x == null ? xk : x.concat(1, xk);
                }
                int last = parties - 1;
                SecretTensor y = party.input(last, Shape.matrix(rows(), 1), trainY);
                return GradientBoosting.fit(x, y, bins, p, 0);
            };
        }
    }

    static Binned load(String name) throws IOException {
        ObjectMapper om = new ObjectMapper();
        JsonNode ref = om.readTree(DATA.resolve("models/gbdt_" + name + "_reference.json").toFile());
        JsonNode split = ref.has("split") ? ref.get("split") : om.readTree(DATA.resolve(name + "_split.json").toFile());
        List<String> lines = Files.readAllLines(DATA.resolve(name + ".csv"));
        String[] header = lines.get(0).split(",");
        int t = List.of(header).indexOf(ref.get("target").asText());
        double scale = ref.get("target_divided_by").asDouble();
        int n = lines.size() - 1;
        int features = header.length - 1;
        double[][] x = new double[n][features];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            String[] v = lines.get(i + 1).split(",");
            for (int j = 0, f = 0; j < v.length; j++) {
                if (j == t) {
                    y[i] = Double.parseDouble(v[j]) / scale;
                } else {
                    x[i][f++] = Double.parseDouble(v[j]);
                }
            }
        }
        int[] train = ints(split.get("train"));
        int[] test = ints(split.get("test"));
        int bins = ref.get("bins").asInt();
        double[][] edges = new double[features][];
        for (int f = 0; f < features; f++) {
            double[] col = new double[train.length];
            for (int i = 0; i < train.length; i++) {
                col[i] = x[train[i]][f];
            }
            edges[f] = Binning.edges(col, bins);
            double[] expected = new double[bins - 1];
            for (int b = 0; b < bins - 1; b++) {
                JsonNode e = ref.get("edges").get(f).get(b);
                expected[b] = e.isTextual() ? Double.POSITIVE_INFINITY : e.asDouble();
            }
            assertArrayEquals(expected, edges[f], name + ": the members' bin edges of feature " + f + " are the reference's");
        }
        double[] trainX = new double[train.length * features];
        double[] trainY = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            System.arraycopy(x[train[i]], 0, trainX, i * features, features);
            trainY[i] = y[train[i]];
        }
        int[][] testBins = new int[test.length][features];
        double[] testY = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            for (int f = 0; f < features; f++) {
                testBins[i][f] = Binning.bin(edges[f], x[test[i]][f]);
            }
            testY[i] = y[test[i]];
        }
        var loss = ref.get("loss").asText().equals("binary") ? GradientBoosting.Loss.LOGISTIC : GradientBoosting.Loss.SQUARED;
        var params = new GradientBoosting.Params(ref.get("trees").asInt(), ref.get("depth").asInt(),
                ref.get("learning_rate").asDouble(), ref.get("lambda").asDouble(), loss);
        return new Binned(features, bins, Binning.indicators(trainX, train.length, edges), trainY, testBins, testY, params, ref);
    }

    @ParameterizedTest
    @CsvSource({"breast_cancer,auc", "california_housing,r2"})
    void secureTrainingMatchesLightGbmWithinOnePoint(String name, String metric) throws IOException {
        Binned d = load(name);
        try (LocalCluster cluster = new LocalCluster(2)) {
            var run = cluster.run(d.program(d.params()));
            BoostedTrees model = run.result(0);
            double got = score(model, d, metric);
            double lgbm = d.ref().get(metric).asDouble();
            System.out.printf("%s: secure %s %.4f, LightGBM %.4f; %d trees depth %d, %d rounds, %d bytes%n", name, metric, got,
                    lgbm, model.trees(), model.depth(), run.rounds(), run.maxOnlineBytesSent());
            assertTrue(Math.abs(got - lgbm) <= 0.01, name + ": " + metric + " " + got + " vs LightGBM's " + lgbm);
        }
    }

    @ParameterizedTest
    @CsvSource({"2", "3", "5"})
    void secureFitScoresAsThePlaintextFit(int parties) throws IOException {
        Binned d = load("california_housing");
        var small = new GradientBoosting.Params(6, 3, 0.3, 1.0, GradientBoosting.Loss.SQUARED);
        try (LocalCluster cluster = new LocalCluster(parties)) {
            BoostedTrees plain = cluster.plaintext(d.program(small));
            BoostedTrees secure = cluster.run(d.program(small)).result(0);
            int same = 0;
            for (int i = 0; i < plain.feature().length; i++) {
                same += plain.feature()[i] == secure.feature()[i] && plain.bin()[i] == secure.bin()[i] ? 1 : 0;
            }
            double p = score(plain, d, "r2");
            double s = score(secure, d, "r2");
            // near-ties (splits of equal gain on the training rows, within the approximations' noise) may go either way
            System.out.printf("%d parties: %d of %d splits as the plaintext backend's; test R^2 %.4f secure, %.4f plaintext%n",
                    parties, same, plain.feature().length, s, p);
            assertTrue(Math.abs(s - p) <= 0.01, "test R^2 " + s + " within 0.01 of the plaintext fit's " + p);
            assertTrue(same >= plain.feature().length * 3 / 4, same + " splits as the plaintext fit's");
        }
    }

    @Test
    void binsCountTheEdgesBelow() {
        double[] e = Binning.edges(new double[] {5, 1, 1, 3, 2, 4, 4, 4}, 4);
        assertArrayEquals(new double[] {1, 3, 4}, e); // ranks 2, 4, 6 of 1 1 2 3 4 4 4 5
        assertEquals(0, Binning.bin(e, 0.5));
        assertEquals(0, Binning.bin(e, 1));
        assertEquals(1, Binning.bin(e, 2));
        assertEquals(3, Binning.bin(e, 5));
        // duplicates and the maximum dropped, the rest padded with empty bins
        assertArrayEquals(new double[] {1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                Binning.edges(new double[] {1, 1, 1, 1, 1, 1, 2, 2}, 4));
    }

    static double score(BoostedTrees model, Binned d, String metric) {
        double[] pred = new double[d.testY().length];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = model.predict(d.testBins()[i]);
        }
        return metric.equals("auc") ? auc(pred, d.testY()) : r2(pred, d.testY());
    }

    /** The probability that a positive row scores above a negative one (ties count half). */
    static double auc(double[] score, double[] label) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < score.length; i++) {
            for (int j = 0; j < score.length; j++) {
                if (label[i] > 0.5 && label[j] < 0.5) {
                    pairs++;
                    wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
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

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
