package org.consortia.mpc.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.analyses.trees.Binning;
import org.consortia.mpc.analyses.trees.BoostedTrees;
import org.consortia.mpc.analyses.trees.GradientBoosting;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code gbdt_train}: gradient-boosted trees trained across members on breast cancer's 455 training rows, the 30
 * features split by columns between the members (each bins its own features and inputs their indicators, the last
 * member also the labels), 50 trees of depth 4 on 16 bins, as LightGBM's reference was trained
 * (data/models/gbdt_breast_cancer_reference.json, scripts/models/gen_gbdt_reference.py). The outputs are the model's
 * probabilities on the 114 test rows at member 0 (which receives the model), checked against the same training on
 * the plaintext backend; the report's items are the training rows.
 */
final class GbdtBench {
    private GbdtBench() {
    }

    /**
     * A dataset binned as its members bin it with the reference's settings: the training rows' one-hot bin
     * indicators (rows x features * bins), their labels, the test rows' bins and labels, and LightGBM's figures.
     */
    record Data(int features, int bins, long[] trainBins, double[] trainY, double[][] testX, int[][] testBins, double[] testY,
            double[][] edges, GradientBoosting.Params params, JsonNode reference) {
        int rows() {
            return trainY.length;
        }

        /** Member k's (of {@code parties}) features: a contiguous block of columns. */
        int[] block(int k, int parties) {
            return new int[] {k * features / parties, (k + 1) * features / parties};
        }

        /** The joint training: member k inputs its block's indicators, the last member the labels; member 0 gets the model. */
        JointProgram<BoostedTrees> program(GradientBoosting.Params p) {
            return party -> GradientBoosting.fit(inputs(party), party.input(party.parties() - 1, Shape.matrix(rows(), 1),
                    trainY), bins, p, 0);
        }

        private SecretTensor inputs(Party party) {
            int parties = party.parties();
            SecretTensor x = null;
            for (int k = 0; k < parties; k++) {
                int[] b = block(k, parties);
                int w = (b[1] - b[0]) * bins;
                long[] mine = null;
                if (party.backend().readsInputOf(k)) {
                    mine = new long[rows() * w];
                    for (int i = 0; i < rows(); i++) {
                        System.arraycopy(trainBins, (i * features + b[0]) * bins, mine, i * w, w);
                    }
                }
                SecretTensor xk = party.backend().inputIntegers(k, Shape.matrix(rows(), w), mine);
                x = x == null ? xk : x.concat(1, xk);
            }
            return x;
        }

        /** The model's predictions on the test rows. */
        double[] predict(BoostedTrees model) {
            double[] out = new double[testY.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = model.predict(testBins[i]);
            }
            return out;
        }
    }

    /** Reads {@code data/<name>.csv}, its split and LightGBM's reference, and bins the training rows' features. */
    static Data load(Path data, String name) {
        try {
            ObjectMapper om = new ObjectMapper();
            JsonNode ref = om.readTree(data.resolve("models/gbdt_" + name + "_reference.json").toFile());
            JsonNode split = ref.has("split") ? ref.get("split") : om.readTree(data.resolve(name + "_split.json").toFile());
            List<String> lines = Files.readAllLines(data.resolve(name + ".csv"));
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
            }
            double[] trainX = new double[train.length * features];
            double[] trainY = new double[train.length];
            for (int i = 0; i < train.length; i++) {
                System.arraycopy(x[train[i]], 0, trainX, i * features, features);
                trainY[i] = y[train[i]];
            }
            int[][] testBins = new int[test.length][features];
            double[][] testX = new double[test.length][];
            double[] testY = new double[test.length];
            for (int i = 0; i < test.length; i++) {
                testX[i] = x[test[i]];
                for (int f = 0; f < features; f++) {
                    testBins[i][f] = Binning.bin(edges[f], x[test[i]][f]);
                }
                testY[i] = y[test[i]];
            }
            var loss = ref.get("loss").asText().equals("binary") ? GradientBoosting.Loss.LOGISTIC : GradientBoosting.Loss.SQUARED;
            var params = new GradientBoosting.Params(ref.get("trees").asInt(), ref.get("depth").asInt(),
                    ref.get("learning_rate").asDouble(), ref.get("lambda").asDouble(), loss);
            return new Data(features, bins, Binning.indicators(trainX, train.length, edges), trainY, testX, testBins, testY, edges,
                    params, ref);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    static BenchOp op() {
        Data d = load(Path.of("data"), "breast_cancer");
        FixedPoint fp = new FixedPoint(FixedPoint.DEFAULT_FRACTIONAL_BITS);
        JointProgram<BoostedTrees> training = d.program(d.params());
        double[] exact = d.predict(plaintext(training, fp));
        Runnable plain = () -> BenchOp.Sink.consume(new long[] {plaintext(training, fp).trees()});
        int tests = d.testY().length;
        return new BenchOp("gbdt_train", "breast cancer, " + d.rows() + " rows, " + d.features() + " features split by columns, "
                + d.params().trees() + " trees depth " + d.params().depth() + ", " + d.bins() + " bins", party -> {
            BoostedTrees model = training.run(party);
            return model == null ? new long[tests] : party.fixedPoint().encode(d.predict(model));
        }, n -> exact, plain, FixedPoint.DEFAULT_FRACTIONAL_BITS, new BenchOp.Extent(tests, d.rows(), false, 10));
    }

    /** The same training on the plaintext backend (the reference, and the plaintext time). */
    static BoostedTrees plaintext(JointProgram<BoostedTrees> training, FixedPoint fp) {
        try {
            return training.run(new Party(new PlainBackend(2, fp)));
        } catch (Exception e) {
            throw new IllegalStateException("gbdt_train: the plaintext training failed", e);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
