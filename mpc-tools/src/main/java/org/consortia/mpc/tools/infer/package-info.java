/**
 * Command-line tools behind the scripts: secure inference of any supported ONNX model, agreement checks.
 */
package org.consortia.mpc.tools.infer;
