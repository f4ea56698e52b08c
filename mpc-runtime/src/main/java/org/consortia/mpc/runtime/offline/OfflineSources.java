package org.consortia.mpc.runtime.offline;

import java.security.SecureRandom;

import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.runtime.ot.BaseOtStore;
import org.consortia.mpc.runtime.session.SessionChannel;

/** A party's source of correlated randomness for a session, chosen by the job's resolved {@link OfflineMode}. */
public final class OfflineSources {
    private OfflineSources() {
    }

    /**
     * The parties' own material for {@code mode} {@code OT}: an {@link OtSession} over {@code ch}'s transport, keeping
     * base OTs in {@code kept} across sessions ({@code null}: fresh ones each session); {@code null} for the dealer,
     * whose stream the session's offline phase reads ({@link Preprocessing}).
     */
    public static MaterialSource party(OfflineMode mode, SessionChannel ch, BaseOtStore kept) {
        return switch (mode) {
            case OT -> new OtSession(ch, new SecureRandom(), kept);
            case DEALER -> null;
        };
    }
}
