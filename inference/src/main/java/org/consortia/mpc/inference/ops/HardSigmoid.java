package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Truncation;

/** HardSigmoid: max(0, min(1, alpha x + beta)) (ONNX defaults 0.2 and 0.5): a truncation and a clamp. */
@AutoService(ElementwiseOp.class)
public final class HardSigmoid implements ElementwiseOp {
    @Override
    public String name() {
        return "HardSigmoid";
    }

    @Override
    public String programName() {
        return "hard_sigmoid";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("HardSigmoid");
    }

    @Override
    public Params fromOnnx(String onnxType, OnnxAttributes attrs) {
        return new Params(name(), attrs.real("alpha", 0.2), attrs.real("beta", 0.5));
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return Math.max(0, Math.min(1, alpha * x + beta));
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return x.mul(alpha).add(beta).clamp(0, 1);
    }

    @Override
    public Cost cost(int n) {
        return Truncation.cost(n).then(Costs.ltz(2 * n)).then(Costs.mul(2 * n));
    }

    @Override
    public Example example() {
        return new Example(0.2, 0.5, -6, 6, 2e-4);
    }
}
