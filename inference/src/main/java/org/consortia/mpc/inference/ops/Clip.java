package org.consortia.mpc.inference.ops;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * Clip between public bounds {@code alpha <= beta} (ReLU6: 0 and 6): two comparisons and products. The importer maps
 * ONNX Clip itself (its bounds are inputs, and may be the owner's: then {@code Layer.ConstOp}s).
 */
@AutoService(ElementwiseOp.class)
public final class Clip implements ElementwiseOp {
    @Override
    public String name() {
        return "Clip";
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return Math.max(alpha, Math.min(beta, x));
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return x.clamp(alpha, beta); // two comparisons and products
    }

    @Override
    public Cost cost(int n) {
        return Costs.ltz(2 * n).then(Costs.mul(2 * n));
    }

    @Override
    public Example example() {
        return new Example(-1, 2, -4, 4, 2e-4);
    }
}
