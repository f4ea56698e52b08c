package org.consortia.mpc.protocols.sim;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.protocols.mpc.MpcBackend;
import org.consortia.mpc.protocols.net.CorrelatedSource;
import org.consortia.mpc.sharing.dealer.Dealer;
import org.consortia.mpc.sharing.dealer.Derivation;
import org.consortia.mpc.sharing.dealer.InputMasks;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * Semi-honest parties in one JVM on {@link MpcBackend}s over {@link MemoryParties}, each taking the dealer's correlated
 * randomness when its program asks: every party holds the one in-memory {@link Dealer} and derives its item {@code k}
 * from its own seed as the runtime's parties do from the dealer's stream (party 0 with the dealer's corrections), so no
 * dry run is needed. The runtime's {@code LocalCluster} adds the demand's discovery, the offline phase, real transports
 * and OT material; this is the protocols' and the inference layers' own harness.
 */
public final class Simulation {
    /** One party's program on its backend. */
    public interface Program<T> {
        T run(Backend backend) throws Exception;
    }

    /** One party's program on its protocol context (for a kernel below the backends). */
    public interface ContextProgram<T> {
        T run(PartyContext ctx) throws Exception;
    }

    /** Every party's result (in party order), the most rounds one party started and the most words it sent one peer. */
    public record Run<T>(List<T> results, long rounds, long wordsToAPeer) {
        /** Party {@code i}'s result. */
        public T result(int i) {
            return results.get(i);
        }
    }

    private Simulation() {
    }

    /** Additive shares of {@code v} among {@code parties} (parties 1.. uniform from {@code r}, party 0 the rest). */
    public static long[][] additiveShares(long[] v, int parties, java.util.SplittableRandom r) {
        long[][] s = new long[parties][v.length];
        for (int j = 0; j < v.length; j++) {
            long rest = v[j];
            for (int p = 1; p < parties; p++) {
                s[p][j] = r.nextLong();
                rest -= s[p][j];
            }
            s[0][j] = rest;
        }
        return s;
    }

    /** Runs {@code program} among {@code parties} parties with boolean comparisons and the default fixed point. */
    public static <T> Run<T> run(int parties, Program<T> program) {
        return run(parties, Comparisons.BOOLEAN, FixedPoint.defaults(), program);
    }

    /** As {@link #run(int, Program)} with comparisons in {@code comparisons} mode (FSS: two parties only). */
    public static <T> Run<T> run(int parties, Comparisons comparisons, FixedPoint fixedPoint, Program<T> program) {
        return runContexts(parties, comparisons, ctx -> program.run(new MpcBackend(ctx, fixedPoint)));
    }

    /** As {@link #run(int, Comparisons, FixedPoint, Program)} with each party's context instead of its backend. */
    public static <T> Run<T> runContexts(int parties, Comparisons comparisons, ContextProgram<T> program) {
        Seed[] dealerSeeds = new Seed[parties];
        Seed[][] pairSeeds = new Seed[parties][parties];
        for (int i = 0; i < parties; i++) {
            dealerSeeds[i] = Seed.random();
            for (int j = 0; j < i; j++) {
                pairSeeds[i][j] = Seed.random();
                pairSeeds[j][i] = pairSeeds[i][j];
            }
        }
        Dealer dealer = new Dealer(dealerSeeds);
        MemoryParties.Outcome<T>[] out = MemoryParties.run(parties, ch -> {
            Source source = new Source(ch.self(), dealerSeeds[ch.self()], dealer, new InputMasks(ch.self(), pairSeeds[ch.self()]));
            return program.run(new PartyContext(ch, source, false, comparisons));
        });
        List<T> results = new ArrayList<>();
        long rounds = 0;
        long words = 0;
        for (int i = 0; i < parties; i++) {
            if (out[i].failure() != null) {
                throw new AssertionError("party " + i + " failed: " + out[i].failure(), out[i].failure());
            }
            results.add(out[i].value());
            rounds = Math.max(rounds, out[i].rounds());
            words = Math.max(words, out[i].wordsToAPeer());
        }
        return new Run<>(java.util.Collections.unmodifiableList(results), rounds, words);
    }

    /** A party's correlated randomness: item {@code k} derived from its seed, party 0's corrected by the dealer. */
    private static final class Source implements CorrelatedSource {
        private final int self;
        private final Seed seed;
        private final Dealer dealer;
        private final InputMasks masks;
        private long index;

        Source(int self, Seed seed, Dealer dealer, InputMasks masks) {
            this.self = self;
            this.seed = seed;
            this.dealer = dealer;
            this.masks = masks;
        }

        @Override
        public Material next(Request request) {
            long k = index++;
            boolean shared = request.sharedWords() > 0;
            Dealer.Answer answer = self == 0 || shared ? dealer.answer(request, k) : null;
            return Derivation.derive(self, seed, k, request, self == 0 ? answer.correction() : null,
                    shared ? answer.shared() : null);
        }

        @Override
        public long[] inputMask(int owner, int len) {
            return masks.next(owner, len);
        }
    }
}
