package org.consortia.mpc.runtime.transport;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * All nodes of a consortium in one JVM: {@link #endpoint(int)} is node i's {@link Transport}, and a send is
 * a direct hand-over into the receiver's router (the sender's array is not copied again; the session layer
 * already copies on send). Used by the local cluster and by tests; byte counts are those the Netty
 * transport would put on the wire.
 */
public final class InMemoryNetwork implements AutoCloseable {
    private final Endpoint[] endpoints;

    public InMemoryNetwork(int nodes) {
        endpoints = new Endpoint[nodes];
        for (int i = 0; i < nodes; i++) {
            endpoints[i] = new Endpoint(i, new FrameRouter(nodes));
        }
    }

    public Transport endpoint(int node) {
        return endpoints[node];
    }

    public int nodes() {
        return endpoints.length;
    }

    @Override
    public void close() {
        for (Endpoint e : endpoints) {
            e.close();
        }
    }

    private final class Endpoint implements Transport {
        private final int self;
        private final FrameRouter router;
        private final AtomicBoolean closed = new AtomicBoolean();

        Endpoint(int self, FrameRouter router) {
            this.self = self;
            this.router = router;
        }

        @Override
        public int self() {
            return self;
        }

        @Override
        public void send(int to, Frame frame) {
            if (closed.get()) {
                throw new IllegalStateException("node " + self + " is closed");
            }
            Endpoint peer = endpoints[to];
            if (peer.closed.get()) {
                router.nodeFailed(to, "node " + to + " is closed");
                return;
            }
            peer.router.deliver(frame);
        }

        @Override
        public FrameRouter router() {
            return router;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                for (Endpoint e : endpoints) {
                    if (e != this) {
                        e.router.nodeFailed(self, "node " + self + " closed");
                    }
                }
            }
        }
    }
}
