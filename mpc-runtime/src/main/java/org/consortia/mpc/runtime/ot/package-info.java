/**
 * Oblivious transfer for a dealer-free offline phase (in progress): Chou-Orlandi base OTs on Curve25519
 * ({@link org.consortia.mpc.runtime.ot.BaseOt}), IKNP OT extension with a fixed-key AES hash
 * ({@link org.consortia.mpc.runtime.ot.Iknp}), Gilboa products over Z_2^64 ({@link org.consortia.mpc.runtime.ot.Gilboa})
 * and Beaver triples for n parties from pairwise products ({@link org.consortia.mpc.runtime.ot.OtTriples}).
 */
package org.consortia.mpc.runtime.ot;
