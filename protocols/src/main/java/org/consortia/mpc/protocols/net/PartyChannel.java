package org.consortia.mpc.protocols.net;

/**
 * What a protocol sees of the network: point-to-point messages of {@code long} words between the parties
 * of one session. Implementations frame, count and route; protocol code stays straight-line and blocking.
 *
 * <p>Ownership (zero-copy for the in-memory transport): {@link #send} takes the array over, and the caller
 * must not modify it afterwards; the same array may be sent to several peers. An array returned by
 * {@link #receive} is read-only for the caller, since other receivers of the same broadcast may hold it too.
 */
public interface PartyChannel {
    /** This party's index, 0..parties-1. */
    int self();

    int parties();

    /** Queues {@code words} for {@code peer} (taking the array over); does not wait for delivery. */
    void send(int peer, long[] words);

    /**
     * Blocks until the next message from {@code peer} in this session arrives, up to the configured round
     * timeout. Throws {@link PeerException} naming the peer and the current phase on timeout, on a message of
     * the wrong length, or when the peer has failed.
     */
    long[] receive(int peer, int expectedWords);

    /**
     * Opens an accounting scope: bytes and rounds until {@link Scope#close()} are attributed to {@code name}
     * (nested scopes count towards the outermost one).
     */
    default Scope operation(String name) {
        return () -> { };
    }

    /** An accounting scope. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
