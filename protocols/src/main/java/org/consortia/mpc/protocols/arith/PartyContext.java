package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.net.CorrelatedSource;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Everything a party's kernels need in one session: the channel to its peers and its correlated randomness
 * (dealer items and input masks). In a dry run (demand discovery) the channel returns zeros and kernels skip
 * local work.
 */
public final class PartyContext {
    private final PartyChannel channel;
    private final CorrelatedSource source;
    private final boolean dryRun;
    private final Comparisons comparisons;

    public PartyContext(PartyChannel channel, CorrelatedSource source, boolean dryRun) {
        this(channel, source, dryRun, Comparisons.BOOLEAN);
    }

    /** A context whose comparisons run in {@code comparisons} mode (as this session's party count allows). */
    public PartyContext(PartyChannel channel, CorrelatedSource source, boolean dryRun,
            Comparisons comparisons) {
        this.channel = channel;
        this.source = source;
        this.dryRun = dryRun;
        this.comparisons = comparisons.among(channel.parties());
    }

    /** How this session computes comparisons. */
    public Comparisons comparisons() {
        return comparisons;
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

    long[] inputMask(int owner, int len) {
        return source.inputMask(owner, len);
    }

    /** The next item of correlated randomness, which must be of {@code type}. */
    @SuppressWarnings("unchecked")
    public <M extends Material> M take(Request request, Class<M> type) {
        return (M) type.cast(source.next(request));
    }

    @Override
    public String toString() {
        return "PartyContext[party=" + self() + "/" + parties() + (dryRun ? ", dry run" : "") + ", " + comparisons + "]";
    }
}
