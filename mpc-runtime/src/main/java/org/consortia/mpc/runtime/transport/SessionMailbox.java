package org.consortia.mpc.runtime.transport;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One session's incoming frames, one FIFO queue per sending node. The bytes queued from each sender are
 * counted: above the high-water mark the router pauses that sender, below half of it the sender resumes.
 */
public final class SessionMailbox {
    private final LinkedBlockingQueue<Frame>[] queues;
    private final AtomicReferenceArray<String> failures;
    private final AtomicLong[] bytes;
    private final boolean[] over;
    private final long highWater;
    private final FrameRouter router;

    @SuppressWarnings("unchecked")
    SessionMailbox(int nodes, long highWater, FrameRouter router) {
        queues = new LinkedBlockingQueue[nodes];
        failures = new AtomicReferenceArray<>(nodes);
        bytes = new AtomicLong[nodes];
        over = new boolean[nodes];
        this.highWater = highWater;
        this.router = router;
        for (int i = 0; i < nodes; i++) {
            queues[i] = new LinkedBlockingQueue<>();
            bytes[i] = new AtomicLong();
        }
    }

    /** Run (on the transport's thread) when a peer's ABORT arrives; {@code null}: nothing. Guarded by itself. */
    private Runnable onPeerAbort;
    private final Object abortHook = new Object();

    /**
     * What to run, on the transport's thread and without waiting, when a peer's ABORT frame arrives (the session's
     * owner interrupts its job thread, which may be busy in local work and would read the abort only later);
     * {@code null} removes it. Runs and removal exclude each other: once {@code onPeerAbort(null)} returns, the action
     * is not running and will not run.
     */
    public void onPeerAbort(Runnable action) {
        synchronized (abortHook) {
            this.onPeerAbort = action;
        }
    }

    void put(Frame frame) {
        int s = frame.sender();
        queues[s].add(frame);
        if (frame.kind() == FrameKind.ABORT) {
            synchronized (abortHook) {
                if (onPeerAbort != null) {
                    onPeerAbort.run();
                }
            }
        }
        if (bytes[s].addAndGet(frame.wireBytes()) > highWater) {
            synchronized (over) {
                if (!over[s] && bytes[s].get() > highWater) {
                    over[s] = true;
                    router.aboveHighWater(s);
                }
            }
        }
    }

    void fail(int node, String reason) {
        failures.compareAndSet(node, null, reason);
        Frame marker = new Frame(0, -1, FrameKind.ABORT, node, new long[0]);
        bytes[node].addAndGet(marker.wireBytes());
        queues[node].add(marker);
    }

    /** The next frame from {@code sender}, or {@code null} after {@code timeoutNanos}. */
    public Frame poll(int sender, long timeoutNanos) throws InterruptedException {
        Frame f = queues[sender].poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (f != null) {
            taken(sender, f.wireBytes());
        }
        return f;
    }

    private void taken(int sender, long n) {
        if (bytes[sender].addAndGet(-n) < highWater / 2) {
            synchronized (over) {
                if (over[sender] && bytes[sender].get() < highWater / 2) {
                    over[sender] = false;
                    router.belowLowWater(sender);
                }
            }
        }
    }

    /** The next frame from {@code sender} without taking it, or {@code null}. */
    public Frame peek(int sender) {
        return queues[sender].peek();
    }

    /** Drops everything queued (the session is over), resuming any sender it paused. */
    void drain() {
        for (int s = 0; s < queues.length; s++) {
            queues[s].clear();
            taken(s, bytes[s].get());
        }
    }

    /** A peer's ABORT queued from {@code sender} (anywhere in its queue, not taken), or {@code null}. */
    public Frame queuedAbort(int sender) {
        for (Frame f : queues[sender]) { // weakly consistent: safe beside the transport's adds
            if (f.kind() == FrameKind.ABORT && f.seq() >= 0) {
                return f;
            }
        }
        return null;
    }

    /** Bytes queued from {@code sender}. */
    public long queuedBytes(int sender) {
        return bytes[sender].get();
    }

    /** Why {@code node} failed, if the transport said so. */
    public String failure(int node) {
        return failures.get(node);
    }
}
