package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthDealer;
import org.consortia.mpc.sharing.auth.AuthDerivation;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.MacKeyShare;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * An honest dealer in this JVM (the researcher's simulator, tests, benchmarks): fresh seeds from {@code SecureRandom},
 * and for each party a source that derives its shares from its seed, asking the dealer only for what the dealer
 * sends that party (party 0's corrections, a mask's clear values to its owner, a comparison key's words to its two
 * parties). Each source is used by one thread.
 */
public final class LocalAuthDealer {
    private final Seed[] seeds;
    private final AuthDealer dealer;
    /** Answers some but not all of their takers have taken, by item index, with the takers still to come. */
    private final java.util.Map<Long, Waiting> waiting = new java.util.HashMap<>();

    private record Waiting(AuthDealer.Answer answer, int left) {
    }

    public LocalAuthDealer(int parties) {
        seeds = new Seed[parties];
        for (int i = 0; i < parties; i++) {
            seeds[i] = Seed.random();
        }
        dealer = new AuthDealer(seeds);
    }

    /**
     * The dealer's answer to item {@code index}: made once even where several parties take from it (party 0 its
     * corrections, a mask's owner its clear values, a comparison key's two parties its words), kept until the last one
     * takes it.
     */
    private AuthDealer.Answer answer(AuthRequest request, long index) {
        int takers = 1;
        for (int p = 1; p < seeds.length; p++) {
            takers += request.clearWords(p) > 0 ? 1 : 0;
        }
        if (takers == 1) {
            return dealer.answer(request, index);
        }
        synchronized (waiting) {
            Waiting w = waiting.remove(index);
            if (w == null) {
                w = new Waiting(dealer.answer(request, index), takers);
            }
            if (w.left() > 1) {
                waiting.put(index, new Waiting(w.answer(), w.left() - 1));
            }
            return w.answer();
        }
    }

    /** Party {@code i}'s source. */
    public AuthSource source(int party) {
        Seed seed = seeds[party];
        MacKeyShare key = AuthDerivation.key(seed);
        return new AuthSource() {
            private long index;

            @Override
            public MacKeyShare key() {
                return key;
            }

            @Override
            public AuthMaterial next(AuthRequest request) {
                long i = index++;
                boolean owner = request.clearWords(party) > 0;
                AuthDealer.Answer a = party == 0 || owner ? answer(request, i) : null;
                return AuthDerivation.derive(party, seed, i, request, party == 0 ? a.correction() : null,
                        owner ? a.clear(party) : null);
            }

            @Override
            public String toString() {
                return "LocalAuthDealer.source[party=" + party + "]";
            }
        };
    }

    /**
     * Party {@code i}'s source with {@code items} made beforehand (the offline phase done before the online one, as a
     * node's dealer session does): serves them in order and refuses a request other than the next declared item.
     */
    public AuthSource prepared(int party, java.util.List<AuthRequest> items) {
        AuthSource lazy = source(party);
        java.util.ArrayDeque<AuthMaterial> ready = new java.util.ArrayDeque<>();
        for (AuthRequest r : items) {
            ready.add(lazy.next(r));
        }
        return new AuthSource() {
            @Override
            public MacKeyShare key() {
                return lazy.key();
            }

            @Override
            public AuthMaterial next(AuthRequest request) {
                AuthMaterial m = ready.poll();
                if (m == null || !m.request().equals(request)) {
                    throw new MpcArgumentException("prepared material: asked for " + request
                            + ", the next declared item is " + (m == null ? "none" : m.request()));
                }
                return m;
            }
        };
    }

    @Override
    public String toString() {
        return "LocalAuthDealer[" + seeds.length + " parties]";
    }
}
