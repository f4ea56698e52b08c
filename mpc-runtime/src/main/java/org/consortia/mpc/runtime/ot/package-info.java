/**
 * Oblivious transfer: Chou-Orlandi base OTs on Curve25519 ({@link org.consortia.mpc.runtime.ot.BaseOt}), kept per pair
 * across sessions ({@link org.consortia.mpc.runtime.ot.BaseOtStore}), SoftSpoken OT extension (k = 4, 32 bits
 * per transfer) with a fixed-key AES hash ({@link org.consortia.mpc.runtime.ot.SoftSpoken}), Gilboa products over Z_2^64 ({@link org.consortia.mpc.runtime.ot.Gilboa}),
 * Beaver triples and the other items for n parties from pairwise products ({@link org.consortia.mpc.runtime.ot.OtTriples})
 * and KKRT's OPRF for record linkage ({@link org.consortia.mpc.runtime.ot.Kkrt}). The session that makes a job's material
 * with them is {@code runtime.offline.OtSession}.
 */
package org.consortia.mpc.runtime.ot;
