/**
 * The protocols' in-memory multi-party simulator, published in this module's test jar so that the modules above
 * ({@code inference}, the analyses) test their kernels without the runtime: {@link MemoryParties} (one queue per ordered
 * pair of parties, rounds and words counted) and {@link Simulation} (semi-honest parties on the dealer's correlated
 * randomness, made when asked).
 */
package org.consortia.mpc.protocols.sim;
