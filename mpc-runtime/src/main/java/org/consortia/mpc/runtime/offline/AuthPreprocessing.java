package org.consortia.mpc.runtime.offline;

import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.sharing.auth.AuthDealer;
import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * The offline phase in malicious mode, both ends. The dealer draws one seed per party, sends it with the demand's
 * digest, and streams each item's answer: party 0's corrections (its MAC shares and the shares a correlation fixes)
 * and, for an input or output mask, the mask in clear to its owner (a comparison key's shared words to both
 * parties), in frames, within each party's credit window. A
 * party checks the digest against its own demand and derives its items in an {@link AuthStream}. Inputs need no
 * pairwise seeds here: an input's mask is an authenticated item the dealer tells its owner.
 */
public final class AuthPreprocessing {
    private AuthPreprocessing() {
    }

    /** A party's offline phase: session start, dealer seed (checked against the demand), then its streaming source. */
    public static AuthStream party(SessionChannel ch, AuthDemand demand, long budgetWords) {
        Preprocessing.awaitPeersStarted(ch);
        Seed seed = Preprocessing.receiveDealerSeed(ch, demand.digest(), demand);
        ch.phase("offline: authenticated correlated randomness");
        long wait = ch.roundTimeout().toNanos() * Preprocessing.READY_TIMEOUT_ROUNDS;
        return new AuthStream(ch, demand, seed, budgetWords, wait);
    }

    /** The dealer's part: seeds, then every item's corrections and clear masks, within the parties' credit windows. */
    public static void dealer(SessionChannel ch, AuthDemand demand) {
        Seed[] seeds = Preprocessing.sendDealerSeeds(ch, demand.digest());
        AuthDealer dealer = new AuthDealer(seeds);
        ch.phase("offline: authenticated corrections");
        DealerCredits credits = new DealerCredits(ch);
        long index = 0;
        for (AuthRequest r : demand.items()) {
            if ((index & 63) == 0) {
                ch.checkNotAborted(); // a party that gave up stops the dealer too
            }
            for (int p = 0; p < seeds.length; p++) {
                credits.reserve(p, (p == 0 ? r.correctionWords() : 0) + r.clearWords(p));
            }
            AuthDealer.Answer answer = dealer.answer(r, index++);
            Preprocessing.sendToParty(ch, 0, answer.correction());
            for (int p = 0; p < seeds.length; p++) {
                if (r.clearWords(p) > 0) {
                    Preprocessing.sendToParty(ch, p, answer.clear(p));
                }
            }
        }
    }
}
