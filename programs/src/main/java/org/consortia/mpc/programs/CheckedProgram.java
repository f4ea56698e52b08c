package org.consortia.mpc.programs;

import java.util.List;

import org.consortia.mpc.protocols.Cost;

/**
 * A program checked against a consortium: every node bound (typed, costed, ready to evaluate), what it reads, what it
 * reveals, its privacy cost and its estimated cost, all derived from the graph before anything runs.
 * @param epsilon the sum of its DP releases' epsilons (basic composition; 0 without releases)
 * @param delta   the sum of their deltas
 * @param cost    rounds and words per peer one party sends, the ops' declared costs added up (an upper bound: the
 *                evaluator runs nodes in order), with a dealer
 * @param costWithoutDealer the same for a session without a dealer ({@code offline: ot}), whose comparisons run bit by
 *                bit (at least {@code cost})
 */
public record CheckedProgram(Program program, Context context, List<Step> steps, List<InputRead> reads,
        List<RevealFact> reveals, double epsilon, double delta, Cost cost, Cost costWithoutDealer) {
    public CheckedProgram {
        steps = List.copyOf(steps);
        reads = List.copyOf(reads);
        reveals = List.copyOf(reveals);
    }

    /**
     * One bound node, the positions of its arguments among the steps, and who computes it: {@link #SHARED} (every party,
     * on shares or public values) or a member's index, that member alone in plaintext (its own data and public values:
     * see {@link Evaluator}).
     */
    public record Step(String id, String op, int[] args, Bound bound, int holder) {
        public static final int SHARED = -1;

        /** Whether one member computes this node on its own data, in plaintext. */
        public boolean local() {
            return holder >= 0;
        }
    }

    /** Bytes one party sends in all with a dealer (8 per word, a 32-byte frame header per round and peer). */
    public long bytesPerParty() {
        return bytesPerParty(true);
    }

    /** Bytes one party sends in all, with a dealer or without one ({@link #costWithoutDealer}). */
    public long bytesPerParty(boolean dealer) {
        return (dealer ? cost : costWithoutDealer).bytesSent(context.parties(), 32);
    }

    /** Whether every shared step's op runs on authenticated shares ({@link Op#runsMalicious}); local steps run anywhere. */
    public boolean runsMalicious() {
        return steps.stream().allMatch(s -> s.local() || Ops.get(s.op()).runsMalicious(s.op()));
    }

    public boolean differentiallyPrivate() {
        return epsilon > 0;
    }

    @Override
    public String toString() {
        return "CheckedProgram[" + steps.size() + " nodes, " + reads.size() + " reads, " + reveals.size() + " reveals]";
    }
}
