package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.PlainInference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * A consortium file saying {@code protocol: {comparisons: fss}}: two member nodes and a dealer (separate processes,
 * mutual TLS) run LeNet inference, whose ReLUs and max pooling are then comparisons by function secret sharing, and
 * the result matches the plaintext inference within 1e-3.
 */
class FssComparisonsIT {
    @Test
    void twoMembersRunInferenceWithFssComparisons(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 2, "20s")) {
            Path file = dir.resolve("consortium.yaml");
            Files.writeString(file, Files.readString(file) + "protocol: {comparisons: fss}\n");
            Model model = OnnxImport.load(Path.of("..", "data", "models", "mnist_lenet_dyn.onnx"));
            Files.copy(Path.of("..", "data", "models", "mnist_lenet_dyn.onnx"), c.dataDir(0).resolve("lenet.onnx"));
            long seed = 20261205L;
            System.out.println("FssComparisonsIT seed " + seed);
            SplittableRandom r = new SplittableRandom(seed);
            double[] image = new double[model.inputSize()];
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < image.length; i++) {
                image[i] = Math.round(r.nextDouble() * 1000) / 1000.0;
                row.append(i == 0 ? "" : ",").append(image[i]);
            }
            Files.writeString(c.dataDir(1).resolve("image.csv"), row + "\n");
            c.startAllAndAwaitMesh();
            String id = c.submit(0, new JsonObject().put("analysis", "inference").put("params", new JsonObject()
                    .put("model", "lenet.onnx").put("input", "image.csv").put("rows", "1").put("modelOwner", "0")
                    .put("dataOwner", "1")));
            JsonObject done = c.awaitJob(1, id, Duration.ofSeconds(120));
            assertEquals("SUCCEEDED", done.getString("state"), done.encode() + "\n" + c.log(0) + "\n" + c.log(1));
            double[] plain = PlainInference.run(model, 1, image);
            List<Object> got = done.getJsonArray("result").getList();
            double worst = 0;
            for (int i = 0; i < plain.length; i++) {
                worst = Math.max(worst, Math.abs(((Number) got.get(i)).doubleValue() - plain[i]));
            }
            System.out.printf("LeNet, one image, 2 node processes and a dealer, FSS comparisons: max |secure - plaintext| "
                    + "= %.2e%n", worst);
            assertTrue(worst < 1e-3, "max error " + worst);
            assertTrue(c.log(0).contains("comparisons by function secret sharing"), c.log(0));
            assertTrue(c.log(1).contains("comparisons by function secret sharing"), c.log(1));
        }
    }
}
