package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Opening additive shares. Costs, for a tensor of {@code len} words:
 * <ul>
 * <li>{@link #open}: 1 round; every party sends {@code len} words to each of its n-1 peers.</li>
 * <li>{@link #openTo}: 1 round; every party but the receiver sends {@code len} words to the receiver.</li>
 * </ul>
 */
public final class Open {
    private Open() {
    }

    /** Opening {@code len} words to all: 1 round, {@code len} words to each peer. */
    public static Cost cost(long len) {
        return new Cost(1, len);
    }

    /** Words one party sends to open {@code len} words to all. */
    public static long wordsPerParty(long len, int parties) {
        return len * (parties - 1);
    }

    /** Opens {@code share} (sent as is: not to be modified afterwards) to every party; returns the opened values. */
    public static long[] open(PartyContext ctx, long[] share) {
        send(ctx, share);
        return receive(ctx, share);
    }

    /**
     * The first half of {@link #open}: sends {@code share} to every peer. Other openings may be sent before
     * {@link #receive} completes this one (a pipeline); every party must send and receive them in the same order.
     */
    public static void send(PartyContext ctx, long[] share) {
        PartyChannel ch = ctx.channel();
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.send(p, share);
            }
        }
    }

    /** The second half of {@link #open}: the peers' shares of the opening {@link #send} started, added to ours. */
    public static long[] receive(PartyContext ctx, long[] share) {
        PartyChannel ch = ctx.channel();
        int n = ch.parties();
        int self = ch.self();
        long[] out = share.clone();
        for (int p = 0; p < n; p++) {
            if (p != self) {
                long[] s = ch.receive(p, share.length);
                for (int j = 0; j < out.length; j++) {
                    out[j] += s[j];
                }
            }
        }
        return out;
    }

    /** Opens {@code share} to {@code receiver} only; returns the values there and {@code null} elsewhere. */
    public static long[] openTo(PartyContext ctx, int receiver, long[] share) {
        PartyChannel ch = ctx.channel();
        MpcArgumentException.checkParty(receiver, ch.parties(), "receiver");
        if (ch.self() != receiver) {
            ch.send(receiver, share);
            return null;
        }
        return receive(ctx, share);
    }
}
