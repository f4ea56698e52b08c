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

    /** The router that receives this node's incoming frames. */
    FrameRouter router();

    @Override
    void close();
}
