package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.MacKeyShare;

/** Where a party's authenticated correlated randomness comes from, taken in program order. */
public interface AuthSource {
    /** This party's share of the MAC key. */
    MacKeyShare key();

    /** The next item, which must answer {@code request}. */
    AuthMaterial next(AuthRequest request);
}
