package org.consortia.mpc.programs;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/** Shape arithmetic (numpy's broadcasting, permutations, gathers) and conversions shared by the ops. */
public final class Values {
    private Values() {
    }

    /** numpy's broadcast of two shapes, or {@code null} when they do not broadcast. */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i < r - a.length ? 1 : a[i - (r - a.length)];
            int y = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** The element count, saturating at {@link Long#MAX_VALUE} (so that every limit refuses it). */
    public static long size(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n = d == 0 ? 0 : n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
        }
        return n;
    }

    /** For each element of {@code target}, the flat index of the element of {@code from} that broadcasts to it. */
    public static int[] broadcastIndices(int[] from, int[] target) {
        int n = (int) size(target);
        int[] out = new int[n];
        int r = target.length;
        int off = r - from.length;
        int[] stride = strides(from);
        int[] idx = new int[r];
        for (int i = 0; i < n; i++) {
            int src = 0;
            for (int ax = off; ax < r; ax++) {
                if (from[ax - off] != 1) {
                    src += idx[ax] * stride[ax - off];
                }
            }
            out[i] = src;
            for (int ax = r - 1; ax >= 0; ax--) {
                if (++idx[ax] < target[ax]) {
                    break;
                }
                idx[ax] = 0;
            }
        }
        return out;
    }

    /** For each element of the transposed shape, the flat index of its source under {@code perm}. */
    public static int[] permuteIndices(int[] dims, int[] perm) {
        int[] out = permuted(dims, perm);
        int[] stride = strides(dims);
        int n = (int) size(dims);
        int[] res = new int[n];
        int[] idx = new int[out.length];
        for (int i = 0; i < n; i++) {
            int src = 0;
            for (int ax = 0; ax < out.length; ax++) {
                src += idx[ax] * stride[perm[ax]];
            }
            res[i] = src;
            for (int ax = out.length - 1; ax >= 0; ax--) {
                if (++idx[ax] < out[ax]) {
                    break;
                }
                idx[ax] = 0;
            }
        }
        return res;
    }

    public static int[] permuted(int[] dims, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = dims[perm[i]];
        }
        return out;
    }

    /** The permutation that moves {@code axis} to the end (and its inverse with {@link #inverse}). */
    public static int[] toLast(int rank, int axis) {
        int[] p = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i != axis) {
                p[j++] = i;
            }
        }
        p[rank - 1] = axis;
        return p;
    }

    public static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    public static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** The value gathered at {@code indices} into shape {@code dims} (local for secrets). */
    public static Value gather(Value v, int[] indices, int[] dims) {
        if (v instanceof Value.Secret s) {
            return new Value.Secret(s.tensor().take(indices, Shape.of(dims)));
        }
        double[] src = ((Value.Public) v).values();
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = src[indices[i]];
        }
        return new Value.Public(dims, out);
    }

    /** The value broadcast to {@code target} (unchanged when it has that shape). */
    public static Value broadcastTo(Value v, int[] target) {
        return java.util.Arrays.equals(v.dims(), target) ? v : gather(v, broadcastIndices(v.dims(), target), target);
    }

    public static Value transpose(Value v, int[] perm) {
        return gather(v, permuteIndices(v.dims(), perm), permuted(v.dims(), perm));
    }

    /** A secret fixed-point tensor of the value (a public one becomes a constant; 0/1 values get the session's scale). */
    public static SecretTensor fixed(Backend be, Value v) {
        if (v instanceof Value.Secret s) {
            return s.tensor().toFixedPoint();
        }
        Value.Public p = (Value.Public) v;
        return be.constant(Shape.of(p.dims()), p.values());
    }

    /** A secret tensor keeping 0/1 values at scale 0 (a public one becomes a constant of the session's scale). */
    public static SecretTensor secret(Backend be, Value v) {
        return v instanceof Value.Secret s ? s.tensor() : fixed(be, v);
    }

    /** A secret tensor of 0/1 values at scale 0 (a public one's 0/1 values become a constant of scale 0). */
    public static SecretTensor bits(Backend be, Value v) {
        if (v instanceof Value.Secret s) {
            return s.tensor();
        }
        double[] p = ((Value.Public) v).values();
        long[] ints = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            ints[i] = (long) p[i];
        }
        return SecretTensor.fromShare(be, Shape.of(v.dims()), be.publicShare(ints), 0);
    }

    /** The values of a public tensor. */
    public static double[] publicValues(Value v) {
        return ((Value.Public) v).values();
    }
}
