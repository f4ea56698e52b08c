package org.consortia.mpc.runtime.session;

import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.protocols.Comparisons;

/**
 * The comparison mode a session runs in, resolved from the consortium file and the job's offline mode alike at every
 * node (so that every member's dry run finds the same demand): function secret sharing only between 2 parties with
 * the dealer's material; {@code auto} takes it when the two parties' hosts differ (a link between organisations,
 * where each of the boolean circuit's 6 to 7 rounds costs a round trip), boolean circuits otherwise. A node that proposes a
 * job resolves {@code auto} by the round trip it measured to the other party instead ({@link #byRoundTrip}) and
 * writes the result into the job's spec, so that every member runs the mode the vote saw.
 */
public final class ComparisonChoice {
    /**
     * The round trip from which {@code auto} takes function secret sharing: where the boolean circuit's extra rounds
     * (a sigmoid's 18 on chunk codes, a ReLU's 5) cost more than evaluating the keys (measured here with the bit-by-bit
     * circuit: sigmoid on 10,000 elements 39 ms boolean vs 68 ms fss on loopback, 392 vs 99 ms at 20 ms; break-even near
     * 2.7 ms; with chunk codes a ReLU of 10^5 takes 80.9 ms boolean vs 77.8 fss at 20 ms, so far links still favour
     * fss, by less).
     */
    public static final long AUTO_FSS_RTT_NANOS = 2_000_000L;

    private ComparisonChoice() {
    }

    public static Comparisons of(ConsortiumConfig c, OfflineMode offline) {
        return of(c, offline, c.protocol().comparisons());
    }

    /**
     * The mode of a job that asks for {@code requested} (its own {@code comparisons} field, or the consortium's):
     * resolved as above. Whether a job may ask for fss where it cannot apply is the caller's rule ({@link #applies}).
     */
    public static Comparisons of(ConsortiumConfig c, OfflineMode offline, ComparisonMode requested) {
        if (!applies(c, offline)) {
            return booleanFor(offline);
        }
        return switch (requested) {
            case BOOLEAN -> Comparisons.BOOLEAN;
            case FSS -> Comparisons.FSS;
            case AUTO -> c.parties().get(0).host().equalsIgnoreCase(c.parties().get(1).host()) ? Comparisons.BOOLEAN
                    : Comparisons.FSS;
        };
    }

    /**
     * {@code auto} for a link of the measured round trip ({@code rttNanos}, -1 when not measured: the hosts decide, as
     * in {@link #of(ConsortiumConfig, OfflineMode, ComparisonMode)}); where fss cannot run, boolean.
     */
    public static Comparisons byRoundTrip(ConsortiumConfig c, OfflineMode offline, long rttNanos) {
        if (!applies(c, offline)) {
            return booleanFor(offline);
        }
        if (rttNanos < 0) {
            return of(c, offline, ComparisonMode.AUTO);
        }
        return rttNanos >= AUTO_FSS_RTT_NANOS ? Comparisons.FSS : Comparisons.BOOLEAN;
    }

    /**
     * Boolean comparisons as the offline mode can feed them: on the dealer's chunk codes, or bit by bit from daBits
     * without a dealer ({@link Comparisons#BITS}).
     */
    public static Comparisons booleanFor(OfflineMode offline) {
        return offline == OfflineMode.OT ? Comparisons.BITS : Comparisons.BOOLEAN;
    }

    /** Whether function secret sharing can run at all: 2 parties and the dealer's material. */
    public static boolean applies(ConsortiumConfig c, OfflineMode offline) {
        return c.partyCount() == 2 && offline == OfflineMode.DEALER;
    }

    /** As {@link #of(ConsortiumConfig, OfflineMode)} with the consortium's own offline mode. */
    public static Comparisons of(ConsortiumConfig c) {
        return of(c, c.protocol().offline());
    }

    /** The word of a resolved mode, for reports (both boolean circuits are {@code boolean}). */
    public static String word(Comparisons c) {
        return (c == Comparisons.FSS ? ComparisonMode.FSS : ComparisonMode.BOOLEAN).word();
    }
}
