package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * One party's share of an authenticated vector (SPDZ2k): shares of the values x and of their MACs alpha * x, both in
 * Z_2^128 ({@link Z128}, interleaved), where alpha is the global MAC key that no party knows (each holds a share).
 * Linear operations act on both halves; a public constant is added by party 0 to the values and by every party, times
 * its key share, to the MACs. {@code toString()} prints the size only.
 */
public record AuthShare(long[] value, long[] mac) {
    public AuthShare {
        if (value.length != mac.length || (value.length & 1) != 0) {
            throw new MpcArgumentException("authenticated share: " + value.length + " value and " + mac.length
                    + " MAC words");
        }
    }

    /** Elements. */
    public int size() {
        return value.length >>> 1;
    }

    public AuthShare add(AuthShare o) {
        return new AuthShare(Z128.add(value, o.value), Z128.add(mac, o.mac));
    }

    public AuthShare sub(AuthShare o) {
        return new AuthShare(Z128.sub(value, o.value), Z128.sub(mac, o.mac));
    }

    /** Times a public signed 64-bit constant. */
    public AuthShare scale(long k) {
        return new AuthShare(Z128.scale(value, k), Z128.scale(mac, k));
    }

    /** Times 2^bits. */
    public AuthShare shiftLeft(int bits) {
        return new AuthShare(Z128.shiftLeft(value, bits), Z128.shiftLeft(mac, bits));
    }

    /**
     * Plus the public Z_2^128 vector {@code c}: party 0 adds it to its values, every party adds its key share times c
     * to its MACs.
     */
    public AuthShare addPublic(long[] c, int party, MacKeyShare key) {
        long[] v = party == 0 ? Z128.add(value, c) : value.clone();
        return new AuthShare(v, Z128.add(mac, key.times(c)));
    }

    @Override
    public String toString() {
        return "AuthShare[" + size() + " elements]";
    }
}
