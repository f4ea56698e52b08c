/**
 * Differential privacy inside the computation: binomial noise from coins every party contributes
 * ({@link org.consortia.mpc.protocols.dp.DpNoise}), the binomial mechanism's exact privacy
 * ({@link org.consortia.mpc.protocols.dp.BinomialMechanism}) and Rényi-DP accounting of the (sampled) Gaussian
 * mechanism ({@link org.consortia.mpc.protocols.dp.RdpAccountant}).
 */
package org.consortia.mpc.protocols.dp;
