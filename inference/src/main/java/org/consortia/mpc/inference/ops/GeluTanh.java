package org.consortia.mpc.inference.ops;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * GELU's tanh form, x/2 (1 + tanh(c (x + 0.044715 x^3))) = x sigmoid(2c (x + 0.044715 x^3)) with c = sqrt(2 / pi), the
 * cubic on x clamped to [-8, 8] (ONNX Gelu with {@code approximate=tanh}).
 */
@AutoService(ElementwiseOp.class)
public final class GeluTanh implements ElementwiseOp {
    // upper bounds of the counters (ElementwiseOpsTest: 2, 3, 5 parties, boolean and FSS, 7 and 200 elements):
    // the rounds, and the words per element plus 64 (small sizes: the comparisons pack their bits in whole words)
    static final int ROUNDS = 41;
    static final long WORDS = 105;
    static final long FIXED_WORDS = 64;

    @Override
    public String name() {
        return "GeluTanh";
    }

    @Override
    public String programName() {
        return "gelu_tanh";
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return x / 2 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        double c = 2 * Math.sqrt(2 / Math.PI);
        return x.mul(Erf.sigmoidOfCubic(x, c, c * 0.044715));
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
