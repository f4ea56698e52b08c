package org.consortia.mpc.runtime.ot;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A correlation-robust hash from fixed-key AES for semi-honest OT extension: H(i, x) = pi(x xor i) xor x xor i, pi
 * AES under a public key (the Matyas-Meyer-Oseas shape with the tweak folded into the input; sound when the rows x are
 * random, as with honest parties; against malicious ones Guo, Katz, Wang and Yu's tweakable construction,
 * pi(pi(x) xor i) xor pi(x), S&P 2020, is the one to use); one cipher call for a whole batch. Returns the low 64 bits
 * of each hash.
 */
final class AesHash {
    private static final byte[] KEY = "consortia-mpc-ot".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final Cipher aes;

    AesHash() {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available in this JVM", e);
        }
    }

    /**
     * The low 64 bits of H(first + k, x_k) for the 128-bit values x_k = (blocks[2k], blocks[2k + 1]) xor {@code mask}
     * (mask: two words, or zeros).
     */
    long[] hash(long[] blocks, long mask0, long mask1, long first) {
        int n = blocks.length / 2;
        long[] in = new long[2 * n];
        for (int k = 0; k < n; k++) {
            in[2 * k] = blocks[2 * k] ^ mask0 ^ (first + k);
            in[2 * k + 1] = blocks[2 * k + 1] ^ mask1;
        }
        byte[] out;
        try {
            out = aes.doFinal(Bits.bytes(in));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        long[] enc = Bits.longs(out, 0, 2 * n);
        long[] h = new long[n];
        for (int k = 0; k < n; k++) {
            h[k] = enc[2 * k] ^ in[2 * k];
        }
        return h;
    }
}
