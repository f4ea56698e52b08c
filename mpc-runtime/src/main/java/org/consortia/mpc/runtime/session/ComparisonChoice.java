package org.consortia.mpc.runtime.session;

import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.protocols.Comparisons;

/**
 * The comparison mode a session runs in, resolved from the consortium file and the job's offline mode alike at every
 * node (so that every member's dry run finds the same demand): function secret sharing only between 2 parties with
 * the dealer's material; {@code auto} takes it when the two parties' hosts differ (a link between organisations,
 * where each of the boolean circuit's 8 rounds costs a round trip), boolean circuits otherwise.
 */
public final class ComparisonChoice {
    private ComparisonChoice() {
    }

    public static Comparisons of(ConsortiumConfig c, OfflineMode offline) {
        if (c.partyCount() != 2 || offline != OfflineMode.DEALER) {
            return Comparisons.BOOLEAN;
        }
        return switch (c.protocol().comparisons()) {
            case BOOLEAN -> Comparisons.BOOLEAN;
            case FSS -> Comparisons.FSS;
            case AUTO -> c.parties().get(0).host().equalsIgnoreCase(c.parties().get(1).host()) ? Comparisons.BOOLEAN
                    : Comparisons.FSS;
        };
    }

    /** As {@link #of(ConsortiumConfig, OfflineMode)} with the consortium's own offline mode. */
    public static Comparisons of(ConsortiumConfig c) {
        return of(c, c.protocol().offline());
    }

    /** The word of a resolved mode, for reports. */
    public static String word(Comparisons c) {
        return (c == Comparisons.FSS ? ComparisonMode.FSS : ComparisonMode.BOOLEAN).word();
    }
}
