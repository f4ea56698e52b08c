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
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * {@code max argmax} along {@code axis} (default the last), exact: a tree of batched comparisons (log2 of the axis
 * deep). A maximum is one element's value, so it keeps its operand's rows behind (a maximum over the rows is one row's).
 */
public final class MaxOp implements Op {
    @Override
    public List<String> names() {
        return List.of("max", "argmax");
    }

    @Override
    public int arity(String name) {
        return 1;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type x = args.get(0);
        if (x.rank() == 0) {
            throw a.error("args", "a value with at least one axis");
        }
        int axis = ReduceOp.axis(a, x.rank(), x.rank() - 1);
        int[] in = x.dims();
        int[] dims = ReduceOp.removed(in, axis);
        Flow f = x.flow();
        int rowAxis = f.rowAxis();
        Flow flow = rowAxis == axis ? f.withRowAxis(-1, false)
                : f.withRowAxis(rowAxis < 0 ? -1 : rowAxis > axis ? rowAxis - 1 : rowAxis, f.rowLocal());
        boolean arg = name.equals("argmax");
        Type t = Type.value(dims, x.secret(), false, flow);
        int n = (int) Values.size(dims);
        int len = in[axis];
        return Bound.ofModes(t, (parties, mode) -> x.secret() ? cost(n, len, arg, mode) : new Cost(0, 0), (ev, vals) -> {
            int[] perm = Values.toLast(in.length, axis);
            Value moved = Values.transpose(vals.get(0), perm);
            if (moved instanceof Value.Public p) {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int j = 1; j < len; j++) {
                        if (p.values()[i * len + j] > p.values()[i * len + best]) {
                            best = j;
                        }
                    }
                    out[i] = arg ? best : p.values()[i * len + best];
                }
                return new Value.Public(dims, out);
            }
            SecretTensor s = Values.fixed(ev.backend(), moved);
            SecretTensor r = arg ? s.argmax().toFixedPoint() : s.maxLastAxis();
            return new Value.Secret(r.reshape(Shape.of(dims)));
        });
    }

    /**
     * The declared cost of {@code n} maxima (or argmaxima) over {@code len} values each: a tree of ceil(log2 len)
     * levels, each a batch of ReLUs of the pairs' differences (a max where the ReLU is one protocol: the dealer's codes
     * or FSS keys), or of comparisons and the products that select (an argmax, or without a dealer).
     */
    static Cost cost(int n, int len, boolean arg, Comparisons mode) {
        if (len < 2) {
            return new Cost(0, 0);
        }
        int depth = 32 - Integer.numberOfLeadingZeros(len - 1);
        Cost level = arg || mode == Comparisons.BITS
                ? Costs.ltz(n * (len / 2 + 1), mode).then(Costs.mul(2 * n * (len / 2 + 1)))
                : Costs.relu(n * (len / 2 + 1), mode);
        Cost c = new Cost(0, 0);
        for (int i = 0; i < depth; i++) {
            c = c.then(level);
        }
        return c;
    }
}
