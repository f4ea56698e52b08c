package org.consortia.mpc.inference.ops;

import java.util.List;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * An elementwise function of one activation with two public constants (alpha, beta): its name, its ONNX mapping, its
 * secure evaluation from the protocols' kernels, its plaintext reference and its declared cost, all in one file. An op
 * is a class in this package annotated {@code @AutoService(ElementwiseOp.class)}; {@link ElementwiseOps} finds it by its
 * name (the imported layer's kind) and by its ONNX op types. {@code docs/extending.md} walks through adding one.
 */
public interface ElementwiseOp {
    /** The layer kind this op evaluates ({@code Layer.Elementwise#kind}): unique among the ops, e.g. {@code Tanh}. */
    String name();

    /** The ONNX op types imported as this op (none: the op arises from others, as Affine from Mul by a constant). */
    default List<String> onnxTypes() {
        return List.of();
    }

    /**
     * The name programs call this op by (lower case, e.g. {@code tanh}; its attributes {@code alpha} and {@code beta} as
     * ONNX names them), or {@code null}: not a program op (programs have their own {@code abs}, {@code exp},
     * {@code clamp} and arithmetic).
     */
    default String programName() {
        return null;
    }

    /** The kind and constants an ONNX node of {@code onnxType} with its attributes becomes (ONNX defaults where absent). */
    default Params fromOnnx(String onnxType, OnnxAttributes attrs) {
        return new Params(name(), 0, 0);
    }

    /** A layer's kind and constants. */
    record Params(String kind, double alpha, double beta) {
    }

    /** The plaintext reference. */
    double plain(double x, double alpha, double beta);

    /** The secure evaluation on any backend (shares of the fixed point, the backend's comparisons). */
    SecretTensor secure(SecretTensor x, double alpha, double beta);

    /**
     * An upper bound of what the secure evaluation of {@code n} elements costs one party, among 2 to 5 parties with
     * boolean or FSS comparisons: rounds and words sent to one peer, for {@code n} up to {@link Cost#CHUNK} (larger
     * inputs run in chunks of it: {@link Cost#chunked}) ({@code ElementwiseOpsTest} checks it on the counters
     * and that it is not loose by more than a factor of 4).
     */
    Cost cost(int n);

    /**
     * What the op's tests evaluate it on: alpha and beta, and the input range [lo, hi], with the most |secure - plain|
     * there at the default fixed point (16 fractional bits). The same figures belong in docs/accuracy.md.
     */
    Example example();

    /** Constants, an input range and the error bound there. */
    record Example(double alpha, double beta, double lo, double hi, double maxError) {
    }
}
