package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * GELU, x/2 (1 + erf(x / sqrt 2)) = x sigmoid(2 z (A' + B' z^2)) with z = x clamped to [-8, 8]; with FSS comparisons and
 * at most 16 fractional bits, relu minus one spline in 3 rounds. ONNX Gelu with {@code approximate=tanh} imports as
 * {@link GeluTanh}.
 */
@AutoService(ElementwiseOp.class)
public final class Gelu implements ElementwiseOp {
    // upper bounds of the counters (ElementwiseOpsTest: 2, 3, 5 parties, boolean and FSS, 7 and 200 elements):
    // the rounds, and the words per element plus 64 (small sizes: the comparisons pack their bits in whole words)
    static final int ROUNDS = 41;
    static final long WORDS = 105;
    static final long FIXED_WORDS = 64;

    @Override
    public String name() {
        return "Gelu";
    }

    @Override
    public String programName() {
        return "gelu";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("Gelu");
    }

    @Override
    public Params fromOnnx(String onnxType, OnnxAttributes attrs) {
        String approx = attrs.string("approximate", "none");
        return switch (approx) {
            case "none" -> new Params(name(), 0, 0);
            case "tanh" -> new Params("GeluTanh", 0, 0);
            default -> throw attrs.error("approximate=" + approx + "; supported: none, tanh");
        };
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return x / 2 * (1 + Erf.erf(x / Math.sqrt(2)));
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        if (x.backend().splineInOneStep() && x.backend().fixedPoint().fracBits() <= 16) {
            return x.gelu(); // relu minus one spline: 3 rounds with function secret sharing
        }
        return x.mul(Erf.sigmoidOfCubic(x, Math.sqrt(2) * Erf.A, Erf.B / Math.sqrt(2)));
    }

    @Override
    public Cost cost(int n) {
        return new Cost(ROUNDS, WORDS * n + FIXED_WORDS);
    }

    @Override
    public Example example() {
        return new Example(0, 0, -3, 3, 7e-4);
    }
}
