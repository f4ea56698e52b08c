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
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * {@code sum mean} over one {@code axis} (negative counts from the end) or, without it, over every element. A sum is
 * local; a mean adds one truncation. Over the rows axis they aggregate the rows.
 */
public final class ReduceOp implements Op {
    @Override
    public List<String> names() {
        return List.of("sum", "mean");
    }

    @Override
    public int arity(String name) {
        return 1;
    }

    /** {@code axis} of a value of rank {@code rank} (negative from the end), checked. */
    static int axis(Attrs a, int rank, int fallback) {
        if (!a.has("axis")) {
            return fallback;
        }
        if (rank == 0) {
            throw a.error("axis", "a scalar has no axis");
        }
        int ax = (int) a.integer("axis", -rank, rank - 1);
        return ax < 0 ? ax + rank : ax;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type x = args.get(0);
        int axis = axis(a, x.rank(), -1);
        int[] in = x.dims();
        int[] dims = axis < 0 ? new int[0] : removed(in, axis);
        long count = axis < 0 ? x.size() : in[axis];
        if (count == 0) {
            throw a.error("args", "a reduction over no elements");
        }
        Flow f = x.flow();
        int rowAxis = f.rowAxis();
        Flow out;
        if (rowAxis >= 0 && (axis < 0 || axis == rowAxis)) {
            out = f.aggregated();
        } else {
            out = f.withRowAxis(rowAxis < 0 ? -1 : rowAxis > axis ? rowAxis - 1 : rowAxis, f.rowLocal());
        }
        boolean mean = name.equals("mean");
        Type t = Type.value(dims, x.secret(), false, out);
        int n = (int) Values.size(dims);
        return Bound.of(t, parties -> x.secret() && mean ? divideCost(n, count) : new Cost(0, 0), (ev, vals) -> {
            Value v = vals.get(0);
            if (v instanceof Value.Public p) {
                double[] s = plainSum(p.values(), in, axis);
                if (mean) {
                    for (int i = 0; i < s.length; i++) {
                        s[i] /= count;
                    }
                }
                return new Value.Public(dims, s);
            }
            SecretTensor s = Values.fixed(ev.backend(), v);
            SecretTensor sum = axis < 0 ? s.sum().reshape(Shape.of(dims)) : s.sum(axis);
            return new Value.Secret(mean ? divide(sum, count) : sum);
        });
    }

    /**
     * {@code s / count} for a public count, to the precision of its own scale for any count (the constant 1/count would
     * vanish below 2^-f): shift by b = floor(log2 count) first, then multiply by round(2^(b+f) / count), in
     * [2^(f-1), 2^f], and truncate by f: two truncations.
     */
    public static SecretTensor divide(SecretTensor s, long count) {
        int b = 63 - Long.numberOfLeadingZeros(count);
        var be = s.backend();
        int f = be.fixedPoint().fracBits();
        long[] shifted = b == 0 ? s.share() : be.truncate(s.share(), b);
        long mult = Math.round(Math.scalb(1.0, b + f) / count);
        long[] k = new long[s.shape().size()];
        java.util.Arrays.fill(k, mult);
        long[] product = SecretTensor.fromShare(be, s.shape(), shifted, s.scale()).mulIntegers(k).share();
        return SecretTensor.fromShare(be, s.shape(), be.truncate(product, f), s.scale());
    }

    static Cost divideCost(int n, long count) {
        return new Cost(count == 1 ? 1 : 2, count == 1 ? n : 2L * n);
    }

    static int[] removed(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != axis) {
                out[j++] = dims[i];
            }
        }
        return out;
    }

    static double[] plainSum(double[] v, int[] dims, int axis) {
        if (axis < 0) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return new double[] {s};
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        int len = dims[axis];
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < len; j++) {
                for (int i = 0; i < inner; i++) {
                    out[o * inner + i] += v[(o * len + j) * inner + i];
                }
            }
        }
        return out;
    }
}
