package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A consortium file saying {@code protocol: {comparisons: fss}}: two member nodes and a dealer (separate processes,
 * mutual TLS) run LeNet inference, whose ReLUs and max pooling are then comparisons by function secret sharing, and
 * the result matches the plaintext inference within 1e-3; then the same job naming {@code comparisons: boolean} runs
 * boolean circuits (the job's field over the consortium's), as accurately; and a random forest (ONNX-ML) gives every
 * row onnxruntime's class.
 */
class FssComparisonsIT {
    @Test
    void twoMembersRunInferenceWithFssComparisons(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "20s")) {
            c.quickJit = false; // long jobs: the deployed JIT
            Path file = dir.resolve("consortium.yaml");
            Files.writeString(file, Files.readString(file) + "protocol: {comparisons: fss}\n");
            long seed = 20261205L;
            System.out.println("FssComparisonsIT seed " + seed);
            LenetImageJob lenet = LenetImageJob.write(c, seed);
            c.startAllAndAwaitMesh();
            String id = c.submit(0, LenetImageJob.spec());
            JsonObject done = c.awaitJob(1, id, Duration.ofSeconds(120));
            double worst = lenet.worstError(done, c.log(0) + "\n" + c.log(1));
            System.out.printf("LeNet, one image, 2 node processes and a dealer, FSS comparisons: max |secure - plaintext| "
                    + "= %.2e%n", worst);
            assertTrue(worst < 1e-3, "max error " + worst);
            String fss = "comparisons by function secret sharing";
            assertTrue(c.log(0).contains(fss), c.log(0));
            assertTrue(c.log(1).contains(fss), c.log(1));
            JsonObject spec = LenetImageJob.spec();
            spec.getJsonObject("params").put("comparisons", "boolean");
            String second = c.submit(0, spec);
            double worstBoolean = lenet.worstError(c.awaitJob(1, second, Duration.ofSeconds(120)), c.log(0) + "\n" + c.log(1));
            assertTrue(worstBoolean < 1e-3, "max error " + worstBoolean);
            for (int node = 0; node < 2; node++) { // one job of the two said fss
                assertEquals(1, c.log(node).split(fss, -1).length - 1, c.log(node));
            }
            // auto: the node it is submitted to resolves it by its measured round trip and writes the mode into the
            // spec (loopback: boolean once the links are warm; fss while only a cold first echo is known)
            spec.getJsonObject("params").put("comparisons", "auto");
            String third = c.submit(0, spec);
            JsonObject autoDone = c.awaitJob(1, third, Duration.ofSeconds(120));
            String resolved = autoDone.getJsonObject("spec").getJsonObject("params").getString("comparisons");
            assertTrue(resolved.equals("boolean") || resolved.equals("fss"), autoDone.encode());
            assertTrue(c.log(0).contains("comparisons auto: " + resolved + " (round trip to "), c.log(0));
            assertTrue(lenet.worstError(autoDone, c.log(0) + "\n" + c.log(1)) < 1e-3);
            for (int node = 0; node < 2; node++) { // both members ran the mode the spec names
                assertEquals(resolved.equals("fss") ? 2 : 1, c.log(node).split(fss, -1).length - 1, c.log(node));
            }
            // a tree ensemble (scikit-learn's random forest as ONNX-ML): the model owner announces its shape, the data
            // owner votes on it and learns every row's class, onnxruntime's
            JsonObject expected = new JsonObject(Files.readString(Path.of("..", "data", "models", "rf_cls_expected.json")));
            int rows = expected.getInteger("rows");
            int features = expected.getInteger("features");
            StringBuilder csv = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < features; f++) {
                    csv.append(f == 0 ? "" : ",").append(expected.getJsonArray("input").getDouble(r * features + f));
                }
                csv.append('\n');
            }
            Files.copy(Path.of("..", "data", "models", "rf_cls.onnx"), c.dataDir(0).resolve("forest.onnx"));
            Files.writeString(c.dataDir(1).resolve("rows.csv"), csv);
            String forest = c.submit(0, new JsonObject().put("analysis", "inference").put("params", new JsonObject()
                    .put("model", "forest.onnx").put("input", "rows.csv").put("rows", String.valueOf(rows))
                    .put("modelOwner", "0").put("dataOwner", "1")));
            JsonObject forestDone = c.awaitJob(1, forest, Duration.ofSeconds(120));
            assertEquals("SUCCEEDED", forestDone.getString("state"), forestDone.encode() + "\n" + c.log(0) + "\n" + c.log(1));
            JsonArray result = forestDone.getJsonArray("result");
            int stride = result.size() / rows; // per row: the label, then each class's probability
            assertEquals(1 + expected.getJsonArray("probabilities").size() / rows, stride, result.encode());
            for (int r = 0; r < rows; r++) {
                assertEquals(expected.getJsonArray("labels").getInteger(r), (int) Math.round(result.getDouble(r * stride)),
                        "row " + r);
            }
        }
    }
}
