/**
 * Elementwise ops, one file each: name, ONNX mapping, secure evaluation, plaintext reference, declared cost and the
 * example its tests run ({@link org.consortia.mpc.inference.ops.ElementwiseOp}), found by name in
 * {@link org.consortia.mpc.inference.ops.ElementwiseOps}. Knows the protocols' tensors, not the importer or the layers.
 */
package org.consortia.mpc.inference.ops;
