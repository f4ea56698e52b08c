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
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * {@code matmul}: numpy's rule for operands of rank 1 or 2 (a vector on the left is a row, on the right a column, and
 * its axis is dropped from the result). One Beaver round with a matrix triple and one truncation. Contracting the rows
 * axis of two tensors of data aggregates their rows ({@code X.T @ y}); with a public operand it does not count as an
 * aggregate (public weights could pick one row).
 */
public final class MatmulOp implements Op {
    @Override
    public List<String> names() {
        return List.of("matmul");
    }

    @Override
    public int arity(String name) {
        return 2;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type l = args.get(0);
        Type r = args.get(1);
        if (l.rank() < 1 || l.rank() > 2 || r.rank() < 1 || r.rank() > 2) {
            throw a.error("args", "operands of rank 1 or 2, got " + l.shape() + " and " + r.shape());
        }
        int m = l.rank() == 2 ? l.dims()[0] : 1;
        int k = l.dims()[l.rank() - 1];
        int n = r.rank() == 2 ? r.dims()[1] : 1;
        if (r.dims()[0] != k) {
            throw a.error("args", "shapes " + l.shape() + " and " + r.shape() + " do not chain");
        }
        int[] dims = l.rank() == 2 && r.rank() == 2 ? new int[] {m, n} : l.rank() == 2 ? new int[] {m}
                : r.rank() == 2 ? new int[] {n} : new int[0];
        Type t = Type.value(dims, l.secret() || r.secret(), false, flow(l, r, k, dims.length));
        return Bound.of(t, parties -> t.secret() ? Costs.matmul(m, k, n) : new Cost(0, 0), (ev, vals) -> {
            Value x = vals.get(0);
            Value y = vals.get(1);
            if (x instanceof Value.Public p && y instanceof Value.Public q) {
                double[] out = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < k; j++) {
                        double v = p.values()[i * k + j];
                        for (int c = 0; c < n; c++) {
                            out[i * n + c] += v * q.values()[j * n + c];
                        }
                    }
                }
                return new Value.Public(dims, out);
            }
            SecretTensor xs = Values.fixed(ev.backend(), x).reshape(Shape.matrix(m, k));
            SecretTensor ys = Values.fixed(ev.backend(), y).reshape(Shape.matrix(k, n));
            return new Value.Secret(xs.matmul(ys).reshape(Shape.of(dims)));
        });
    }

    private static Flow flow(Type l, Type r, int k, int rank) {
        Flow lf = l.flow();
        Flow rf = r.flow();
        if (lf.rawData() && rf.rawData() && lf.rowAxis() == l.rank() - 1 && rf.rowAxis() == 0) {
            // X.T @ Y over the same rows: each side's distinct rows count for its datasets
            Flow[] both = {lf.aggregated(), rf.aggregated()};
            return Flow.combine(both, new int[] {-1, -1}, new int[2][], new int[0], false);
        }
        Flow both = Flow.combine(new Flow[] {lf, rf}, new int[] {-1, -1}, new int[2][], new int[0], false);
        Flow carrier = null;
        int axis = -1;
        if (l.rank() == 2 && lf.rowAxis() == 0) {
            axis = 0;
            carrier = lf;
        } else if (r.rank() == 2 && rf.rowAxis() == 1) {
            axis = rank - 1;
            carrier = rf;
        }
        boolean local = axis >= 0 && (lf.rawData() ? lf.rowLocal() && !rf.rawData() : rf.rowLocal());
        Flow out = both.withRowAxis(axis, local || !both.rawData());
        return carrier == null ? out : out.withDistinct(carrier.distinct(), carrier.shifted(), carrier.span());
    }
}
