package org.consortia.mpc.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.sim.Simulation;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layers the transformer and the newer ONNX ops bring, each in a small model on seeded random inputs: the secure
 * output (the model owner party 0 inputs the parameters, the data owner the batch) against the plaintext evaluator,
 * within the bound named per case, for 2, 3 and 5 parties (2 also with FSS comparisons), on the protocols' in-memory
 * simulator. Bounds: the error of the approximation (docs/accuracy.md)
 * plus fixed-point rounding; exact data movements are checked at 1e-4 (rounding of the input only).
 */
class InferenceLayersTest {
    private static final int BATCH = 3;

    @ParameterizedTest(name = "{0} n={1}")
    @CsvSource({"erf,2,5e-4", "erf,3,5e-4", "erf,5,5e-4", "gelu,2,7e-4", "gelu,3,7e-4", "gelu,5,7e-4", "gelu_tanh,2,7e-4",
        "exp,3,3e-2", "layernorm,2,5e-4", "layernorm,3,5e-4", "layernorm,5,5e-4", "attention,2,5e-4", "attention,3,5e-4",
        "attention,5,5e-4", "logsoftmax,2,5e-4", "logsoftmax,3,5e-4", "shapes,2,1e-4", "shapes,3,1e-4", "shapes,5,1e-4",
        "constants,2,2e-4", "constants,3,2e-4", "constants,5,2e-4", "convrelu,2,2e-4", "convrelu,3,2e-4",
        "denserelu,2,2e-4", "denserelu,3,2e-4", "sigmoid,2,1e-4", "sigmoid,3,1e-4", "convrelupool,2,2e-4",
        "convrelupool,3,2e-4", "convrelupool,5,2e-4"})
    void secureMatchesPlaintext(String name, int n, double bound) throws Exception {
        SplittableRandom r = random("InferenceLayersTest." + name + "." + n);
        Model model = model(name, r);
        double[] x = uniform(r, BATCH * model.inputSize(), -3, 3);
        double[] want = PlainInference.run(model, BATCH, x);
        Model arch = model.architecture();
        int dataOwner = n - 1;
        // 2 parties also with FSS comparisons: the FSS GELU, sigmoid and fused truncation and ReLU, in the same bounds
        for (Comparisons mode : n == 2 ? List.of(Comparisons.BOOLEAN, Comparisons.FSS) : List.of(Comparisons.BOOLEAN)) {
            double[] got = Simulation.run(n, mode, FixedPoint.defaults(), be -> SecureInference.run(be,
                    be.party() == 0 ? model : arch, 0, dataOwner, BATCH, be.party() == dataOwner ? x : null)
                    .revealTo(dataOwner)).result(dataOwner);
            assertEquals(want.length, got.length);
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(want[i] - got[i]));
            }
            System.out.printf("%s, %d parties, %s: max |secure - plaintext| = %.2e (bound %.0e)%n", name, n, mode, worst,
                    bound);
            assertTrue(worst <= bound, name + " " + mode + ": " + worst);
        }
    }

    /** Seeded test data: the seed derives from the case's name and is printed. */
    static SplittableRandom random(String name) {
        long seed = name.hashCode() * 0x9E3779B97F4A7C15L;
        System.out.println("[seed] " + name + " -> " + seed);
        return new SplittableRandom(seed);
    }

    static double[] uniform(SplittableRandom r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    private static Layer.Param param(String name, SplittableRandom r, double lo, double hi, int... dims) {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        return new Layer.Param(name, dims, uniform(r, size, lo, hi));
    }

    private static Model model(String name, SplittableRandom r) {
        return switch (name) {
            case "erf", "gelu", "gelu_tanh", "exp" -> new Model(name, "x", new int[] {4, 25},
                    List.of(new Layer.Elementwise(name, switch (name) {
                        case "erf" -> "Erf";
                        case "gelu" -> "Gelu";
                        case "gelu_tanh" -> "GeluTanh";
                        default -> "Exp";
                    }, 0, 0)), new int[] {4, 25});
            case "layernorm" -> new Model(name, "x", new int[] {6, 16},
                    List.of(new Layer.LayerNorm("ln", param("g", r, 0.5, 1.5, 16), param("b", r, -0.5, 0.5, 16), 1e-5, 1)),
                    new int[] {6, 16});
            case "logsoftmax" -> new Model(name, "x", new int[] {5, 7}, List.of(new Layer.LogSoftmax("ls")), new int[] {5, 7});
            // x [4, 8] -> q = x Wq, k = x Wk as [4, 2 heads, 4] -> heads first -> q k^T -> softmax -> times v
            case "attention" -> new Model(name, "x", new int[] {4, 8}, List.of(
                    new Layer.Dense("q", param("wq", r, -0.5, 0.5, 8, 8), null), // 0
                    new Layer.Reshape("q.heads", new int[] {4, 2, 4}), // 1
                    new Layer.Permute("q.t", new int[] {1, 0, 2}), // 2: [2, 4, 4]
                    new Layer.Dense("k", param("wk", r, -0.5, 0.5, 8, 8), null), // 3 (reads the input)
                    new Layer.Reshape("k.heads", new int[] {4, 2, 4}), // 4
                    new Layer.Permute("k.t", new int[] {1, 2, 0}), // 5: [2, 4, 4] transposed
                    new Layer.MatMul("scores"), // 6: [2, 4, 4]
                    new Layer.Softmax("softmax"), // 7
                    new Layer.MatMul("mix"), // 8: softmax x q
                    new Layer.ReduceSum("mean", new int[] {1}, 0.25)), // 9: [2, 1, 4]
                    new int[] {2, 1, 4}, List.of(new int[] {-1}, new int[] {0}, new int[] {1}, new int[] {-1}, new int[] {3},
                            new int[] {4}, new int[] {2, 5}, new int[] {6}, new int[] {7, 2}, new int[] {8}));
            case "shapes" -> new Model(name, "x", new int[] {3, 4, 5}, List.of(
                    new Layer.Select("sel", 1, new int[] {3, 0, 2}), // [3, 3, 5]
                    new Layer.Pad("pad", new int[] {0, 1, 2}, new int[] {1, 0, 1}, 0.5), // [4, 4, 8]
                    new Layer.Permute("perm", new int[] {2, 0, 1}), // [8, 4, 4]
                    new Layer.ReduceSum("sum", new int[] {0, 2}, 1)), // [1, 4, 1]
                    new int[] {1, 4, 1});
            // a convolution and dense layers each read by a ReLU alone: fused where the backend fuses them
            case "convrelu" -> new Model(name, "x", new int[] {2, 6, 6}, List.of(
                    new Layer.Conv("conv", param("w", r, -0.5, 0.5, 3, 2, 3, 3), param("b", r, -0.5, 0.5, 3), 3, 1, 1, 1),
                    new Layer.Relu("relu")), new int[] {3, 6, 6});
            // ReLU then max-pooling runs as pooling then ReLU (they commute), padded pooling included
            case "convrelupool" -> new Model(name, "x", new int[] {2, 6, 6}, List.of(
                    new Layer.Conv("conv", param("w", r, -0.5, 0.5, 3, 2, 3, 3), param("b", r, -0.5, 0.5, 3), 3, 1, 1, 1),
                    new Layer.Relu("relu1"),
                    new Layer.MaxPool("pool1", 2, 2, 0),
                    new Layer.Elementwise("shift", "Affine", 1.0, -0.4),
                    new Layer.Relu("relu2"),
                    new Layer.MaxPool("pool2", 3, 1, 1)), new int[] {3, 3, 3});
            case "denserelu" -> new Model(name, "x", new int[] {8}, List.of(
                    new Layer.Dense("d1", param("w1", r, -0.5, 0.5, 8, 5), param("b1", r, -0.5, 0.5, 5)),
                    new Layer.Relu("r1"),
                    new Layer.Dense("d2", param("w2", r, -0.5, 0.5, 5, 3), null),
                    new Layer.Relu("r2")), new int[] {3});
            case "sigmoid" -> new Model(name, "x", new int[] {4, 25}, List.of(new Layer.Sigmoid("s")), new int[] {4, 25});
            case "constants" -> new Model(name, "x", new int[] {3, 4, 5}, List.of(
                    new Layer.ConstOp("scale", "Mul", param("s", r, 0.5, 2, 3, 1, 1)),
                    new Layer.ConstOp("pos", "Add", param("p", r, -1, 1, 4, 5)),
                    new Layer.PRelu("prelu", param("slope", r, 0, 0.3, 3, 1, 1))),
                    new int[] {3, 4, 5});
            default -> throw new IllegalArgumentException(name);
        };
    }
}
