package org.consortia.mpc.protocols.bool;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Dense packing of per-element bit fields: element i's {@code width} low bits go to bits
 * [i*width, (i+1)*width) of the packed stream, 64 bits per word. Widths are powers of two (1..64), so a field
 * never straddles two words. Packing is linear over XOR, so it applies to shares as well as to values.
 */
public final class BitPack {
    private BitPack() {
    }

    public static int words(int n, int width) {
        return (int) (((long) n * width + 63) >>> 6);
    }

    public static long[] pack(long[] vals, int width) {
        check(width);
        int lw = Integer.numberOfTrailingZeros(width);
        int per = 64 >>> lw;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        int n = vals.length;
        long[] out = new long[words(n, width)];
        for (int w = 0, i = 0; w < out.length; w++) {
            long acc = 0;
            int end = Math.min(n, i + per);
            for (int sh = 0; i < end; i++, sh += width) {
                acc |= (vals[i] & mask) << sh;
            }
            out[w] = acc;
        }
        return out;
    }

    public static long[] unpack(long[] words, int n, int width) {
        check(width);
        int lw = Integer.numberOfTrailingZeros(width);
        int per = 64 >>> lw;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        long[] out = new long[n];
        for (int w = 0, i = 0; i < n; w++) {
            long word = words[w];
            int end = Math.min(n, i + per);
            for (int sh = 0; i < end; i++, sh += width) {
                out[i] = (word >>> sh) & mask;
            }
        }
        return out;
    }

    /** Bit i of a packed bit vector (width 1). */
    public static long bit(long[] packed, int i) {
        return (packed[i >>> 6] >>> (i & 63)) & 1L;
    }

    private static void check(int width) {
        if (width < 1 || width > 64 || Integer.bitCount(width) != 1) {
            throw new MpcArgumentException("bit field width " + width + " is not a power of two in 1..64");
        }
    }
}
