/**
 * Pure mathematics of secret sharing, with no I/O: the ring Z_2^64 on {@code long[]} ({@code ring}),
 * the fixed-point codec ({@code fixed}), the AES-CTR PRG and additive sharing ({@code prg}), and the
 * correlated randomness a dealer derives from per-party seeds ({@code dealer}).
 */
package org.consortia.mpc.sharing;
