package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Flow;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Cost;

/** {@code constant}: a public tensor ({@code shape}, {@code values} row-major); free. */
public final class ConstantOp implements Op {
    @Override
    public List<String> names() {
        return List.of("constant");
    }

    @Override
    public int arity(String name) {
        return 0;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        int[] dims = a.integers("shape", 1, Integer.MAX_VALUE, 8);
        if (Values.size(dims) > ctx.limits().maxElements()) {
            throw a.error("shape", "at most " + ctx.limits().maxElements() + " elements");
        }
        double[] values = a.reals("values", Values.size(dims));
        if (values.length != Values.size(dims)) {
            throw a.error("values", Values.size(dims) + " numbers for shape " + java.util.Arrays.toString(dims) + ", got "
                    + values.length);
        }
        double bound = Math.scalb(1.0, 62 - 2 * ctx.fracBits());
        for (double v : values) {
            if (Math.abs(v) >= bound) {
                throw a.error("values", "numbers below 2^" + (62 - 2 * ctx.fracBits()) + " in magnitude (the fixed-point range)");
            }
        }
        Type t = Type.value(dims, false, false, Flow.PUBLIC);
        return Bound.of(t, parties -> new Cost(0, 0), (ev, vals) -> {
            return new Value.Public(dims, values.clone());
        });
    }
}
