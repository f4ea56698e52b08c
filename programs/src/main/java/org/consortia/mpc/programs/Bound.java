package org.consortia.mpc.programs;

import java.util.List;

import org.consortia.mpc.protocols.Cost;

/** A checked node: its result's type, its declared cost, and its evaluation. */
public interface Bound {
    Type type();

    /** What evaluating the node costs one party among {@code parties} (the kernels' declared costs). */
    Cost cost(int parties);

    /** The node's value at this party ({@code null} for a sink). */
    Value eval(Evaluation ev, List<Value> args);

    /** A bound node from its type, its cost among a number of parties, and its evaluation. */
    static Bound of(Type type, java.util.function.IntFunction<Cost> cost, Eval eval) {
        return new Simple(type, cost, eval);
    }

    /** An evaluation: the node's value at this party from its arguments' values. */
    @FunctionalInterface
    interface Eval {
        Value apply(Evaluation ev, List<Value> in);
    }

    /** The bound node {@link #of} makes. */
    record Simple(Type type, java.util.function.IntFunction<Cost> costs, Eval evaluation) implements Bound {
        @Override
        public Cost cost(int parties) {
            return costs.apply(parties);
        }

        @Override
        public Value eval(Evaluation ev, List<Value> args) {
            return evaluation.apply(ev, args);
        }
    }
}
