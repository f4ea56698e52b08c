package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * Authenticated input: the dealer gives the owner a mask r in clear and every party its authenticated share of r;
 * the owner sends d = x - r (uniform in Z_2^128) to every peer and every party takes [r] + d. An owner that sends
 * different d to different peers leaves MACs that match no value, which the next check of anything computed from the
 * input catches. Cost: 1 round, 2 words per element from the owner to each peer.
 */
public final class AuthInput {
    private AuthInput() {
    }

    /**
     * @param valuesAtOwner the 64-bit ring values (sign-extended into Z_2^128), read on the owner only
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
            d = Z128.sub(Z128.fromSigned(valuesAtOwner), mask.clear());
            AuthOpen.broadcast(ch, d);
        } else {
            d = ch.receive(owner, 2 * len);
        }
        AuthShare x = mask.r().addPublic(d, ch.self(), party.key());
        return new AuthShare(party.tamper().apply(Tamper.Point.INPUT, -1, x.value()), x.mac());
    }
}
