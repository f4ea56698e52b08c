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
        int cols = outSize(h, kh, stride, pad) * outSize(w, kw, stride, pad);
        long[] out = new long[channels * kh * kw * cols];
        into(img, 0, channels, h, w, kh, kw, stride, pad, out, 0, cols);
        return out;
    }

    /**
     * The same rows from the image at {@code img[from ..]} written into {@code out}: row r's oh x ow positions at
     * {@code out[at + r * rowStride ..]} (a batch's columns side by side, image i at {@code at = i * oh * ow}); padding
     * positions are left as they are (zeros in a fresh array).
     */
    public static void into(long[] img, int from, int channels, int h, int w, int kh, int kw, int stride, int pad,
            long[] out, int at, int rowStride) {
        int oh = outSize(h, kh, stride, pad);
        int ow = outSize(w, kw, stride, pad);
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int base = at + ((c * kh + ky) * kw + kx) * rowStride;
                    // the output columns whose input column ix = ox stride - pad + kx lies inside the image
                    int ox0 = Math.max(0, -Math.floorDiv(kx - pad, stride));
                    int ox1 = Math.min(ow, Math.floorDiv(w - 1 + pad - kx, stride) + 1);
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * stride - pad + ky;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = from + (c * h + iy) * w - pad + kx;
                        int dst = base + oy * ow;
                        if (stride == 1) {
                            if (ox1 > ox0) {
                                System.arraycopy(img, src + ox0, out, dst + ox0, ox1 - ox0);
                            }
                        } else {
                            for (int ox = ox0; ox < ox1; ox++) {
                                out[dst + ox] = img[src + ox * stride];
                            }
                        }
                    }
                }
            }
        }
    }
}
