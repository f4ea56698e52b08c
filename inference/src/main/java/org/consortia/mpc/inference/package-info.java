/**
 * Neural networks above the protocol kernels: ONNX import ({@link org.consortia.mpc.inference.OnnxImport}, constant
 * folding, refusals in one line), the layers of an imported graph ({@link org.consortia.mpc.inference.Layer},
 * {@link org.consortia.mpc.inference.Model}), and their secure and plaintext evaluators. The kernels below
 * ({@code protocols}) know nothing of ONNX or protobuf.
 */
package org.consortia.mpc.inference;
