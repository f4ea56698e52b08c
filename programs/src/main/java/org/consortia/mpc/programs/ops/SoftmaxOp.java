package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/** {@code softmax} along {@code axis} (default the last), stable (the maximum subtracted first). */
public final class SoftmaxOp implements Op {
    @Override
    public List<String> names() {
        return List.of("softmax");
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
        var f = x.flow();
        Type t = Type.value(in, x.secret(), false, f.rowAxis() == axis ? f.withRowAxis(f.rowAxis(), false) : f);
        int n = (int) x.size();
        int len = in[axis];
        return Bound.ofModes(t, (parties, mode) -> x.secret() ? UnaryOp.cost("exp", n).then(UnaryOp.cost("reciprocal", n))
                .then(MaxOp.cost(n / len, len, false, mode)) : new Cost(0, 0), (ev, vals) -> {
            int[] perm = Values.toLast(in.length, axis);
            Value moved = Values.transpose(vals.get(0), perm);
            Value out;
            if (moved instanceof Value.Public p) {
                double[] v = p.values().clone();
                for (int i = 0; i < v.length; i += len) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < len; j++) {
                        m = Math.max(m, v[i + j]);
                    }
                    double s = 0;
                    for (int j = 0; j < len; j++) {
                        v[i + j] = Math.exp(v[i + j] - m);
                        s += v[i + j];
                    }
                    for (int j = 0; j < len; j++) {
                        v[i + j] /= s;
                    }
                }
                out = new Value.Public(moved.dims(), v);
            } else {
                SecretTensor s = Values.fixed(ev.backend(), moved);
                out = new Value.Secret(s.softmax());
            }
            return Values.transpose(out, Values.inverse(perm));
        });
    }
}
