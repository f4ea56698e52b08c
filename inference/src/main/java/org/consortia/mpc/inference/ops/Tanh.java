package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/** tanh(x) = 2 sigmoid(2x) - 1. */
@AutoService(ElementwiseOp.class)
public final class Tanh implements ElementwiseOp {
    // upper bounds of the counters (ElementwiseOpsTest: 2, 3, 5 parties, boolean and FSS, 7 and 200 elements):
    // the rounds, and the words per element plus 64 (small sizes: the comparisons pack their bits in whole words)
    static final int ROUNDS = 25;
    static final long WORDS = 81;
    static final long FIXED_WORDS = 64;

    @Override
    public String name() {
        return "Tanh";
    }

    @Override
    public String programName() {
        return "tanh";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("Tanh");
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return Math.tanh(x);
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return x.mul(2L).sigmoid().mul(2L).add(-1.0); // 2 sigmoid(2x) - 1: the sigmoid's error, doubled
    }

    @Override
    public Cost cost(int n) {
        return new Cost(ROUNDS, WORDS * n + FIXED_WORDS);
    }

    @Override
    public Example example() {
        return new Example(0, 0, -6, 6, 1e-3);
    }
}
