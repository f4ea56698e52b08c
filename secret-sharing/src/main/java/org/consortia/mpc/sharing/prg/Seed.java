package org.consortia.mpc.sharing.prg;

import java.security.SecureRandom;
import java.util.Arrays;

import org.consortia.mpc.sharing.MpcArgumentException;

/** A 128-bit PRG seed (an AES key). {@code toString()} never prints the key. */
public final class Seed {
    public static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private Seed(byte[] key) {
        this.key = key;
    }

    /** A fresh seed from {@link SecureRandom}. */
    public static Seed random() {
        byte[] k = new byte[BYTES];
        RANDOM.nextBytes(k);
        return new Seed(k);
    }

    public static Seed of(byte[] key) {
        if (key.length != BYTES) {
            throw new MpcArgumentException("seed must be " + BYTES + " bytes, got " + key.length);
        }
        return new Seed(key.clone());
    }

    /** Encodes the key as two little-endian words, for sending over a channel. */
    public long[] toWords() {
        long lo = 0;
        long hi = 0;
        for (int i = 7; i >= 0; i--) {
            lo = (lo << 8) | (key[i] & 0xff);
            hi = (hi << 8) | (key[8 + i] & 0xff);
        }
        return new long[] {lo, hi};
    }

    public static Seed fromWords(long[] words) {
        if (words.length != 2) {
            throw new MpcArgumentException("seed must be 2 words, got " + words.length);
        }
        byte[] k = new byte[BYTES];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (words[0] >>> (8 * i));
            k[8 + i] = (byte) (words[1] >>> (8 * i));
        }
        return new Seed(k);
    }

    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Seed s && Arrays.equals(key, s.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "Seed[redacted]";
    }
}
