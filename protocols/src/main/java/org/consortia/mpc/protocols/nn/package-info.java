/**
 * Neural networks: ONNX import, the secure and plaintext inference of an imported model.
 */
package org.consortia.mpc.protocols.nn;
