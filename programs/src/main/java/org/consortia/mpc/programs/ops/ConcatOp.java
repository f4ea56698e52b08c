package org.consortia.mpc.programs.ops;

import java.util.List;

import org.consortia.mpc.programs.Attrs;
import org.consortia.mpc.programs.Bound;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Flow;
import org.consortia.mpc.programs.Op;
import org.consortia.mpc.programs.Source;
import org.consortia.mpc.programs.Type;
import org.consortia.mpc.programs.Value;
import org.consortia.mpc.programs.Values;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;

/**
 * {@code concat} of one or more values along {@code axis} (local). Stacking members' rows (their rows axis) keeps a rows
 * axis; putting members' columns side by side keeps it where every operand has it on the same axis.
 */
public final class ConcatOp implements Op {
    @Override
    public List<String> names() {
        return List.of("concat");
    }

    @Override
    public int arity(String name) {
        return -1;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type first = args.get(0);
        int rank = first.rank();
        if (rank == 0) {
            throw a.error("args", "values with at least one axis");
        }
        int axis = (int) a.integer("axis", -rank, rank - 1);
        int ax = axis < 0 ? axis + rank : axis;
        int[] dims = first.dims();
        dims[ax] = 0;
        Flow[] flows = new Flow[args.size()];
        int[] axes = new int[args.size()];
        boolean bits = true;
        for (int i = 0; i < args.size(); i++) {
            Type t = args.get(i);
            int[] d = t.dims();
            boolean same = d.length == rank;
            for (int j = 0; same && j < rank; j++) {
                same = j == ax || d[j] == first.dims()[j];
            }
            if (!same) {
                throw a.error("args", "shapes " + first.shape() + " and " + t.shape() + " differ off axis " + ax);
            }
            dims[ax] = (int) Math.min(Integer.MAX_VALUE, (long) dims[ax] + d[ax]);
            flows[i] = t.flow();
            axes[i] = t.flow().rowAxis();
            bits &= t.bits();
        }
        if (Values.size(dims) > ctx.limits().maxElements()) {
            throw a.error("args", "at most " + ctx.limits().maxElements() + " elements");
        }
        int[][] shapes = new int[args.size()][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = args.get(i).dims();
        }
        Flow flow = Flow.combine(flows, axes, shapes, dims, false);
        if (flow.rowAxis() == ax) { // stacking rows: each dataset's distinct rows, once however often it is stacked
            java.util.Map<Source, Long> distinct = new java.util.TreeMap<>();
            java.util.Map<Source, Integer> times = new java.util.TreeMap<>();
            java.util.Map<Source, Long> span = new java.util.TreeMap<>();
            for (Flow f : flows) {
                f.distinct().forEach((s, n) -> {
                    distinct.merge(s, n, Math::max);
                    times.merge(s, 1, Integer::sum);
                });
                f.span().forEach((s, n) -> span.merge(s, n, Long::sum));
            }
            java.util.Set<Source> shifted = new java.util.TreeSet<>(flow.shifted());
            times.forEach((s, n) -> {
                if (n > 1) {
                    shifted.add(s); // the same dataset's rows twice: not row-local
                }
            });
            boolean local = flow.rowLocal() && times.values().stream().allMatch(n -> n == 1);
            flow = flow.withDistinct(distinct, shifted, span).withRowAxis(ax, local);
        }
        Type t = Type.value(dims, Elementwise.anySecret(args), bits, flow);
        boolean keepBits = bits;
        return Bound.of(t, parties -> new Cost(0, 0), (ev, vals) -> {
            if (!t.secret()) {
                return new Value.Public(dims, plain(vals, dims, ax));
            }
            SecretTensor[] s = new SecretTensor[vals.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = keepBits ? Values.bits(ev.backend(), vals.get(i)) : Values.fixed(ev.backend(), vals.get(i));
            }
            return new Value.Secret(s[0].concat(ax, java.util.Arrays.copyOfRange(s, 1, s.length)));
        });
    }

    private static double[] plain(List<Value> args, int[] dims, int ax) {
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= dims[i];
        }
        double[] out = new double[(int) Values.size(dims)];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Value v : args) {
                double[] src = Values.publicValues(v);
                int len = src.length / outer;
                System.arraycopy(src, o * len, out, pos, len);
                pos += len;
            }
        }
        return out;
    }
}
