/**
 * Protocols written once against {@link org.consortia.mpc.protocols.Backend}: the researcher-facing
 * {@link org.consortia.mpc.protocols.SecretTensor}, kernels in {@code arith}, the secure backend in {@code mpc}
 * and the plaintext reference in {@code plain}.
 */
package org.consortia.mpc.protocols;
