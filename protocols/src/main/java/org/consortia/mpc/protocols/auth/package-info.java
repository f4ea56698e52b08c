/**
 * Malicious security with abort (SPDZ2k over Z_2^128 with an honest dealer): authenticated input, linear operations,
 * products and matrix products by Beaver's method on MAC'd triples, and results revealed only after a batched MAC
 * check ({@link org.consortia.mpc.protocols.auth.MacCheck}: random linear combination, commit-then-open, and a verdict
 * every party sends every other, so that one honest party's failed check aborts them all). A deviating party can make
 * the job abort ({@link org.consortia.mpc.protocols.auth.CheckFailedException}); it cannot change a result an honest
 * party accepts, except with probability about 2^-58 per check.
 */
package org.consortia.mpc.protocols.auth;
