package org.consortia.mpc.sharing;

import org.consortia.mpc.sharing.prg.AesPrg;

/**
 * Additive n-out-of-n sharing in Z_2^64: x = x_0 + ... + x_{n-1}. Any n-1 shares are uniformly random and
 * independent of x. Zero-sharings from pairwise seeds let a party input a value with no message at all
 * (see the protocols' input kernel).
 */
public final class AdditiveSharing {
    private AdditiveSharing() {
    }

    /** Splits {@code secret} into {@code n} shares; shares 1..n-1 come from {@code prg}. */
    public static long[][] share(long[] secret, int n, AesPrg prg) {
        if (n < 1) {
            throw new MpcArgumentException("parties = " + n + " must be >= 1");
        }
        long[][] shares = new long[n][];
        long[] first = secret.clone();
        for (int i = 1; i < n; i++) {
            shares[i] = prg.next(secret.length);
            long[] s = shares[i];
            for (int j = 0; j < first.length; j++) {
                first[j] -= s[j];
            }
        }
        shares[0] = first;
        return shares;
    }

    /** Sums the shares back into the secret. */
    public static long[] reconstruct(long[][] shares) {
        long[] out = shares[0].clone();
        for (int i = 1; i < shares.length; i++) {
            if (shares[i].length != out.length) {
                throw new MpcArgumentException("reconstruct: share " + i + " has " + shares[i].length
                        + " elements, share 0 has " + out.length);
            }
            long[] s = shares[i];
            for (int j = 0; j < out.length; j++) {
                out[j] += s[j];
            }
        }
        return out;
    }

    /** XOR-reconstructs boolean shares. */
    public static long[] reconstructXor(long[][] shares) {
        long[] out = shares[0].clone();
        for (int i = 1; i < shares.length; i++) {
            long[] s = shares[i];
            for (int j = 0; j < out.length; j++) {
                out[j] ^= s[j];
            }
        }
        return out;
    }
}
