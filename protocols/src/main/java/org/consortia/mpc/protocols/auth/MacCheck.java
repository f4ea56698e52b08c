package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.auth.Z128;
import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * The batched MAC check of every value opened since the last one (SPDZ2k): the parties toss a coin for random 64-bit
 * coefficients chi (each commits to a seed, then opens it; the seed is their XOR), every party forms y = sum chi_j y_j
 * of the opened values it saw and z_i = sum chi_j m_ij - alpha_i y from its MAC shares, commits to z_i and opens it;
 * the check passes at a party when the z of all parties sum to 0 in Z_2^128. Then every party sends every other its
 * verdict, and a party accepts only if every verdict is a pass: one honest party's failure (it saw a forged opening,
 * a commitment that does not open, a sum that is not 0) aborts every honest party in the same check. A forged value
 * (an error in its low 64 bits) passes with probability about 2^-58 (2^-(s - log2 s), s = 64).
 *
 * <p>Cost: 5 rounds; each party sends each peer 4 + 4 + 4 + 4 + 1 = 17 words, whatever the number of values checked.
 */
public final class MacCheck {
    /** Rounds of one check. */
    public static final int ROUNDS = 5;
    /** Words one party sends each peer in one check. */
    public static final int WORDS_PER_PEER = 17;

    private MacCheck() {
    }

    /**
     * Checks every value opened since the last check; throws {@link CheckFailedException} naming {@code phase} at every
     * honest party when any party's check fails. Does nothing when nothing waits (every party's program opens the same
     * values, so all skip alike).
     */
    public static void run(AuthParty party, String phase) {
        if (party.pending().isEmpty()) {
            return;
        }
        if (party.dry()) { // a dry run's openings are the silent channel's zeros: nothing to check
            party.checked();
            return;
        }
        PartyChannel ch = party.channel();
        boolean ok = true;
        long[][] seeds = exchangeCommitted(ch, Commitment.random(2));
        long[] seed = new long[2];
        for (long[] s : seeds) {
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
        long[] sum = new long[2];
        for (long[] zi : exchangeCommitted(ch, z)) {
            if (zi == null) {
                ok = false;
            } else {
                Z128.addInto(sum, zi);
            }
        }
        ok &= sum[0] == 0 && sum[1] == 0;
        party.checked();
        if (!verdicts(ch, ok)) {
            throw new CheckFailedException(phase);
        }
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
