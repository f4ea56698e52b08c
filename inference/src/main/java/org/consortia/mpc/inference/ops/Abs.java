package org.consortia.mpc.inference.ops;

import java.util.List;

import com.google.auto.service.AutoService;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * |x|: exact on shares (a ReLU, or a comparison and a product). Added as docs/extending.md shows: this file and its test,
 * nothing else.
 */
@AutoService(ElementwiseOp.class)
public final class Abs implements ElementwiseOp {
    @Override
    public String name() {
        return "Abs";
    }

    @Override
    public List<String> onnxTypes() {
        return List.of("Abs");
    }

    @Override
    public double plain(double x, double alpha, double beta) {
        return Math.abs(x);
    }

    @Override
    public SecretTensor secure(SecretTensor x, double alpha, double beta) {
        return x.abs(); // 2 relu(x) - x where the ReLU is one protocol, else x (1 - 2 [x < 0])
    }

    @Override
    public Cost cost(int n) {
        return Costs.relu(n);
    }

    @Override
    public Example example() {
        return new Example(0, 0, -4, 4, 1e-4);
    }
}
