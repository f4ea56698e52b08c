package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.PlainInference;

import io.vertx.core.json.JsonObject;

/**
 * One LeNet image scored by an inference job between two members: the model at org-0 ({@code lenet.onnx}), a
 * seeded random image at org-1 ({@code image.csv}), and the job's result compared with the plaintext inference.
 */
record LenetImageJob(Model model, double[] image) {
    private static final Path MODEL = Path.of("..", "data", "models", "mnist_lenet_dyn.onnx");

    /** Writes the model into org-0's data directory and a seeded image into org-1's. */
    static LenetImageJob write(LocalConsortium c, long seed) throws Exception {
        Model model = OnnxImport.load(MODEL);
        Files.copy(MODEL, c.dataDir(0).resolve("lenet.onnx"));
        SplittableRandom r = new SplittableRandom(seed);
        double[] image = new double[model.inputSize()];
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < image.length; i++) {
            image[i] = Math.round(r.nextDouble() * 1000) / 1000.0;
            row.append(i == 0 ? "" : ",").append(image[i]);
        }
        Files.writeString(c.dataDir(1).resolve("image.csv"), row + "\n");
        return new LenetImageJob(model, image);
    }

    /** The inference job's spec: org-0's model on org-1's image. */
    static JsonObject spec() {
        return new JsonObject().put("analysis", "inference").put("params", new JsonObject()
                .put("model", "lenet.onnx").put("input", "image.csv").put("rows", "1").put("modelOwner", "0")
                .put("dataOwner", "1"));
    }

    /** The largest |secure - plaintext| of a finished job's result, asserting that it succeeded. */
    double worstError(JsonObject done, String logs) {
        assertEquals("SUCCEEDED", done.getString("state"), done.encode() + "\n" + logs);
        double[] plain = PlainInference.run(model, 1, image);
        List<Object> got = done.getJsonArray("result").getList();
        double worst = 0;
        for (int i = 0; i < plain.length; i++) {
            worst = Math.max(worst, Math.abs(((Number) got.get(i)).doubleValue() - plain[i]));
        }
        return worst;
    }
}
