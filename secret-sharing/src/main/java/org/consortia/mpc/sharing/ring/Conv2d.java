package org.consortia.mpc.sharing.ring;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * A 2-D convolution's geometry and its map in the ring: input {@code [n, c, h, w]} (NCHW), weights
 * {@code [f, c, k, k]}, zero padding {@code pad}, stride {@code stride}, output {@code [n, f, oh, ow]}. The map is
 * bilinear in (input, weights), so Beaver's method applies to it directly: a convolution triple masks the
 * input tensor itself, and the parties expand the opened input with im2col locally (k^2 times fewer words on the
 * wire than masking the im2col expansion).
 */
public record Conv2d(int n, int c, int h, int w, int f, int k, int stride, int pad) {
    public Conv2d {
        for (int v : new int[] {n, c, h, w, f, k, stride}) {
            MpcArgumentException.checkNonNegative(v, "convolution dimension");
        }
        if (k < 1 || stride < 1 || pad < 0) {
            throw new MpcArgumentException("convolution: kernel " + k + ", stride " + stride + ", padding " + pad);
        }
        int oh = Im2col.outSize(h, k, stride, pad);
        int ow = Im2col.outSize(w, k, stride, pad);
        try { // every size below, the im2col expansion included, fits an int
            Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(n, c), h), w);
            Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(f, c), k), k);
            Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(n, f), oh), ow);
            Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(c, k), k), n), Math.multiplyExact(oh, ow));
        } catch (ArithmeticException e) {
            throw new MpcArgumentException("convolution too large: " + n + "x" + c + "x" + h + "x" + w + " by " + f + "x" + c
                    + "x" + k + "x" + k);
        }
    }

    public int oh() {
        return Im2col.outSize(h, k, stride, pad);
    }

    public int ow() {
        return Im2col.outSize(w, k, stride, pad);
    }

    public int inputSize() {
        return n * c * h * w;
    }

    public int weightSize() {
        return f * c * k * k;
    }

    public int outSize() {
        return n * f * oh() * ow();
    }

    /** The convolution of {@code x} ({@link #inputSize()}) with {@code weights} ({@link #weightSize()}), NCHW. */
    public long[] apply(long[] x, long[] weights) {
        return fromRows(RingMatmul.multiply(weights, columns(x), f, c * k * k, n * oh() * ow())); // [f, n*p]
    }

    /** The im2col columns of a whole batch: [c k k, n p], image i's positions in columns i p .. (i + 1) p. */
    public long[] columns(long[] x) {
        if (x.length != inputSize()) {
            throw new MpcArgumentException("convolution input of " + x.length + " elements; expected " + inputSize());
        }
        int p = oh() * ow();
        int ckk = c * k * k;
        int img = c * h * w;
        long[] cols = new long[ckk * n * p];
        for (int i = 0; i < n; i++) { // image i straight into its columns of every row
            Im2col.into(x, i * img, c, h, w, k, k, stride, pad, cols, i * p, n * p);
        }
        return cols;
    }

    /** Weights [f, c k k] times {@link #columns} ([f, n p]) laid out as the output, [n, f, oh, ow]. */
    public long[] fromRows(long[] y) {
        int p = oh() * ow();
        long[] out = new long[n * f * p];
        for (int fi = 0; fi < f; fi++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(y, fi * (n * p) + i * p, out, (i * f + fi) * p, p);
            }
        }
        return out;
    }
}
