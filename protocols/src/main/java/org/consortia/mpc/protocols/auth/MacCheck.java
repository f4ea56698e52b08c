package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.auth.Z128;
import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * The batched MAC check of every value opened since the last one (SPDZ2k): the parties toss a coin for random 64-bit
 * coefficients chi (each opens a seed it committed to before the values were opened; the seed is their XOR), every
 * party forms y = sum chi_j y_j of the opened values it saw and z_i = sum chi_j m_ij - alpha_i y from its MAC shares,
 * commits to z_i and opens it; the check passes at a party when the z of all parties sum to 0 in Z_2^128. Then every
 * party sends every other its verdict, and a party accepts only if every verdict is a pass: one honest party's
 * failure (it saw a forged opening, a commitment that does not open, a sum that is not 0) aborts every honest party in
 * the same check. A forged value (an error in its low 64 bits) passes with probability about 2^-58
 * (2^-(s - log2 s), s = 64).
 *
 * <p>Bits opened under binary MACs (a two-party FSS comparison's masked result, {@link AuthFssCompare#openBits}) are checked in
 * the same step: each party's check values of them (equal at both parties when no bit was forged; a forged bit makes
 * them differ by delta, which the forger does not know: it passes with probability 2^-64) go into a running hash,
 * whose first 128 bits each party commits to and opens together with z_i; the check passes only where all are equal.
 *
 * <p>The coin's seeds: a session's first check commits to them in a round of its own; every check then opens its
 * seed together with the commitment to the next check's ({@link AuthParty#coins}), so the seeds of a check are
 * fixed before the values it checks are opened, and hidden until they all were.
 *
 * <p>Cost: 4 rounds, 8 + 4 + 6 + 1 = 19 words to each peer, whatever the number of values checked; the session's
 * first check 5 rounds and 23 words.
 */
public final class MacCheck {
    /** Rounds of one check (the session's first: one more). */
    public static final int ROUNDS = 4;
    /** Words one party sends each peer in one check. */
    public static final int WORDS_PER_PEER = 19;

    private MacCheck() {
    }

    /**
     * Checks every value opened since the last check; throws {@link CheckFailedException} naming {@code phase} at every
     * honest party when any party's check fails. Does nothing when nothing waits (every party's program opens the same
     * values, so all skip alike).
     */
    public static void run(AuthParty party, String phase) {
        if (!party.anyPending()) {
            return;
        }
        if (party.dry()) { // a dry run's openings are the silent channel's zeros: nothing to check
            party.checked();
            return;
        }
        PartyChannel ch = party.channel();
        boolean ok = true;
        long[] seed = new long[2];
        for (long[] s : tossCoin(ch, party)) {
            if (s == null) {
                ok = false;
            } else {
                seed[0] ^= s[0];
                seed[1] ^= s[1];
            }
        }
        AesPrg chi = new AesPrg(Seed.fromWords(seed), 0);
        long[] y = new long[2];
        long[] m = new long[2];
        for (AuthParty.Opened o : party.pending()) {
            long[] c = chi.next(o.values().length >>> 1);
            Z128.addInto(y, Z128.dot(c, o.values()));
            Z128.addInto(m, Z128.dot(c, o.macs()));
        }
        long[] z = Z128.sub(m, party.key().times(y));
        long[] bits = party.bitCheckDigest();
        long[] sum = new long[2];
        for (long[] zi : exchangeCommitted(ch, new long[] {z[0], z[1], bits[0], bits[1]})) {
            if (zi == null) {
                ok = false;
            } else {
                Z128.addInto(sum, new long[] {zi[0], zi[1]});
                ok &= zi[2] == bits[0] && zi[3] == bits[1];
            }
        }
        ok &= sum[0] == 0 && sum[1] == 0;
        party.checked();
        if (!verdicts(ch, ok)) {
            throw new CheckFailedException(phase);
        }
    }

    /**
     * Every party's seed for this check (ours at our index, null where a peer's opening does not match its commitment):
     * each opens the seed it committed to (in the session's first check, in a round just before) together with a
     * commitment to its next check's seed, which it keeps.
     */
    private static long[][] tossCoin(PartyChannel ch, AuthParty party) {
        int n = ch.parties();
        int self = ch.self();
        AuthParty.Coins coins = party.coins();
        if (coins == null) { // the session's first check
            long[] opening = Commitment.opening(Commitment.random(2));
            AuthOpen.broadcast(ch, Commitment.of(opening));
            long[][] theirs = new long[n][];
            for (int p = 0; p < n; p++) {
                if (p != self) {
                    theirs[p] = ch.receive(p, Commitment.WORDS);
                }
            }
            coins = new AuthParty.Coins(opening, theirs);
        }
        long[] next = Commitment.opening(Commitment.random(2));
        long[] mine = party.tamper().apply(Tamper.Point.COIN, -1, coins.opening());
        long[] message = new long[mine.length + Commitment.WORDS];
        System.arraycopy(mine, 0, message, 0, mine.length);
        System.arraycopy(Commitment.of(next), 0, message, mine.length, Commitment.WORDS);
        AuthOpen.broadcast(ch, message);
        long[][] seeds = new long[n][];
        long[][] nextTheirs = new long[n][];
        for (int p = 0; p < n; p++) {
            if (p == self) {
                seeds[p] = java.util.Arrays.copyOfRange(mine, 2, mine.length);
                continue;
            }
            long[] m = ch.receive(p, message.length);
            seeds[p] = Commitment.verify(coins.theirs()[p], java.util.Arrays.copyOfRange(m, 0, mine.length));
            nextTheirs[p] = java.util.Arrays.copyOfRange(m, mine.length, m.length);
        }
        party.coins(new AuthParty.Coins(next, nextTheirs));
        return seeds;
    }

    /**
     * Commits to {@code payload}, exchanges commitments, then openings: every party's payload (ours at our index), or
     * null where a peer's opening does not match its commitment.
     */
    private static long[][] exchangeCommitted(PartyChannel ch, long[] payload) {
        int n = ch.parties();
        int self = ch.self();
        long[] opening = Commitment.opening(payload);
        AuthOpen.broadcast(ch, Commitment.of(opening));
        long[][] commitments = new long[n][];
        for (int p = 0; p < n; p++) {
            if (p != self) {
                commitments[p] = ch.receive(p, Commitment.WORDS);
            }
        }
        AuthOpen.broadcast(ch, opening);
        long[][] out = new long[n][];
        for (int p = 0; p < n; p++) {
            out[p] = p == self ? payload : Commitment.verify(commitments[p], ch.receive(p, opening.length));
        }
        return out;
    }

    /** Sends our verdict to every peer; true when ours and every peer's are passes. */
    private static boolean verdicts(PartyChannel ch, boolean ok) {
        AuthOpen.broadcast(ch, new long[] {ok ? 1 : 0});
        boolean all = ok;
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                all &= ch.receive(p, 1)[0] == 1;
            }
        }
        return all;
    }
}
