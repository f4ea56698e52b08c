package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/** {@code where(cond, a, b)}: a where cond is 1, else b; cond must be 0/1 (a comparison's); one exact product. */
public final class WhereOp implements Op {
    @Override
    public List<String> names() {
        return List.of("where");
    }

    @Override
    public int arity(String name) {
        return 3;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        if (!args.get(0).bits()) {
            throw a.error("args", "the condition must be 0/1 values (a comparison's), got " + args.get(0));
        }
        int[] dims = Elementwise.shape(a, args);
        Type t = Type.value(dims, Elementwise.anySecret(args), args.get(1).bits() && args.get(2).bits(),
                Elementwise.flow(args, dims, true));
        int n = (int) Values.size(dims);
        return Bound.of(t, parties -> t.secret() ? new Cost(1, 2L * n) : new Cost(0, 0), (ev, vals) -> {
            Value c = Values.broadcastTo(vals.get(0), dims);
            Value x = Values.broadcastTo(vals.get(1), dims);
            Value y = Values.broadcastTo(vals.get(2), dims);
            if (c instanceof Value.Public p && x instanceof Value.Public q && y instanceof Value.Public r) {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = p.values()[i] != 0 ? q.values()[i] : r.values()[i];
                }
                return new Value.Public(dims, out);
            }
            Backend be = ev.backend();
            boolean bits = t.bits();
            SecretTensor xs = bits ? Values.bits(be, x) : Values.fixed(be, x);
            SecretTensor ys = bits ? Values.bits(be, y) : Values.fixed(be, y);
            // y + c (x - y): with a public c a local product, else one product of 0/1 values and a secret (no truncation)
            return new Value.Secret(c instanceof Value.Public p ? ys.add(xs.sub(ys).mulIntegers(integers(p.values())))
                    : SecretTensor.where(Values.bits(be, c), xs, ys));
        });
    }

    private static long[] integers(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }
}
