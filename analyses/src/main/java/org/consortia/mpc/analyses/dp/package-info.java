/**
 * Differential privacy inside the computation: binomial noise from coins every party contributes
 * ({@link org.consortia.mpc.analyses.dp.DpNoise}), the binomial mechanism's exact privacy
 * ({@link org.consortia.mpc.analyses.dp.BinomialMechanism}) and Rényi-DP accounting of the (sampled) Gaussian
 * mechanism ({@link org.consortia.mpc.analyses.dp.RdpAccountant}).
 */
package org.consortia.mpc.analyses.dp;
