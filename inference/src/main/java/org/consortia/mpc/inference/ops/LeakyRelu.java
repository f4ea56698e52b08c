package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Truncation;

/** LeakyRelu: x for x >= 0, alpha x below (ONNX default alpha 0.01); a x + (1 - a) relu(x) on shares. */
@AutoService(ElementwiseOp.class)
public final class LeakyRelu implements ElementwiseOp {
    @Override
    public String name() {
        return "LeakyRelu";
    }

    @Override
    public String programName() {
        return "leaky_relu";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("LeakyRelu");
    }

    @Override
    public Params fromOnnx(String onnxType, OnnxAttributes attrs) {
        return new Params(name(), attrs.real("alpha", 0.01), 0);
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return x >= 0 ? x : alpha * x;
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return x.mul(alpha).add(x.relu().mul(1 - alpha)); // a x + (1 - a) relu(x): one comparison, one product
    }

    @Override
    public Cost cost(int n) {
        return Truncation.cost(n).then(Costs.relu(n)).then(Truncation.cost(n));
    }

    @Override
    public Example example() {
        return new Example(0.1, 0, -4, 4, 2e-4);
    }
}
