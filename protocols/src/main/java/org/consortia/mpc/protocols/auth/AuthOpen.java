package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * Opening an authenticated vector: every party sends its value shares (Z_2^128, 2 words per element) to every peer
 * and keeps the sum with its MAC shares for the next {@link MacCheck}. The opened value is not yet trusted: kernels
 * use it only to go on computing (a masked operand), never as a result. Cost: 1 round, 2 words per element to each
 * peer.
 */
public final class AuthOpen {
    private AuthOpen() {
    }

    /** Opens {@code x} to every party (an unchecked value: see the class comment). */
    public static long[] open(AuthParty party, AuthShare x) {
        return open(party, x, Tamper.Point.OPENING);
    }

    static long[] open(AuthParty party, AuthShare x, Tamper.Point point) {
        PartyChannel ch = party.channel();
        long[] share = x.value();
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.send(p, party.tamper().apply(point, p, share));
            }
        }
        long[] out = share.clone();
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                Z128.addInto(out, ch.receive(p, share.length));
            }
        }
        party.opened(out, x.mac());
        return out;
    }

    /** Sends {@code words} (taken over, the same array to all) to every peer. */
    static void broadcast(PartyChannel ch, long[] words) {
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.send(p, words);
            }
        }
    }
}
