package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.protocols.net.CorrelatedSource;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * Everything a party's kernels need in one session: the channel to its peers, its correlated randomness,
 * and one PRG stream per peer from the pairwise seed the two agreed at session start (used for inputs that
 * cost no messages). In a dry run (demand discovery) the channel returns zeros and kernels skip local work.
 */
public final class PartyContext {
    private final PartyChannel channel;
    private final CorrelatedSource source;
    private final AesPrg[] pairStreams;
    private final boolean dryRun;

    /**
     * @param pairSeeds seed shared with each peer ({@code pairSeeds[self]} is ignored)
     */
    public PartyContext(PartyChannel channel, CorrelatedSource source, Seed[] pairSeeds, boolean dryRun) {
        this.channel = channel;
        this.source = source;
        this.dryRun = dryRun;
        if (pairSeeds.length != channel.parties()) {
            throw new MpcArgumentException("pairwise seeds: " + pairSeeds.length + " for " + channel.parties() + " parties");
        }
        this.pairStreams = new AesPrg[pairSeeds.length];
        for (int p = 0; p < pairSeeds.length; p++) {
            if (p != channel.self()) {
                pairStreams[p] = new AesPrg(pairSeeds[p], 0L);
            }
        }
    }

    public PartyChannel channel() {
        return channel;
    }

    public int self() {
        return channel.self();
    }

    public int parties() {
        return channel.parties();
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** The PRG stream this party shares with {@code peer}. */
    AesPrg pairStream(int peer) {
        return pairStreams[peer];
    }

    @SuppressWarnings("unchecked")
    <M extends Material> M take(Request request, Class<M> type) {
        return (M) type.cast(source.next(request));
    }

    @Override
    public String toString() {
        return "PartyContext[party=" + self() + "/" + parties() + (dryRun ? ", dry run" : "") + "]";
    }
}
