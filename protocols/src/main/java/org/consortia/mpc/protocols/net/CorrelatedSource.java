package org.consortia.mpc.protocols.net;

import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Where a party's correlated randomness comes from during the online phase. Items are taken in program
 * order; an implementation that was preprocessed from a declared demand checks that each request matches
 * the declared item.
 */
public interface CorrelatedSource {
    Material next(Request request);

    /**
     * This party's mask for the next secret input ({@code len} values from {@code owner}): its share is the
     * mask, plus the values at the owner. Masks come from pairwise seeds and cost no messages.
     */
    long[] inputMask(int owner, int len);
}
