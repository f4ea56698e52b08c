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

    /** Element i times the public signed integer k[i] (values and MACs alike). */
    public AuthShare times(long[] k) {
        if (k.length != size()) {
            throw new MpcArgumentException("public product: " + size() + " elements and " + k.length + " factors");
        }
        long[] kk = Z128.fromSigned(k);
        return new AuthShare(Z128.mul(value, kk), Z128.mul(mac, kk));
    }

    /** Elements [from, to). */
    public AuthShare slice(int from, int to) {
        return new AuthShare(java.util.Arrays.copyOfRange(value, 2 * from, 2 * to),
                java.util.Arrays.copyOfRange(mac, 2 * from, 2 * to));
    }

    /** This share's elements, then {@code o}'s. */
    public AuthShare concat(AuthShare o) {
        long[] v = java.util.Arrays.copyOf(value, value.length + o.value.length);
        long[] m = java.util.Arrays.copyOf(mac, v.length);
        System.arraycopy(o.value, 0, v, value.length, o.value.length);
        System.arraycopy(o.mac, 0, m, mac.length, o.mac.length);
        return new AuthShare(v, m);
    }

    /** Element i of the result is element idx[i] of this share. */
    public AuthShare gather(int[] idx) {
        long[] v = new long[2 * idx.length];
        long[] m = new long[2 * idx.length];
        for (int i = 0; i < idx.length; i++) {
            int j = idx[i];
            v[2 * i] = value[2 * j];
            v[2 * i + 1] = value[2 * j + 1];
            m[2 * i] = mac[2 * j];
            m[2 * i + 1] = mac[2 * j + 1];
        }
        return new AuthShare(v, m);
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
