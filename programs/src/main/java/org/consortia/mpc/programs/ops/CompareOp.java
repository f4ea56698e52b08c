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
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * {@code lt gt le ge eq ne}: 0/1 values, broadcast; exact (one comparison of the difference with zero, or one test of
 * it for zero).
 */
public final class CompareOp implements Op {
    @Override
    public List<String> names() {
        return List.of("lt", "gt", "le", "ge", "eq", "ne");
    }

    @Override
    public int arity(String name) {
        return 2;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        int[] dims = Elementwise.shape(a, args);
        Type t = Type.value(dims, Elementwise.anySecret(args), true, Elementwise.flow(args, dims, false));
        int n = (int) Values.size(dims);
        boolean equality = name.equals("eq") || name.equals("ne");
        return Bound.ofModes(t, (parties, mode) -> !t.secret() ? new Cost(0, 0) : equality ? Costs.isZero(n, mode)
                : Costs.ltz(n, mode), (ev, vals) -> {
            // eq: [x - y == 0]; ne = 1 - eq; lt: [x - y < 0]; gt: [y - x < 0]; ge = 1 - lt; le = 1 - gt
            boolean swap = name.equals("gt") || name.equals("le");
            boolean negate = name.equals("ge") || name.equals("le") || name.equals("ne");
            Value x = Values.broadcastTo(vals.get(swap ? 1 : 0), dims);
            Value y = Values.broadcastTo(vals.get(swap ? 0 : 1), dims);
            if (x instanceof Value.Public p && y instanceof Value.Public q) {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    boolean hit = equality ? p.values()[i] == q.values()[i] : p.values()[i] < q.values()[i];
                    out[i] = hit != negate ? 1 : 0;
                }
                return new Value.Public(dims, out);
            }
            SecretTensor diff = y instanceof Value.Public q ? Values.fixed(ev.backend(), x).addPublic(neg(q.values()))
                    : x instanceof Value.Public p ? Values.fixed(ev.backend(), y).neg().addPublic(p.values())
                    : Values.fixed(ev.backend(), x).sub(Values.fixed(ev.backend(), y));
            SecretTensor hit = equality ? diff.isZero() : diff.ltz();
            return new Value.Secret(negate ? hit.not() : hit);
        });
    }

    private static double[] neg(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}
