package org.consortia.mpc.runtime.session;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.protocols.auth.AuthSource;
import org.consortia.mpc.sharing.MpcException;
import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.auth.AuthDerivation;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.MacKeyShare;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * A party's authenticated correlated randomness in malicious mode, derived from its dealer seed in program order by a
 * background preparer within a budget of words and handed out in program order, as {@link StreamingSource} does in
 * semi-honest mode: party 0 receives each item's corrections from the dealer as the preparer reaches it, a mask's owner
 * its clear values; each grants the dealer CREDIT as it takes them. A request other than the next declared item is an
 * error naming the item.
 */
final class AuthStream implements AuthSource, AutoCloseable {
    private final AuthDemand demand;
    private final MacKeyShare key;
    private final LinkedBlockingQueue<AuthMaterial> queue = new LinkedBlockingQueue<>();
    private final Semaphore budget;
    private final int budgetPermits;
    private final CountDownLatch window = new CountDownLatch(1);
    private final long waitNanos;
    private final Thread preparer;
    private volatile Throwable failure;
    private long nextIndex;

    AuthStream(SessionChannel ch, AuthDemand demand, Seed seed, long budgetWords, long waitNanos) {
        this.demand = demand;
        this.key = AuthDerivation.key(seed);
        this.budgetPermits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetWords));
        this.budget = new Semaphore(budgetPermits);
        this.waitNanos = waitNanos;
        this.preparer = Thread.ofVirtual().name("auth-preparer-" + Long.toHexString(ch.sessionId()) + "-" + ch.self())
                .start(() -> prepare(ch, seed));
    }

    private void prepare(SessionChannel ch, Seed seed) {
        int self = ch.self();
        DealerCredits.Taken taken = new DealerCredits.Taken(ch);
        long index = 0;
        try {
            for (AuthRequest r : demand.items()) {
                long[] correction = self == 0 ? Preprocessing.receiveFromDealer(ch, r, r.correctionWords(), true) : null;
                long clearWords = r.clearWords(self);
                long[] clear = clearWords > 0 ? Preprocessing.receiveFromDealer(ch, r, clearWords, false) : null;
                taken.add((correction == null ? 0 : correction.length) + clearWords);
                AuthMaterial m = AuthDerivation.derive(self, seed, index++, r, correction, clear);
                int permits = permits(m);
                if (!budget.tryAcquire(permits)) {
                    window.countDown(); // the first window is ready; the rest follows as the online phase uses it
                    budget.acquire(permits);
                }
                queue.put(m);
            }
        } catch (InterruptedException e) {
            failure = new MpcException("preparing authenticated correlated randomness was interrupted");
        } catch (Throwable e) {
            failure = e;
        } finally {
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

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new MpcException("preparing correlated randomness failed: " + t.getMessage(), t);
        }
    }

    @Override
    public MacKeyShare key() {
        return key;
    }

    @Override
    public AuthMaterial next(AuthRequest request) {
        long index = nextIndex++;
        if (index >= demand.size()) {
            throw new MpcException("correlated randomness exhausted: item " + index + " (" + request
                    + ") was not in the declared demand");
        }
        AuthMaterial m;
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
        if (!m.request().equals(request)) {
            throw new MpcException("correlated randomness out of step at item " + index + ": declared " + m.request()
                    + ", requested " + request);
        }
        return m;
    }

    private int permits(AuthMaterial m) {
        return (int) Math.min(budgetPermits, Math.max(1, m.words()));
    }

    /** Stops the preparer (the session is over) and waits a moment for it to end. */
    @Override
    public void close() {
        preparer.interrupt();
        try {
            preparer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
    }

    @Override
    public String toString() {
        return "AuthStream[" + demand.size() + " items, " + queue.size() + " prepared]";
    }
}
