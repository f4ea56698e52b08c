package org.consortia.mpc.runtime.transport;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One session's incoming frames, one FIFO queue per sending node. */
public final class SessionMailbox {
    private final LinkedBlockingQueue<Frame>[] queues;
    private final java.util.concurrent.atomic.AtomicReferenceArray<String> failures;

    @SuppressWarnings("unchecked")
    SessionMailbox(int nodes) {
        queues = new LinkedBlockingQueue[nodes];
        failures = new java.util.concurrent.atomic.AtomicReferenceArray<>(nodes);
        for (int i = 0; i < nodes; i++) {
            queues[i] = new LinkedBlockingQueue<>();
        }
    }

    void put(Frame frame) {
        queues[frame.sender()].add(frame);
    }

    void fail(int node, String reason) {
        failures.compareAndSet(node, null, reason);
        queues[node].add(new Frame(0, -1, FrameKind.ABORT, node, new long[0]));
    }

    /** The next frame from {@code sender}, or {@code null} after {@code timeoutNanos}. */
    public Frame poll(int sender, long timeoutNanos) throws InterruptedException {
        return queues[sender].poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Why {@code node} failed, if the transport said so. */
    public String failure(int node) {
        return failures.get(node);
    }
}
