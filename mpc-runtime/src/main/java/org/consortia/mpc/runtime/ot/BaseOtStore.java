package org.consortia.mpc.runtime.ot;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A party's base OTs kept across sessions, one entry per peer and direction of OT extension (at most
 * 2 (parties - 1) entries, in memory only: a restart forgets them). The base OTs are the public-key part of OT
 * extension (a few hundred curve multiplications per pair and direction, the larger part of a small job's offline
 * time); IKNP may extend one set of them for ever, as long as no two extensions read the same PRG stream. So each
 * session's extension reads the kept keys' streams at a session number both sides derive from two fresh nonces
 * ({@link #sessionStream}): its rows are fresh, as
 * {@link AesHash} needs them.
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
     * The PRG stream a session's extension reads from every base OT key: a hash of both sides' nonces (the sender's
     * first), never 0 (the stream a store-less extension of old read) and the same on both sides.
     */
    static long sessionStream(long senderNonce, long receiverNonce) {
        try {
            MessageDigest h = MessageDigest.getInstance("SHA-256");
            h.update("consortia-mpc base OT session".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            h.update(ByteBuffer.allocate(16).putLong(senderNonce).putLong(receiverNonce).array());
            long s = ByteBuffer.wrap(h.digest()).getLong();
            return s == 0 ? 1 : s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BaseOtStore[" + size() + " entries]";
    }
}
