package org.consortia.mpc.programs.ops;

import java.util.Arrays;
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
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Local rearrangements, free for secrets: {@code transpose} ({@code perm}, default reversed), {@code reshape}
 * ({@code shape}, one entry may be -1) and {@code slice} ({@code starts}, {@code stops}, optional {@code steps}, one
 * per axis). The rows axis follows the data where it can be followed, else the value no longer counts as rows.
 */
public final class ShapeOp implements Op {
    @Override
    public List<String> names() {
        return List.of("transpose", "reshape", "slice");
    }

    @Override
    public int arity(String name) {
        return 1;
    }

    @Override
    public Bound bind(String name, Attrs a, List<Type> args, Context ctx) {
        Type x = args.get(0);
        int[] in = x.dims();
        int rank = in.length;
        int[] dims;
        // for transpose and slice: the gather, computed when the node runs (never while a proposal is checked); null: reshape
        java.util.function.Supplier<int[]> indices;
        Flow f = x.flow();
        int row = f.rowAxis();
        Flow out;
        switch (name) {
            case "transpose" -> {
                int[] perm = a.has("perm") ? a.integers("perm", 0, Math.max(0, rank - 1), rank) : reversed(rank);
                boolean[] seen = new boolean[rank];
                for (int p : perm) {
                    if (seen[p]) {
                        throw a.error("perm", "a permutation of the " + rank + " axes");
                    }
                    seen[p] = true;
                }
                if (perm.length != rank) {
                    throw a.error("perm", "a permutation of the " + rank + " axes");
                }
                dims = Values.permuted(in, perm);
                indices = () -> Values.permuteIndices(in, perm);
                int moved = -1;
                for (int i = 0; i < rank; i++) {
                    if (perm[i] == row) {
                        moved = i;
                    }
                }
                out = f.withRowAxis(moved, f.rowLocal());
            }
            case "reshape" -> {
                dims = target(a, in);
                indices = null;
                out = f.withRowAxis(rowAfterReshape(in, dims, row), f.rowLocal() && rowAfterReshape(in, dims, row) >= 0
                        || !f.rawData());
            }
            default -> {
                int[] starts = a.integers("starts", 0, Integer.MAX_VALUE, rank);
                int[] stops = a.integers("stops", 0, Integer.MAX_VALUE, rank);
                int[] steps = a.has("steps") ? a.integers("steps", 1, Integer.MAX_VALUE, rank) : ones(rank);
                if (starts.length != rank || stops.length != rank || steps.length != rank) {
                    throw a.error("starts", "starts, stops and steps one per axis (" + rank + ")");
                }
                dims = new int[rank];
                for (int i = 0; i < rank; i++) {
                    if (starts[i] > stops[i] || stops[i] > in[i]) {
                        throw a.error("stops", "0 <= start <= stop <= " + in[i] + " on axis " + i);
                    }
                    dims[i] = (int) (((long) stops[i] - starts[i] + steps[i] - 1) / steps[i]);
                    if (dims[i] == 0) {
                        throw a.error("stops", "an empty slice on axis " + i);
                    }
                }
                int[] sliced = dims;
                indices = () -> sliceIndices(in, sliced, starts, steps);
                out = f;
                if (row >= 0 && (starts[row] != 0 || steps[row] != 1 || dims[row] != in[row])) {
                    // fewer rows: a lower bound on the distinct ones left, and the dataset no longer lines up with itself
                    java.util.Map<Source, Long> d = new java.util.TreeMap<>(f.distinct());
                    int dropped = in[row] - dims[row];
                    d.replaceAll((s, n) -> Math.max(1, n - dropped));
                    java.util.Set<Source> shifted = new java.util.TreeSet<>(f.shifted());
                    shifted.addAll(d.keySet());
                    java.util.Map<Source, Long> span = new java.util.TreeMap<>(f.span());
                    span.replaceAll((s, n) -> Math.min(n, dims[row]));
                    out = f.withDistinct(d, shifted, span);
                }
            }
        }
        Type t = Type.value(dims, x.secret(), x.bits(), out);
        return Bound.of(t, parties -> new Cost(0, 0), (ev, vals) -> {
            Value v = vals.get(0);
            if (indices != null) {
                return Values.gather(v, indices.get(), dims);
            }
            return v instanceof Value.Secret s ? new Value.Secret(s.tensor().reshape(Shape.of(dims)))
                    : new Value.Public(dims, ((Value.Public) v).values());
        });
    }

    private static int[] target(Attrs a, int[] in) {
        int[] dims = a.integers("shape", -1, Integer.MAX_VALUE, 8);
        long size = Values.size(in);
        int free = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (free >= 0) {
                    throw a.error("shape", "at most one -1");
                }
                free = i;
            } else if (dims[i] == 0) {
                throw a.error("shape", "positive dimensions (or one -1)");
            } else {
                known *= dims[i];
                if (known > size) {
                    break;
                }
            }
        }
        if (free >= 0 && known > 0 && size % known == 0) {
            dims[free] = (int) (size / known);
            known *= dims[free];
        }
        if (known != size) {
            throw a.error("shape", Arrays.toString(a.integers("shape", -1, Integer.MAX_VALUE, 8)) + " does not hold the "
                    + size + " elements of " + Arrays.toString(in));
        }
        return dims;
    }

    /** Where the rows axis lands after a reshape that keeps it whole (same elements before it), else -1. */
    private static int rowAfterReshape(int[] in, int[] out, int row) {
        if (row < 0) {
            return -1;
        }
        long before = 1;
        for (int i = 0; i < row; i++) {
            before *= in[i];
        }
        long acc = 1;
        for (int j = 0; j < out.length; j++) {
            if (acc == before && out[j] == in[row]) {
                return j;
            }
            acc *= out[j];
        }
        return -1;
    }

    private static int[] sliceIndices(int[] in, int[] dims, int[] starts, int[] steps) {
        int[] stride = Values.strides(in);
        int n = (int) Values.size(dims);
        int[] out = new int[n];
        int[] idx = new int[dims.length];
        for (int i = 0; i < n; i++) {
            int src = 0;
            for (int ax = 0; ax < dims.length; ax++) {
                src += (starts[ax] + idx[ax] * steps[ax]) * stride[ax];
            }
            out[i] = src;
            for (int ax = dims.length - 1; ax >= 0; ax--) {
                if (++idx[ax] < dims[ax]) {
                    break;
                }
                idx[ax] = 0;
            }
        }
        return out;
    }

    private static int[] reversed(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = rank - 1 - i;
        }
        return p;
    }

    private static int[] ones(int rank) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        return s;
    }
}
