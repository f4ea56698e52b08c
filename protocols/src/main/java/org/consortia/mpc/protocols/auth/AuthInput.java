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
        PartyChannel ch = party.channel();
        MpcArgumentException.checkParty(owner, ch.parties(), "input owner");
        AuthMaterial.Mask mask = party.take(new AuthRequest.Known(owner, len), AuthMaterial.Mask.class);
        long[] d;
        if (ch.self() == owner) {
            if (valuesAtOwner == null || valuesAtOwner.length != len) {
                throw new MpcArgumentException("input: owner " + owner + " must supply " + len + " values, got "
                        + (valuesAtOwner == null ? "none" : valuesAtOwner.length));
            }
            long[] r = mask.clear();
            d = new long[len];
            for (int j = 0; j < len; j++) {
                d[j] = valuesAtOwner[j] - r[2 * j];
            }
            AuthOpen.broadcast(ch, d.clone()); // the channel takes the array over
        } else {
            d = ch.receive(owner, len);
        }
        long[] wide = new long[2 * len]; // d in Z_2^128 with a zero high word
        for (int j = 0; j < len; j++) {
            wide[2 * j] = d[j];
        }
        AuthShare x = mask.r().addPublic(wide, ch.self(), party.key());
        return new AuthShare(party.tamper().apply(Tamper.Point.INPUT, -1, x.value()), x.mac());
    }
}
