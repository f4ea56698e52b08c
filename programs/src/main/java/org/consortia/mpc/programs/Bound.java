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
}
