/**
 * Arithmetic kernels on additive shares in Z_2^64 (semi-honest, dealer-assisted): input, open, Beaver for any
 * bilinear op, truncation. Every kernel states its rounds and words per party in its javadoc.
 */
package org.consortia.mpc.protocols.arith;
