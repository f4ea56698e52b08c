/**
 * Authenticated shares for the malicious-security mode (SPDZ2k): arithmetic in Z_2^128 ({@link
 * org.consortia.mpc.sharing.auth.Z128}), shares that carry a share of an information-theoretic MAC under a global key
 * no party knows ({@link org.consortia.mpc.sharing.auth.AuthShare}), and the honest dealer's authenticated material
 * ({@link org.consortia.mpc.sharing.auth.AuthDealer}, derived by the parties from seeds as the semi-honest dealer's is).
 * Values live in the low 64 bits (k = 64); the high 64 bits (s = 64) make a forged MAC fail except with probability
 * about 2^-58 per check.
 */
package org.consortia.mpc.sharing.auth;
