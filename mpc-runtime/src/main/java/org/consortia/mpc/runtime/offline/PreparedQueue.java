package org.consortia.mpc.runtime.offline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.consortia.mpc.sharing.MpcException;

/**
 * Correlated randomness prepared ahead within a budget of words, by one background preparer, and handed out in order:
 * what {@link StreamingSource} (semi-honest items) and {@link AuthStream} (authenticated items) share. The preparer
 * waits while the budget is full; the first window is ready once {@code windowWords} are prepared, the budget is
 * full, or the preparer ends. A failed preparer is noticed at the next take (within 10 ms of waiting).
 *
 * @param <M> an item of material
 */
final class PreparedQueue<M> implements AutoCloseable {
    /** The preparer's work: puts every item in order. */
    @FunctionalInterface
    interface Preparer {
        void run() throws Exception;
    }

    private final LinkedBlockingQueue<M> queue = new LinkedBlockingQueue<>();
    private final Semaphore budget;
    private final int budgetPermits;
    private final long windowWords;
    private final CountDownLatch window = new CountDownLatch(1);
    private final long waitNanos;
    private final ToLongFunction<M> words;
    private final java.util.function.Function<M, Object> requestOf;
    private final long declared;
    private volatile Throwable failure;
    private long prepared;
    private Thread thread;

    /**
     * @param declared  items in the demand
     * @param words     an item's words (what the budget counts)
     * @param requestOf the request an item answers
     */
    PreparedQueue(long declared, long budgetWords, long windowWords, long waitNanos, ToLongFunction<M> words,
            java.util.function.Function<M, Object> requestOf) {
        this.declared = declared;
        this.requestOf = requestOf;
        this.budgetPermits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetWords));
        this.budget = new Semaphore(budgetPermits);
        this.windowWords = windowWords;
        this.waitNanos = waitNanos;
        this.words = words;
    }

    /** Starts the preparer on a virtual thread named {@code name}. */
    void start(String name, Preparer preparer) {
        thread = Thread.ofVirtual().name(name).start(() -> {
            try {
                preparer.run();
            } catch (InterruptedException e) {
                failure = new MpcException("preparing correlated randomness was interrupted");
            } catch (Throwable e) {
                failure = e;
            } finally {
                window.countDown();
            }
        });
    }

    /** Preparer side: queues {@code m}, waiting while the budget is full (the first window is ready then). */
    void put(M m) throws InterruptedException {
        int permits = permits(m);
        if (!budget.tryAcquire(permits)) {
            window.countDown(); // the first window is ready; the rest follows as the online phase uses it
            budget.acquire(permits);
        }
        queue.put(m);
        if ((prepared += permits) >= windowWords) {
            window.countDown();
        }
    }

    /** Waits until the first window of material is prepared (all of it, for a job within the budget). */
    void awaitWindow() throws InterruptedException {
        if (!window.await(waitNanos, TimeUnit.NANOSECONDS)) {
            throw new StreamingSource.NotReady("no correlated randomness within "
                    + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
        }
        rethrow();
    }

    /**
     * Item {@code index} of the demand, which must answer {@code request}: an error naming the item when the demand has
     * no such item, when the prepared item answers another request, or when it does not come in time.
     */
    M take(long index, Object request) {
        if (index >= declared) {
            throw new MpcException("correlated randomness exhausted: item " + index + " (" + request
                    + ") was not in the declared demand");
        }
        M m;
        try { // in short slices, so that a failed preparer is noticed at once
            long deadline = System.nanoTime() + waitNanos;
            m = queue.poll();
            while (m == null && failure == null && System.nanoTime() < deadline) {
                m = queue.poll(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpcException("interrupted while waiting for correlated randomness", e);
        }
        if (m == null) {
            rethrow();
            throw new StreamingSource.NotReady("correlated randomness item " + index + " did not arrive within "
                    + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
        }
        budget.release(permits(m));
        if (!requestOf.apply(m).equals(request)) {
            throw new MpcException("correlated randomness out of step at item " + index + ": declared "
                    + requestOf.apply(m) + ", requested " + request);
        }
        return m;
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new MpcException("preparing correlated randomness failed: " + t.getMessage(), t);
        }
    }

    /** An item's words, as budget permits (an item larger than the budget takes all of it). */
    private int permits(M m) {
        return (int) Math.min(budgetPermits, Math.max(1, words.applyAsLong(m)));
    }

    int size() {
        return queue.size();
    }

    /** Stops the preparer (the session is over), waits a moment for it to end, and drops what it prepared. */
    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }

    @Override
    public String toString() {
        return "PreparedQueue[" + queue.size() + " prepared]";
    }
}
