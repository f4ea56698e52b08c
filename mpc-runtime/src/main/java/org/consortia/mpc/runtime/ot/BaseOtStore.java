package org.consortia.mpc.runtime.ot;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A party's base OTs kept across sessions, one entry per peer and direction of OT extension (at most
 * 2 (parties - 1) entries, in memory only: a restart forgets them). The base OTs are the public-key part of OT
 * extension (a few hundred curve multiplications per pair and direction, the larger part of a small job's offline
 * time); OT extension may extend one set of them for ever, as long as no two extensions read the same PRG stream. So
 * each session's extension pads its tree sums with a pseudorandom function of each kept key and the session's two fresh
 * nonces ({@link #sessionKey}) and grows fresh trees: its rows are fresh, as {@link AesHash} needs them.
 *
 * <p>Both sides must hold the same entry: at a session's start the extension's sender names the entry it holds (its
 * id, or 0) and the receiver answers whether it holds that one too. Any disagreement (a peer restarted, a session
 * failed between the two sides' storing, a new member at that index) runs fresh base OTs, which both sides then keep
 * under an id derived from that session's nonces: a failed job needs no recovery step, the next session heals it.
 * A store never leaves its node and {@code toString()} prints no key.
 */
public final class BaseOtStore {
    /** The extension sender's side: its secret s (two words) and the base OT key its bit of s chose, per base OT. */
    record Chosen(long id, long s0, long s1, byte[][] keys) {
        @Override
        public String toString() {
            return "Chosen[id=" + Long.toHexString(id) + "]";
        }
    }

    /** The extension receiver's side: both keys of every base OT. */
    record Pairs(long id, byte[][][] keys) {
        @Override
        public String toString() {
            return "Pairs[id=" + Long.toHexString(id) + "]";
        }
    }

    private final ConcurrentHashMap<Integer, Chosen> chosen = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Pairs> pairs = new ConcurrentHashMap<>();

    /** The entry where this party sends the extension to {@code peer}, or null. */
    Chosen chosen(int peer) {
        return chosen.get(peer);
    }

    void keep(int peer, Chosen c) {
        chosen.put(peer, c);
    }

    /** The entry where this party receives the extension from {@code peer}, or null. */
    Pairs pairs(int peer) {
        return pairs.get(peer);
    }

    void keep(int peer, Pairs p) {
        pairs.put(peer, p);
    }

    /** Forgets every entry (the next session with each peer runs fresh base OTs). */
    public void clear() {
        chosen.clear();
        pairs.clear();
    }

    /** Entries held (at most two per peer). */
    public int size() {
        return chosen.size() + pairs.size();
    }

    /**
     * The id both sides keep fresh base OTs under: a hash of the session's nonces (the sender's first), never 0 (which
     * names no kept set). Two sets under one id by accident (2^-64) would give wrong products, not leak anything.
     */
    static long id(long senderNonce, long receiverNonce) {
        try {
            MessageDigest h = MessageDigest.getInstance("SHA-256");
            h.update("consortia-mpc base OT id".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            h.update(ByteBuffer.allocate(16).putLong(senderNonce).putLong(receiverNonce).array());
            long s = ByteBuffer.wrap(h.digest()).getLong();
            return s == 0 ? 1 : s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A session's key from one base OT key: AES under the key of the 128-bit block (sender's nonce, receiver's
     * nonce), a pseudorandom function of the pair. Two sessions read the same stream only if both nonces repeat; the
     * sender's is fresh and its own, so even a receiver that chose its nonce to repeat an earlier session's would need
     * the sender's to repeat too (2^-64 per session), where a 64-bit stream number derived from both was open to a
     * birthday collision over the sessions of a pair.
     */
    static byte[] sessionKey(byte[] key, long senderNonce, long receiverNonce) {
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return aes.doFinal(ByteBuffer.allocate(16).putLong(senderNonce).putLong(receiverNonce).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BaseOtStore[" + size() + " entries]";
    }
}
