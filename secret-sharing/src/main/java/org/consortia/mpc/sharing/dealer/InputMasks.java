package org.consortia.mpc.sharing.dealer;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * Masks for inputs that cost no messages, from the pairwise seeds the parties agree at session start.
 * For an input of {@code len} values by {@code owner}, party j != owner takes {@code m_j} = the next words
 * of the stream it shares with the owner, and the owner takes {@code -(sum of those streams)}; each party's
 * share of the input is its mask (plus the values, at the owner). The masks depend on no data, so a party
 * computes them in the offline phase, in program order.
 */
public final class InputMasks {
    private final int self;
    private final AesPrg[] streams;

    /** @param pairSeeds the seed shared with each peer ({@code pairSeeds[self]} is ignored) */
    public InputMasks(int self, Seed[] pairSeeds) {
        MpcArgumentException.checkParty(self, pairSeeds.length, "party");
        this.self = self;
        this.streams = new AesPrg[pairSeeds.length];
        for (int p = 0; p < pairSeeds.length; p++) {
            if (p != self) {
                streams[p] = new AesPrg(pairSeeds[p], 0L);
            }
        }
    }

    /** This party's mask for the next input. */
    public long[] next(int owner, int len) {
        MpcArgumentException.checkParty(owner, streams.length, "input owner");
        if (self != owner) {
            return streams[owner].next(len);
        }
        long[] mask = new long[len];
        long[] s = new long[len];
        for (int p = 0; p < streams.length; p++) {
            if (p != owner) {
                streams[p].fill(s);
                for (int j = 0; j < len; j++) {
                    mask[j] -= s[j];
                }
            }
        }
        return mask;
    }

    @Override
    public String toString() {
        return "InputMasks[party=" + self + "]";
    }
}
