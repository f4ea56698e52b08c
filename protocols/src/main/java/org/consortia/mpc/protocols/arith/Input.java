package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Secret input from one owner at no communication cost (0 rounds, 0 words). Every party's share is its
 * preprocessed input mask ({@link org.consortia.mpc.sharing.dealer.InputMasks}: the masks of all parties sum to
 * zero), and the owner adds the values to its own. Online cost: one addition at the owner.
 */
public final class Input {
    private Input() {
    }

    /**
     * @param valuesAtOwner the ring values, read only on the owner (may be {@code null} elsewhere)
     */
    public static long[] input(PartyContext ctx, int owner, long[] valuesAtOwner, int len) {
        MpcArgumentException.checkParty(owner, ctx.parties(), "input owner");
        long[] share = ctx.inputMask(owner, len);
        if (share.length != len) {
            throw new MpcArgumentException("input: mask of " + share.length + " words for " + len + " values");
        }
        if (ctx.self() != owner) {
            return share;
        }
        if (valuesAtOwner == null || valuesAtOwner.length != len) {
            throw new MpcArgumentException("input: owner " + owner + " must supply " + len + " values, got "
                    + (valuesAtOwner == null ? "none" : valuesAtOwner.length));
        }
        for (int j = 0; j < len; j++) {
            share[j] += valuesAtOwner[j];
        }
        return share;
    }
}
