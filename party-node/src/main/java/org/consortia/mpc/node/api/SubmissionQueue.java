package org.consortia.mpc.node.api;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Where submitted jobs wait for the job API's submission workers (parsing, tracing, the node's own policy check and
 * the proposal run there, off the event loop and apart from the other requests' workers). The queue is bounded: while
 * {@code workers} submissions are being proposed and {@code maxWaiting} more wait, the next one is refused at once,
 * before any of it runs, so that nothing of it is recorded; the job API answers 503 with a Retry-After of
 * {@link #RETRY_AFTER_SECONDS}. Unbounded, a burst of submissions would wait in memory without limit.
 */
final class SubmissionQueue {
    /** The job API's submission workers. */
    static final int WORKERS = 4;
    /** The most submissions that wait for a worker in the job API. */
    static final int MAX_WAITING = 64;
    /** What a refused client is told to wait before it submits again (the Retry-After header), in seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final WorkerExecutor executor;
    private final int maxWaiting;
    private final int limit;
    private final AtomicInteger pending = new AtomicInteger();

    SubmissionQueue(Vertx vertx, int workers, int maxWaiting) {
        if (workers < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("workers " + workers + " and maxWaiting " + maxWaiting
                    + ": expected at least one worker and no negative bound");
        }
        this.executor = vertx.createSharedWorkerExecutor("mpc-submissions", workers);
        this.maxWaiting = maxWaiting;
        this.limit = workers + maxWaiting;
    }

    /** The most submissions that wait for a worker. */
    int maxWaiting() {
        return maxWaiting;
    }

    /**
     * Runs {@code work} on a submission worker, or returns {@code null} at once (and never runs it) when the workers
     * are busy and the most submissions already wait.
     */
    <T> Future<T> offer(Callable<T> work) {
        if (pending.incrementAndGet() > limit) {
            pending.decrementAndGet();
            return null;
        }
        return executor.executeBlocking(() -> {
            try {
                return work.call();
            } finally {
                pending.decrementAndGet();
            }
        }, false);
    }

    /** Submissions being proposed or waiting for a worker. */
    int pending() {
        return pending.get();
    }
}
