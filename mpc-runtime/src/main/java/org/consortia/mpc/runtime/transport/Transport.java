package org.consortia.mpc.runtime.transport;

/**
 * Moves frames between the nodes of a consortium (parties 0..n-1 and the dealer). Incoming frames go to the
 * {@link FrameRouter} the transport was built with; the transport never blocks protocol threads on I/O
 * beyond backpressure. Implementations: {@link InMemoryNetwork} (one JVM) and the Netty TLS transport.
 */
public interface Transport extends AutoCloseable {
    /** This node's id. */
    int self();

    /** Sends {@code frame} to node {@code to}. The frame's payload must not be modified afterwards. */
    void send(int to, Frame frame);

    /**
     * Sends {@code frame} if a connection to {@code to} is up, without waiting for one; returns whether it was
     * handed to the connection. For control messages, which must never wait on a peer.
     */
    default boolean trySend(int to, Frame frame) {
        send(to, frame);
        return true;
    }

    /** The largest payload of one frame, in words; larger messages are sent in parts ({@link FrameKind#PART}). */
    default int maxPayloadWords() {
        return Integer.MAX_VALUE - 16;
    }

    /** Whether node {@code node} is connected now (always true in memory). */
    /** The measured round trip to {@code node} in nanoseconds, or -1 where this transport does not measure it. */
    default long rttNanos(int node) {
        return -1;
    }

    default boolean connected(int node) {
        return true;
    }

    /** The router that receives this node's incoming frames. */
    FrameRouter router();

    @Override
    void close();
}
