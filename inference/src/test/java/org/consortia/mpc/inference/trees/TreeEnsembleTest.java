package org.consortia.mpc.inference.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.consortia.mpc.inference.OnnxImportException;
import org.consortia.mpc.protocols.sim.Simulation;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tree ensembles exported as ONNX-ML (scikit-learn's random forest, extra trees and gradient boosting, LightGBM's binary
 * model followed by a Sigmoid; scripts/models/gen_tree_models.py) scored securely: the model owner's trees stay secret,
 * the data owner's rows stay secret, and the result matches onnxruntime's within 1e-3 (regression) or gives the same
 * class for every row (classification), among 2, 3 and 5 parties (the protocols' in-memory simulator).
 */
class TreeEnsembleTest {
    static final Path MODELS = Path.of("..", "data", "models");
    static final int DEPTH = 8;

    @ParameterizedTest
    @CsvSource({"rf_reg,2", "rf_reg,3", "et_reg,2", "gb_reg,5", "lgbm_bin,2", "lgbm_bin,3", "rf_cls,2", "rf_cls,5"})
    void secureScoresMatchOnnxruntime(String name, int parties) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(MODELS.resolve(name + "_expected.json").toFile());
        TreeEnsemble model = TreeImport.load(MODELS.resolve(name + ".onnx"), DEPTH);
        int rows = expected.get("rows").asInt();
        int features = expected.get("features").asInt();
        double[] x = new double[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = expected.get("input").get(i).asDouble();
        }
        boolean classifier = expected.get("kind").asText().equals("classification");
        // the plaintext reference of the padded trees agrees with onnxruntime first
        for (int r = 0; r < rows; r++) {
            double[] s = model.score(java.util.Arrays.copyOfRange(x, r * features, (r + 1) * features));
            if (classifier) {
                assertEquals(expected.get("labels").get(r).asInt(), argmax(s), name + " plaintext row " + r);
            } else {
                assertEquals(expected.get("output").get(r).asDouble(), s[0], 1e-5, name + " plaintext row " + r);
            }
        }
        TreeEnsemble.Shape shape = model.shape();
        int owner = 0;
        int dataOwner = parties - 1;
        var run = Simulation.run(parties, be -> {
            var rowsIn = be.input(dataOwner, Shape.matrix(rows, features), be.party() == dataOwner ? x : null);
            var out = SecureTrees.score(rowsIn, owner, shape, be.party() == owner ? model : null);
            double[] scores = out.scores().revealTo(dataOwner);
            double[] labels = out.labels() == null ? null : out.labels().revealTo(dataOwner);
            return labels == null ? scores : labels;
        });
        double[] got = run.result(dataOwner);
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            if (classifier) {
                assertEquals(expected.get("labels").get(r).asInt(), (int) got[r], name + " row " + r + ", " + parties + " parties");
            } else {
                double err = Math.abs(expected.get("output").get(r).asDouble() - got[r]);
                worst = Math.max(worst, err);
                assertTrue(err < 1e-3, name + " row " + r + ": " + got[r] + " vs " + expected.get("output").get(r));
            }
        }
        System.out.printf("%s, %d parties: max |secure - onnxruntime| = %.2e, %d rounds, %d words to a peer%n", name,
                parties, worst, run.rounds(), run.wordsToAPeer());
    }

    @Test
    void aTreeDeeperThanTheBoundIsRefusedInOneLine() {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> TreeImport.load(MODELS.resolve("rf_deep.onnx"), DEPTH));
        assertTrue(e.getMessage().matches("rf_deep.onnx: tree \\d+ has depth 9, deeper than the announced bound 8"), e.getMessage());
    }

    @Test
    void roundsDoNotDependOnTheNumberOfTrees() {
        for (int depth : new int[] {3, 8}) {
            // per chunk of rows and trees (memory stays bounded: more trees, more chunks), whatever the trees
            var a = new TreeEnsemble.Shape(30, 1, depth, 1, true, TreeEnsemble.Post.NONE, false);
            var b = new TreeEnsemble.Shape(30, 100, depth, 1, true, TreeEnsemble.Post.NONE, false);
            var ca = SecureTrees.chunk(a, 1000);
            var cb = SecureTrees.chunk(b, 1000);
            long one = SecureTrees.chunkCost(SecureTrees.trees(a, ca.trees()), ca.rows()).rounds();
            long many = SecureTrees.chunkCost(SecureTrees.trees(b, cb.trees()), cb.rows()).rounds();
            assertEquals(one, many, "depth " + depth);
        }
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
