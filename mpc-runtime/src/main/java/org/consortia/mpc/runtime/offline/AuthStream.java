package org.consortia.mpc.runtime.offline;

import org.consortia.mpc.protocols.auth.AuthSource;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.auth.AuthDerivation;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.MacKeyShare;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * A party's authenticated correlated randomness in malicious mode, derived from its dealer seed in program order by a
 * background preparer within a budget of words and handed out in program order ({@link PreparedQueue}, as
 * {@link StreamingSource} does in semi-honest mode): party 0 receives each item's corrections from the dealer as the
 * preparer reaches it, a mask's owner its clear values; each grants the dealer CREDIT as it takes them. A request other
 * than the next declared item is an error naming the item.
 */
public final class AuthStream implements AuthSource, AutoCloseable {
    private final AuthDemand demand;
    private final MacKeyShare key;
    private final PreparedQueue<AuthMaterial> prepared;
    private long nextIndex;

    AuthStream(SessionChannel ch, AuthDemand demand, Seed seed, long budgetWords, long waitNanos) {
        this.demand = demand;
        this.key = AuthDerivation.key(seed);
        this.prepared = new PreparedQueue<>(demand.size(), budgetWords, budgetWords, waitNanos, AuthMaterial::words,
                AuthMaterial::request);
        prepared.start("auth-preparer-" + Long.toHexString(ch.sessionId()) + "-" + ch.self(), () -> prepare(ch, seed));
    }

    private void prepare(SessionChannel ch, Seed seed) throws InterruptedException {
        int self = ch.self();
        DealerCredits.Taken taken = new DealerCredits.Taken(ch);
        long index = 0;
        for (AuthRequest r : demand.items()) {
            long[] correction = self == 0 ? Preprocessing.receiveFromDealer(ch, r, r.correctionWords(), true) : null;
            long clearWords = r.clearWords(self);
            long[] clear = clearWords > 0 ? Preprocessing.receiveFromDealer(ch, r, clearWords, false) : null;
            taken.add((correction == null ? 0 : correction.length) + clearWords);
            prepared.put(AuthDerivation.derive(self, seed, index++, r, correction, clear));
        }
    }

    /** Waits until the first window of material is prepared (all of it, for a job within the budget). */
    public void awaitWindow() throws InterruptedException {
        prepared.awaitWindow();
    }

    @Override
    public MacKeyShare key() {
        return key;
    }

    @Override
    public AuthMaterial next(AuthRequest request) {
        return prepared.take(nextIndex++, request);
    }

    /** Stops the preparer (the session is over) and waits a moment for it to end. */
    @Override
    public void close() {
        prepared.close();
    }

    @Override
    public String toString() {
        return "AuthStream[" + demand.size() + " items, " + prepared.size() + " prepared]";
    }
}
