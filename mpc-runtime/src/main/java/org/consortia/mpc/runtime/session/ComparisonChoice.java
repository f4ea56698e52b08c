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
        return of(c, offline, c.protocol().comparisons());
    }

    /**
     * The mode of a job that asks for {@code requested} (its own {@code comparisons} field, or the consortium's):
     * resolved as above. Whether a job may ask for fss where it cannot apply is the caller's rule ({@link #applies}).
     */
    public static Comparisons of(ConsortiumConfig c, OfflineMode offline, ComparisonMode requested) {
        if (!applies(c, offline)) {
            return Comparisons.BOOLEAN;
        }
        return switch (requested) {
            case BOOLEAN -> Comparisons.BOOLEAN;
            case FSS -> Comparisons.FSS;
            case AUTO -> c.parties().get(0).host().equalsIgnoreCase(c.parties().get(1).host()) ? Comparisons.BOOLEAN
                    : Comparisons.FSS;
        };
    }

    /** Whether function secret sharing can run at all: 2 parties and the dealer's material. */
    public static boolean applies(ConsortiumConfig c, OfflineMode offline) {
        return c.partyCount() == 2 && offline == OfflineMode.DEALER;
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
