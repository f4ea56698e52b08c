package org.consortia.mpc.runtime.offline;

import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Where a party's correlated randomness comes from, item by item in the demand's order: the dealer (seed and
 * corrections, the default) or the parties themselves (oblivious transfer: {@code runtime.offline.OtMaterial}).
 */
@FunctionalInterface
public interface MaterialSource {
    /** Called once before the first item, on the thread that makes them (a protocol's setup: base OTs, say). */
    default void start() throws Exception {
    }

    /** This party's share of item {@code index} of the demand. */
    Material make(Request request, long index) throws Exception;
}
