package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;

/**
 * Authenticated input: the dealer gives the owner a mask r in clear and every party its authenticated share of r;
 * the owner sends d = x - r mod 2^64 (uniform) to every peer and every party takes [r] + d. The value is its low 64
 * bits: x' = r + d agrees with x there, and its high 64 bits are r's (plus a carry), random, as the high bits of
 * every value in Z_2^128 may be (each opening masks them with a random mask's, each result is a low word, and
 * truncation and comparison read the low word), so the high half of d need not travel. An owner that sends different
 * d to different peers leaves MACs that match no value, which the next check of anything computed from the input
 * catches. Cost: 1 round, 1 word per element from the owner to each peer (2 when d was all 128 bits).
 */
public final class AuthInput {
    private AuthInput() {
    }

    /**
     * @param valuesAtOwner the 64-bit ring values, read on the owner only
     */
    public static AuthShare input(AuthParty party, int owner, long[] valuesAtOwner, int len) {
        return AuthRing.unpack(inputAnnounced(party, owner, valuesAtOwner, len).packed());
    }

    /**
     * An input in {@link AuthRing}'s packed layout (four words per element, made in one pass) with what a product by
     * it can use instead of opening it again: the index of its mask's item and the announced d = x - r (see
     * {@link AuthRequest.InputTriple}).
     */
    record Announced(long[] packed, long maskItem, long[] d) {
        @Override
        public String toString() { // shares never in a string
            return "AuthInput.Announced[" + d.length + " elements, mask item " + maskItem + "]";
        }
    }

    static Announced inputAnnounced(AuthParty party, int owner, long[] valuesAtOwner, int len) {
        MpcArgumentException.checkParty(owner, party.parties(), "input owner");
        long item = party.taken();
        AuthMaterial.Mask mask = party.take(new AuthRequest.Known(owner, len), AuthMaterial.Mask.class);
        long[] d = masked(party, owner, mask, valuesAtOwner, len);
        return new Announced(party.tamper().apply(Tamper.Point.INPUT, -1, share(party, mask, d)), item, d);
    }

    /** d = x - r mod 2^64: the owner computes and sends it, every other party receives it. */
    private static long[] masked(AuthParty party, int owner, AuthMaterial.Mask mask, long[] valuesAtOwner, int len) {
        PartyChannel ch = party.channel();
        if (ch.self() != owner) {
            return ch.receive(owner, len);
        }
        if (valuesAtOwner == null || valuesAtOwner.length != len) {
            throw new MpcArgumentException("input: owner " + owner + " must supply " + len + " values, got "
                    + (valuesAtOwner == null ? "none" : valuesAtOwner.length));
        }
        long[] r = mask.clear();
        long[] d = new long[len];
        for (int j = 0; j < len; j++) {
            d[j] = valuesAtOwner[j] - r[2 * j];
        }
        if (party.tamper() == Tamper.NONE) {
            AuthOpen.broadcast(ch, d.clone()); // the channel takes the array over
        } else { // a fault injector may send each peer another announcement
            for (int p = 0; p < ch.parties(); p++) {
                if (p != owner) {
                    ch.send(p, party.tamper().apply(Tamper.Point.ANNOUNCEMENT, p, d.clone()));
                }
            }
        }
        return d;
    }

    /**
     * [r] + d with d's high word 0, packed: element j's value share (d added at party 0) at 4 j and its MAC share,
     * MAC(r) + alpha_i d, at 4 j + 2.
     */
    private static long[] share(AuthParty party, AuthMaterial.Mask mask, long[] d) {
        if (party.dry()) { // demand discovery: the result's values never count
            return new long[4 * d.length];
        }
        long[] rv = mask.r().value();
        long[] rm = mask.r().mac();
        long p0 = party.self() == 0 ? 1 : 0;
        long kLo = party.key().lo();
        long kHi = party.key().hi();
        long[] out = new long[4 * d.length];
        for (int j = 0, i = 0, o = 0; j < d.length; j++, i += 2, o += 4) {
            long dj = d[j];
            long pl = p0 * dj;
            long lo = rv[i] + pl;
            out[o] = lo;
            out[o + 1] = rv[i + 1] + (Long.compareUnsigned(lo, pl) < 0 ? 1 : 0);
            long ml = kLo * dj;
            long mh = Math.unsignedMultiplyHigh(kLo, dj) + kHi * dj;
            lo = rm[i] + ml;
            out[o + 2] = lo;
            out[o + 3] = rm[i + 1] + mh + (Long.compareUnsigned(lo, ml) < 0 ? 1 : 0);
        }
        return out;
    }
}
