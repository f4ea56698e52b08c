package org.consortia.mpc.inference.ops;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Truncation;

/** alpha x + beta: Add, Sub, Mul and Div of an activation by a public scalar (the importer maps them). */
@AutoService(ElementwiseOp.class)
public final class Affine implements ElementwiseOp {
    @Override
    public String name() {
        return "Affine";
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return alpha * x + beta;
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return (alpha == 1 ? x : x.mul(alpha)).add(beta); // one truncation (none for a = 1)
    }

    @Override
    public Cost cost(int n) {
        return Truncation.cost(n);
    }

    @Override
    public Example example() {
        return new Example(1.5, -0.25, -4, 4, 1e-4);
    }
}
