package org.consortia.mpc.programs;

import java.util.List;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;

/** A checked node: its result's type, its declared cost, and its evaluation. */
public interface Bound {
    Type type();

    /** What evaluating the node costs one party among {@code parties} (the kernels' declared costs, with a dealer). */
    Cost cost(int parties);

    /**
     * As {@link #cost(int)} with comparisons in {@code mode} ({@link Comparisons#BITS}: a session without a dealer, whose
     * comparisons run bit by bit); the same for a node without comparisons.
     */
    default Cost cost(int parties, Comparisons mode) {
        return cost(parties);
    }

    /** The node's value at this party ({@code null} for a sink). */
    Value eval(Evaluation ev, List<Value> args);

    /** A bound node from its type, its cost among a number of parties, and its evaluation. */
    static Bound of(Type type, java.util.function.IntFunction<Cost> cost, Eval eval) {
        return new Simple(type, (parties, mode) -> cost.apply(parties), eval);
    }

    /** A bound node whose cost depends on how the session compares (a node with comparisons). */
    static Bound ofModes(Type type, CostFn cost, Eval eval) {
        return new Simple(type, cost, eval);
    }

    /** A node's cost among a number of parties, comparisons in a mode. */
    @FunctionalInterface
    interface CostFn {
        Cost apply(int parties, Comparisons mode);
    }

    /** An evaluation: the node's value at this party from its arguments' values. */
    @FunctionalInterface
    interface Eval {
        Value apply(Evaluation ev, List<Value> in);
    }

    /** The bound node {@link #of} makes. */
    record Simple(Type type, CostFn costs, Eval evaluation) implements Bound {
        @Override
        public Cost cost(int parties) {
            return costs.apply(parties, Comparisons.BOOLEAN);
        }

        @Override
        public Cost cost(int parties, Comparisons mode) {
            return costs.apply(parties, mode);
        }

        @Override
        public Value eval(Evaluation ev, List<Value> args) {
            return evaluation.apply(ev, args);
        }
    }
}
