package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Secret input from one owner at no communication cost (0 rounds, 0 words): every other party j takes its
 * share from the PRG stream it shares with the owner, and the owner keeps x minus the sum of those streams.
 * Both ends of a pairwise stream consume it in program order, so they stay in step.
 */
public final class Input {
    private Input() {
    }

    /**
     * @param valuesAtOwner the ring values, read only on the owner (may be {@code null} elsewhere)
     */
    public static long[] input(PartyContext ctx, int owner, long[] valuesAtOwner, int len) {
        MpcArgumentException.checkParty(owner, ctx.parties(), "input owner");
        if (ctx.self() != owner) {
            return ctx.pairStream(owner).next(len);
        }
        if (valuesAtOwner == null || valuesAtOwner.length != len) {
            throw new MpcArgumentException("input: owner " + owner + " must supply " + len + " values, got "
                    + (valuesAtOwner == null ? "none" : valuesAtOwner.length));
        }
        long[] share = valuesAtOwner.clone();
        long[] mask = new long[len];
        for (int p = 0; p < ctx.parties(); p++) {
            if (p != owner) {
                ctx.pairStream(p).fill(mask);
                for (int j = 0; j < len; j++) {
                    share[j] -= mask[j];
                }
            }
        }
        return share;
    }
}
