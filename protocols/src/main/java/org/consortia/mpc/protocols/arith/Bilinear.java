package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.ring.Conv2d;
import org.consortia.mpc.sharing.ring.Ring;
import org.consortia.mpc.sharing.ring.RingMatmul;

/**
 * A bilinear map op(x, y) on ring tensors of fixed shapes, with the shaped triple request that serves it.
 * {@link Beaver} is written once against this interface: elementwise products and matrix products (and
 * later convolutions, through im2col) share one routine.
 */
public interface Bilinear {
    int leftSize();

    int rightSize();

    int outSize();

    /** The triple this op needs. */
    Request triple();

    /** op(x, y) in the ring. */
    long[] apply(long[] x, long[] y);

    /** out += op(x, y); ops whose kernel accumulates in place override it. */
    default void applyAdd(long[] x, long[] y, long[] out) {
        long[] r = apply(x, y);
        for (int j = 0; j < out.length; j++) {
            out[j] += r[j];
        }
    }

    /**
     * Beaver's local step: c + op(e, b) + op(a, f), plus op(e, f) when {@code withEF}; e and f are read from
     * {@code opened} = [e | f]. The default costs two products accumulated into a copy of c; ops may override it
     * with a fused loop.
     */
    default long[] combine(long[] opened, long[] a, long[] b, long[] c, boolean withEF) {
        int nx = leftSize();
        long[] e = java.util.Arrays.copyOfRange(opened, 0, nx);
        long[] f = java.util.Arrays.copyOfRange(opened, nx, opened.length);
        long[] bPlus = b;
        if (withEF) {
            bPlus = b.clone();
            for (int j = 0; j < bPlus.length; j++) {
                bPlus[j] += f[j];
            }
        }
        long[] z = c.clone();
        applyAdd(e, bPlus, z);
        applyAdd(a, f, z);
        return z;
    }

    /**
     * 2-D convolution of an NCHW input (left) with weights (right): its triple masks the input tensor itself, so
     * Beaver opens {@code inputSize + weightSize} words, not the im2col expansion's k^2 times more.
     */
    static Bilinear conv(Conv2d g) {
        return new Bilinear() {
            @Override
            public int leftSize() {
                return g.inputSize();
            }

            @Override
            public int rightSize() {
                return g.weightSize();
            }

            @Override
            public int outSize() {
                return g.outSize();
            }

            @Override
            public Request triple() {
                return new Request.ConvTriple(g);
            }

            @Override
            public long[] apply(long[] x, long[] y) {
                return g.apply(x, y);
            }
        };
    }

    /** Elementwise product of two tensors of {@code size} elements. */
    static Bilinear elementwise(int size) {
        return new Bilinear() {
            @Override
            public int leftSize() {
                return size;
            }

            @Override
            public int rightSize() {
                return size;
            }

            @Override
            public int outSize() {
                return size;
            }

            @Override
            public Request triple() {
                return new Request.Triple(size);
            }

            @Override
            public long[] apply(long[] x, long[] y) {
                return Ring.mul(x, y);
            }

            @Override
            public long[] combine(long[] opened, long[] a, long[] b, long[] c, boolean withEF) {
                long[] z = new long[size];
                for (int j = 0; j < size; j++) {
                    long e = opened[j];
                    long f = opened[size + j];
                    z[j] = c[j] + e * (withEF ? b[j] + f : b[j]) + a[j] * f;
                }
                return z;
            }
        };
    }

    /** Matrix product of {@code m x k} by {@code k x n}. */
    static Bilinear matmul(int m, int k, int n) {
        return new Bilinear() {
            @Override
            public int leftSize() {
                return m * k;
            }

            @Override
            public int rightSize() {
                return k * n;
            }

            @Override
            public int outSize() {
                return m * n;
            }

            @Override
            public Request triple() {
                return new Request.MatrixTriple(m, k, n);
            }

            @Override
            public long[] apply(long[] x, long[] y) {
                return RingMatmul.multiply(x, y, m, k, n);
            }

            @Override
            public void applyAdd(long[] x, long[] y, long[] out) {
                RingMatmul.multiplyAdd(x, y, out, m, k, n);
            }
        };
    }
}
