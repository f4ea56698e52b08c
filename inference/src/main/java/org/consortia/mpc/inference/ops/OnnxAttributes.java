package org.consortia.mpc.inference.ops;

/** An ONNX node's attributes as an op's mapping reads them; errors name the model, the node and the op. */
public interface OnnxAttributes {
    /** A float attribute, or {@code fallback} when absent. */
    double real(String key, double fallback);

    /** A string attribute, or {@code fallback} when absent. */
    String string(String key, String fallback);

    /** An import error for this node: {@code what} says what is wrong and what is supported. */
    RuntimeException error(String what);
}
