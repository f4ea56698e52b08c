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
        return receive(party, send(party, x.value(), point), x.mac());
    }

    /**
     * The first half of an opening: sends this party's value shares {@code share} (interleaved Z_2^128, not to be
     * modified after) to every peer and returns them, for {@link #receive}. Openings started and not yet received hold
     * the on-the-spot MAC check back ({@link AuthParty#opened}), as a check's messages must not overtake them.
     */
    static long[] send(AuthParty party, long[] share, Tamper.Point point) {
        PartyChannel ch = party.channel();
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.send(p, party.tamper().apply(point, p, share));
            }
        }
        party.started();
        return share;
    }

    /**
     * The second half: the opened values (our {@code sent} shares plus every peer's), kept with our MAC shares
     * {@code macs} of them for the next check.
     */
    static long[] receive(AuthParty party, long[] sent, long[] macs) {
        PartyChannel ch = party.channel();
        long[] out = sent.clone();
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                long[] got = ch.receive(p, sent.length);
                if (!party.dry()) { // a dry run's peers send zeros
                    Z128.addInto(out, got);
                }
            }
        }
        party.opened(out, macs);
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
