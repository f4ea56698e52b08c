package org.consortia.mpc.protocols.auth;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.sharing.auth.AuthDemand;
import org.consortia.mpc.sharing.auth.AuthDerivation;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.MacKeyShare;

/**
 * Demand discovery in malicious mode: a dry run of the program ({@link AuthParty#dryRun}, on a silent channel) takes its
 * items from this source, which records each request in order and answers it with material of the right shape, all
 * zeros ({@link AuthDerivation#zeros}: no PRG runs, as the semi-honest recorder's material is zeros too).
 */
public final class AuthRecorder implements AuthSource {
    private final int party;
    private final List<AuthRequest> items = new ArrayList<>();

    /** A recorder for party {@code party}'s dry run (the dealer's: any party id, it owns no input). */
    public AuthRecorder(int party) {
        this.party = party;
    }

    @Override
    public MacKeyShare key() {
        return new MacKeyShare(0, 0, 0);
    }

    @Override
    public AuthMaterial next(AuthRequest request) {
        items.add(request);
        long clear = request.clearWords(party);
        return AuthDerivation.zeros(party, request, clear > 0 ? new long[(int) clear] : null);
    }

    /** What the dry run asked for so far. */
    public AuthDemand demand() {
        return new AuthDemand(items);
    }

    @Override
    public String toString() {
        return "AuthRecorder[party=" + party + ", " + items.size() + " items]";
    }
}
