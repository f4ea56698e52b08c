package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/** e^x by the protocols' exponential (its relative error, docs/accuracy.md). */
@AutoService(ElementwiseOp.class)
public final class Exp implements ElementwiseOp {
    // upper bounds of the counters (ElementwiseOpsTest: 2, 3, 5 parties, boolean and FSS, 7 and 200 elements):
    // the rounds, and the words per element plus 64 (small sizes: the comparisons pack their bits in whole words)
    static final int ROUNDS = 18;
    static final long WORDS = 154;
    static final long FIXED_WORDS = 64;

    @Override
    public String name() {
        return "Exp";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("Exp");
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return Math.exp(x);
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return x.exp();
    }

    @Override
    public Cost cost(int n) {
        return new Cost(ROUNDS, WORDS * n + FIXED_WORDS);
    }

    @Override
    public Example example() {
        return new Example(0, 0, -3, 3, 3e-2);
    }
}
