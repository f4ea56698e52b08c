package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Truncation;

/** HardSwish: x HardSigmoid(x) with 1/6 and 1/2. */
@AutoService(ElementwiseOp.class)
public final class HardSwish implements ElementwiseOp {
    @Override
    public String name() {
        return "HardSwish";
    }

    @Override
    public String programName() {
        return "hard_swish";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("HardSwish");
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return x * Math.max(0, Math.min(1, x / 6 + 0.5));
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return x.mul(x.mul(1.0 / 6).add(0.5).clamp(0, 1)); // a truncation, a clamp, a product
    }

    @Override
    public Cost cost(int n) {
        return Truncation.cost(n).then(Costs.ltz(2 * n)).then(Costs.mul(2 * n)).then(Costs.mul(n));
    }

    @Override
    public Example example() {
        return new Example(0, 0, -6, 6, 4e-4);
    }
}
