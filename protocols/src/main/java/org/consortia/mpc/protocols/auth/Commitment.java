package org.consortia.mpc.protocols.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Hash commitments: SHA-256 of a random 128-bit nonce and the committed words (hiding by the nonce, binding by the
 * hash). A commitment is 4 words; its opening is the nonce (2 words) and the words.
 */
final class Commitment {
    static final int WORDS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Commitment() {
    }

    /** Fresh random words from {@link SecureRandom}. */
    static long[] random(int words) {
        long[] out = new long[words];
        for (int i = 0; i < words; i++) {
            out[i] = RANDOM.nextLong();
        }
        return out;
    }

    /** The opening: nonce then payload. */
    static long[] opening(long[] payload) {
        long[] out = new long[2 + payload.length];
        long[] nonce = random(2);
        out[0] = nonce[0];
        out[1] = nonce[1];
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }

    /** The commitment to an {@link #opening}. */
    static long[] of(long[] opening) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        byte[] b = new byte[8 * opening.length];
        for (int i = 0; i < opening.length; i++) {
            for (int j = 0; j < 8; j++) {
                b[8 * i + j] = (byte) (opening[i] >>> (8 * j));
            }
        }
        byte[] h = sha.digest(b);
        long[] out = new long[WORDS];
        for (int i = 0; i < 32; i++) {
            out[i >>> 3] |= (h[i] & 0xffL) << (8 * (i & 7));
        }
        return out;
    }

    /** The payload of a peer's opening if it matches its commitment, else null. */
    static long[] verify(long[] commitment, long[] opening) {
        return java.util.Arrays.equals(commitment, of(opening))
                ? java.util.Arrays.copyOfRange(opening, 2, opening.length) : null;
    }
}
