package org.consortia.mpc.sharing.ring;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Rearranges a {@code [channels, height, width]} image into the {@code [channels*kh*kw, outH*outW]} matrix
 * whose product with a {@code [filters, channels*kh*kw]} weight matrix is the 2-D convolution (zero padding).
 * Works on any ring values, so it serves plaintext and shares alike (padding with zero is linear).
 */
public final class Im2col {
    private Im2col() {
    }

    public static int outSize(int in, int kernel, int stride, int pad) {
        int span = in + 2 * pad - kernel;
        if (span < 0 || stride <= 0) {
            throw new MpcArgumentException("im2col: kernel " + kernel + " with padding " + pad + " and stride " + stride
                    + " does not fit input size " + in);
        }
        return span / stride + 1;
    }

    public static long[] im2col(long[] img, int channels, int h, int w, int kh, int kw, int stride, int pad) {
        if ((long) channels * h * w != img.length) {
            throw new MpcArgumentException("im2col: image of " + img.length + " elements is not " + channels + "x" + h + "x" + w);
        }
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(w, kw, stride, pad);
        int cols = oh * ow;
        long[] out = new long[channels * kh * kw * cols];
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = (c * kh + ky) * kw + kx;
                    int base = row * cols;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * stride - pad + ky;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * stride - pad + kx;
                            if (ix >= 0 && ix < w) {
                                out[base + oy * ow + ox] = img[(c * h + iy) * w + ix];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
