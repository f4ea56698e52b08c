package org.consortia.mpc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.OnnxImportException;
import org.consortia.mpc.inference.PlainInference;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every shipped model, on its stored test samples: secure outputs within {@link #BOUND} of PyTorch's or
 * onnxruntime's (the README's figure) and the same argmax for class models (graph_tiny: a residual block and a
 * concatenation of branches, its weights in an external data file, as torch 2.x exports; graph_acts: LeakyRelu,
 * HardSwish, ReLU6, Tanh, HardSigmoid and scalar constants from Constant nodes; graph_mobile: MobileNetV2's inverted
 * residual with a depthwise convolution, and a grouped one; resnet18_cifar: ResNet-18 with the CIFAR stem, 11.2 M
 * parameters; mobilenetv2 (width 0.5) and squeezenet11, 3x64x64, torchvision's architectures; transformer: two of
 * PyTorch's nn.TransformerEncoderLayer, d 128, 4 heads, sequence 32, GELU, exported as torch writes them with
 * Shape/Gather/Concat chains folded at import); the model owner (party 0) inputs the weights, the data owner (the last party) the batch and is the
 * only one to learn the outputs. The other parties hold only the architecture.
 */
class OnnxInferenceIT {
    static final Path MODELS = Path.of("..", "data", "models");
    /** The README's bound on |secure - PyTorch| for every shipped model (measured 1.4e-5 to 6.4e-4). */
    static final double BOUND = 1e-3;

    /**
     * MobileNetV2's bound: its 52 convolutions carry folded batch-norm scales into weights quantized to 16 fractional
     * bits, and the rounding adds up over 17 blocks (measured 2.9e-3 and 3.1e-3 on logits of magnitude about 1).
     */
    static final double DEEP_BOUND = 5e-3;

    @ParameterizedTest(name = "{0} n={1}")
    @CsvSource({"digits_cnn,2", "mnist_mlp,2", "mnist_lenet,2", "breast_cancer_logreg,2", "diabetes_linreg,2",
        "digits_cnn,3", "mnist_lenet,3", "graph_tiny,2", "graph_tiny,3", "graph_acts,2", "graph_acts,3", "graph_mobile,2",
        "graph_mobile,3", "resnet18_cifar,2", "resnet18_cifar,3", "mobilenetv2,2", "mobilenetv2,3", "squeezenet11,2",
        "squeezenet11,3", "transformer,2", "transformer,3"})
    void matchesTheStoredExpectedOutputs(String name, int n) throws Exception {
        double bound = name.equals("mobilenetv2") ? DEEP_BOUND : BOUND;
        Model model = OnnxImport.load(MODELS.resolve(name + "_dyn.onnx"));
        Model arch = model.architecture();
        JsonNode expected = new ObjectMapper().readTree(MODELS.resolve(name + "_expected.json").toFile());
        JsonNode samples = expected.get("samples");
        int batch = samples.size();
        int in = model.inputSize();
        int out = model.outputSize();
        double[] x = new double[batch * in];
        for (int s = 0; s < batch; s++) {
            JsonNode v = samples.get(s).get("input");
            for (int i = 0; i < in; i++) {
                x[s * in + i] = v.get(i).asDouble();
            }
        }
        int dataOwner = n - 1;
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<double[]> run = c.run(p -> SecureInference.run(p.backend(), p.id() == 0 ? model : arch, 0, dataOwner,
                    batch, p.id() == dataOwner ? x : null).revealTo(dataOwner));
            double[] y = run.result(dataOwner);
            for (int i = 0; i < n; i++) {
                if (i != dataOwner) {
                    assertEquals(null, run.result(i), "party " + i + " learns nothing");
                }
            }
            double worst = 0;
            for (int s = 0; s < batch; s++) {
                JsonNode want = samples.get(s).get("output");
                int argGot = 0;
                int argWant = 0;
                for (int j = 0; j < out; j++) {
                    double w = want.get(j).asDouble();
                    worst = Math.max(worst, Math.abs(y[s * out + j] - w));
                    if (y[s * out + j] > y[s * out + argGot]) {
                        argGot = j;
                    }
                    if (w > want.get(argWant).asDouble()) {
                        argWant = j;
                    }
                }
                if (out > 1) {
                    assertEquals(argWant, argGot, "argmax of sample " + s);
                }
            }
            System.out.printf("%s, %d parties, batch %d: max |secure - torch| = %.2e, online %.1f ms, %d rounds, %d bytes%n",
                    name, n, batch, worst, run.onlineMillis(), run.rounds(), run.maxOnlineBytesSent());
            assertTrue(worst <= bound, name + ": max error " + worst + " over " + bound);
        }
    }

    /**
     * digits_cnn over its whole held-out split (359 images) in micro-batches of 50 (the last one 9), with a small
     * preparation budget so that correlated randomness streams during the online phase: secure predictions equal
     * plaintext ones.
     */
    @org.junit.jupiter.api.Test
    void digitsTestSplitAgreesWithPlaintext() throws Exception {
        Model model = OnnxImport.load(MODELS.resolve("digits_cnn_dyn.onnx"));
        JsonNode split = new ObjectMapper().readTree(Path.of("..", "data", "digits_split.json").toFile()).get("test");
        var csv = Table.read(Path.of("..", "data", "digits.csv"));
        int batch = split.size();
        double[] x = new double[batch * 64];
        int[] labels = new int[batch];
        for (int s = 0; s < batch; s++) {
            double[] row = csv.rows()[split.get(s).asInt()];
            for (int i = 0; i < 64; i++) {
                x[s * 64 + i] = row[i] / 16.0;
            }
            labels[s] = (int) row[64];
        }
        try (LocalCluster c = new LocalCluster(2).materialBudgetWords(1 << 20)) {
            double[] y = c.run(p -> SecureInference.revealInMicroBatches(p.backend(), p.id() == 0 ? model : model.architecture(),
                    0, 1, batch, p.id() == 1 ? x : null, 50)).result(1);
            double[] ref = PlainInference.run(model, batch, x);
            int agree = 0;
            int right = 0;
            for (int s = 0; s < batch; s++) {
                int a = 0;
                int b = 0;
                for (int j = 1; j < 10; j++) {
                    a = y[s * 10 + j] > y[s * 10 + a] ? j : a;
                    b = ref[s * 10 + j] > ref[s * 10 + b] ? j : b;
                }
                agree += a == b ? 1 : 0;
                right += a == labels[s] ? 1 : 0;
            }
            System.out.printf("digits_cnn on %d held-out digits: secure = plaintext on %d, secure accuracy %.2f%%%n", batch, agree,
                    100.0 * right / batch);
            assertTrue(agree >= batch * 0.999, agree + " of " + batch);
            assertEquals(349, right, "the published 97.21% is 349 of 359");
        }
    }

    @org.junit.jupiter.api.Test
    void unsupportedOpsAreRefusedWithNodeAndList() {
        var g = ai.onnx.proto.OnnxMl.GraphProto.newBuilder()
                .addInput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(
                        ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(1).setShape(ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder()
                                        .addDim(ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                                        .addDim(ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(4))))))
                .addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Einsum").setName("/act/Einsum").addInput("x").addOutput("y"))
                .build();
        var model = ai.onnx.proto.OnnxMl.ModelProto.newBuilder().setGraph(g).build();
        Path f = Path.of(System.getProperty("java.io.tmpdir"), "erf-" + ProcessHandle.current().pid() + ".onnx");
        try {
            java.nio.file.Files.write(f, model.toByteArray());
            var e = assertThrows(OnnxImportException.class, () -> OnnxImport.load(f));
            assertTrue(e.getMessage().contains("unsupported op 'Einsum' at node '/act/Einsum'; supported: Conv, Gemm"), e.getMessage());
        } catch (java.io.IOException io) {
            throw new AssertionError(io);
        } finally {
            f.toFile().delete();
        }
    }

    /** A graph reading x [batch, 4] through one node; {@code extra} adds initializers. */
    private static ai.onnx.proto.OnnxMl.ModelProto oneNode(ai.onnx.proto.OnnxMl.NodeProto node,
            ai.onnx.proto.OnnxMl.TensorProto... extra) {
        var dim = ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder();
        var g = ai.onnx.proto.OnnxMl.GraphProto.newBuilder()
                .addInput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(
                        ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(1).setShape(ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder()
                                        .addDim(dim.setDimValue(1).build()).addDim(dim.setDimValue(4).build())))))
                .addNode(node).addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("y"));
        for (var t : extra) {
            g.addInitializer(t);
        }
        return ai.onnx.proto.OnnxMl.ModelProto.newBuilder().setGraph(g).build();
    }

    private static String refusal(java.nio.file.Path dir, String file, ai.onnx.proto.OnnxMl.ModelProto m) throws Exception {
        Path f = dir.resolve(file);
        java.nio.file.Files.write(f, m.toByteArray());
        return assertThrows(OnnxImportException.class, () -> OnnxImport.load(f)).getMessage();
    }

    /**
     * Refusals users can act on, before anything runs: Dropout in training mode (it would silently return its input
     * unscaled), external weights missing or outside the model's directory, and a model file that does not exist.
     */
    @org.junit.jupiter.api.Test
    void modesAndFilesThatCannotWorkAreRefusedAtImport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var yes = ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("train").setDataType(9)
                .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[] {1})).build();
        var dropout = ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("Dropout").setName("/drop").addInput("x")
                .addInput("").addInput("train").addOutput("y").build();
        assertTrue(refusal(dir, "dropout.onnx", oneNode(dropout, yes)).contains(
                "node '/drop' (Dropout): training_mode=true is not supported"), "Dropout in training mode");

        var w = ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("w").setDataType(1).addDims(4).addDims(2)
                .setDataLocation(ai.onnx.proto.OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("missing.onnx.data"));
        var matmul = ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName("/mm").addInput("x").addInput("w")
                .addOutput("y").build();
        String missing = refusal(dir, "missing.onnx", oneNode(matmul, w.build()));
        assertTrue(missing.contains("no such file: missing.onnx.data"), missing);
        w.setExternalData(0, ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("../escape.data"));
        String escape = refusal(dir, "escape.onnx", oneNode(matmul, w.build()));
        assertTrue(escape.contains("only files next to the model are read"), escape);

        var none = assertThrows(OnnxImportException.class, () -> OnnxImport.load(dir.resolve("nothing.onnx")));
        assertEquals(dir.resolve("nothing.onnx") + ": no such file", none.getMessage());
    }
}
