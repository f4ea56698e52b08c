package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Conv2d;

/**
 * A convolution's maps on Z_2^128 vectors (interleaved, two words per element): im2col and the output layout are
 * gathers, so they act on the low and the high words alike ({@link Conv2d#columns}, {@link Conv2d#fromRows} per word);
 * the product in between is {@link Z128#matmulAddInto}. What the authenticated convolution triple and its Beaver step
 * are made of.
 */
public final class Z128Conv {
    private Z128Conv() {
    }

    /** The im2col columns [c k k, n p] of an input of {@link Conv2d#inputSize()} elements. */
    public static long[] columns(Conv2d g, long[] x) {
        if (x.length != 2L * g.inputSize()) {
            throw new MpcArgumentException("convolution input of " + x.length / 2 + " elements; expected " + g.inputSize());
        }
        return perWord(x, g::columns);
    }

    /** Rows [f, n p] (weights times columns) laid out as the output [n, f, oh, ow]. */
    public static long[] fromRows(Conv2d g, long[] rows) {
        return perWord(rows, g::fromRows);
    }

    /** The convolution of {@code x} (the input) with {@code w} (the weights [f, c, k, k]). */
    public static long[] apply(Conv2d g, long[] x, long[] w) {
        if (w.length != 2L * g.weightSize()) {
            throw new MpcArgumentException("convolution weights of " + w.length / 2 + " elements; expected " + g.weightSize());
        }
        long[] rows = Z128.zeros(g.f() * g.n() * g.oh() * g.ow());
        Z128.matmulAddInto(rows, w, columns(g, x), g.f(), g.c() * g.k() * g.k(), g.n() * g.oh() * g.ow());
        return fromRows(g, rows);
    }

    private static long[] perWord(long[] v, java.util.function.UnaryOperator<long[]> map) {
        int n = v.length / 2;
        long[] lo = new long[n];
        long[] hi = new long[n];
        for (int i = 0; i < n; i++) {
            lo[i] = v[2 * i];
            hi[i] = v[2 * i + 1];
        }
        long[] mLo = map.apply(lo);
        long[] mHi = map.apply(hi);
        long[] out = new long[2 * mLo.length];
        for (int i = 0; i < mLo.length; i++) {
            out[2 * i] = mLo[i];
            out[2 * i + 1] = mHi[i];
        }
        return out;
    }
}
