package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.consortia.mpc.protocols.sim.MemoryParties;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MAC check's coin: the session's first check commits to the seeds in a round of its own (5 rounds, 21 words to
 * each peer), every later one opens the seeds committed in the check before together with the next commitments (4
 * rounds, 17 words); a party that opens another seed than it committed to (to every peer alike, and using it itself,
 * so that only the commitment can tell) makes every honest party abort with CHECK_FAILED, in the first check and in
 * later ones.
 */
class MacCheckTest {
    /**
     * An input of 3 elements opened and checked, three times: each check's rounds and words to each peer into
     * {@code rounds[k]} and {@code words[k]}; returns the rounds.
     */
    private static long[] checks(CountingChannel ch, LocalAuthDealer dealer, Tamper tamper, long[] rounds,
            long[] words) {
        AuthParty party = new AuthParty(ch, dealer.source(ch.self()), tamper);
        for (int k = 0; k < 3; k++) {
            AuthShare x = AuthInput.input(party, 0, ch.self() == 0 ? new long[] {k, 2 * k, -k} : null, 3);
            AuthOpen.open(party, x);
            long r0 = ch.rounds;
            long w0 = ch.words;
            MacCheck.run(party, "test");
            rounds[k] = ch.rounds - r0;
            words[k] = (ch.words - w0) / (ch.parties() - 1);
        }
        return rounds;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theFirstCheckCommitsInARoundOfItsOwnAndLaterOnesDoNot(int parties) {
        LocalAuthDealer dealer = new LocalAuthDealer(parties);
        long[][] rounds = new long[parties][3];
        long[][] words = new long[parties][3];
        var out = MemoryParties.run(parties, ch -> checks(new CountingChannel(ch), dealer, Tamper.NONE, rounds[ch.self()],
                words[ch.self()]));
        for (int i = 0; i < parties; i++) {
            assertNull(out[i].failure(), "party " + i + ": " + out[i].failure());
            assertEquals(MacCheck.ROUNDS + 1, rounds[i][0], "the first check's rounds at party " + i);
            assertEquals(MacCheck.ROUNDS, rounds[i][1], "a later check's rounds at party " + i);
            assertEquals(MacCheck.ROUNDS, rounds[i][2], "a later check's rounds at party " + i);
            assertEquals(MacCheck.WORDS_PER_PEER + Commitment.WORDS, words[i][0], "the first check's words at party " + i);
            assertEquals(MacCheck.WORDS_PER_PEER, words[i][1], "a later check's words at party " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aSeedThatDoesNotOpenItsCommitmentIsCaught(int check) {
        int parties = 3;
        int cheater = 1;
        LocalAuthDealer dealer = new LocalAuthDealer(parties);
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        Tamper otherSeed = (point, peer, w) -> {
            if (point != Tamper.Point.COIN || seen.getAndIncrement() != check) {
                return w;
            }
            long[] out = w.clone();
            out[2] ^= 1; // the seed's first word (the nonce comes first)
            return out;
        };
        var out = MemoryParties.run(parties, ch -> checks(new CountingChannel(ch), dealer,
                ch.self() == cheater ? otherSeed : Tamper.NONE, new long[3], new long[3]));
        for (int i = 0; i < parties; i++) {
            if (i != cheater) {
                assertInstanceOf(CheckFailedException.class, out[i].failure(), "check " + check + ", party " + i);
            }
        }
    }
}
