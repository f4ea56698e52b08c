package org.consortia.mpc.runtime.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bit-matrix helpers for OT extension: 64 x 64 transposes and long/byte conversions. */
final class Bits {
    private Bits() {
    }

    /** The masks of the six swap stages of {@link #transpose64}. */
    private static final long[] MASKS = {0x00000000FFFFFFFFL, 0x0000FFFF0000FFFFL, 0x00FF00FF00FF00FFL, 0x0F0F0F0F0F0F0F0FL,
        0x3333333333333333L, 0x5555555555555555L};

    /**
     * Transposes the 64 x 64 bit matrix a[off .. off+64) in place: bit c of row r becomes bit r of row c (six stages of
     * block swaps, written as plain nested loops so that the JIT unrolls them).
     */
    static void transpose64(long[] a, int off) {
        for (int stage = 0, j = 32; j != 0; stage++, j >>>= 1) {
            long m = MASKS[stage];
            for (int base = off; base < off + 64; base += 2 * j) {
                for (int k = base; k < base + j; k++) {
                    long t = ((a[k] >>> j) ^ a[k + j]) & m;
                    a[k + j] ^= t;
                    a[k] ^= t << j;
                }
            }
        }
    }

    /**
     * Columns to rows: {@code cols[j]} holds bit i of column j (128 columns, m bits each, m a multiple of 64); the
     * result holds row i's 128 bits as {@code rows[2 i]} (columns 0..63) and {@code rows[2 i + 1]} (64..127).
     */
    static long[] transpose(long[][] cols, int m) {
        int words = m / 64;
        long[] rows = new long[2 * m];
        long[] block = new long[64];
        for (int w = 0; w < words; w++) {
            for (int g = 0; g < 2; g++) {
                for (int c = 0; c < 64; c++) {
                    block[c] = cols[64 * g + c][w];
                }
                transpose64(block, 0);
                for (int r = 0; r < 64; r++) {
                    rows[2 * (64 * w + r) + g] = block[r];
                }
            }
        }
        return rows;
    }

    /** Bytes as words: the length, then the bytes little-endian (a base OT's curve points). */
    static long[] words(byte[] bytes) {
        long[] w = new long[1 + (bytes.length + 7) / 8];
        w[0] = bytes.length;
        ByteBuffer.wrap(java.util.Arrays.copyOf(bytes, 8 * (w.length - 1))).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(w, 1,
                w.length - 1);
        return w;
    }

    /** What {@link #words} packed; a malformed message is an error. */
    static byte[] unwords(long[] w) {
        if (w.length == 0 || w[0] < 0 || w[0] > 8L * (w.length - 1) || w[0] <= 8L * (w.length - 2)) {
            throw new IllegalStateException("base OT: a malformed message of " + w.length + " words");
        }
        return java.util.Arrays.copyOf(bytes(java.util.Arrays.copyOfRange(w, 1, w.length)), (int) w[0]);
    }

    static byte[] bytes(long[] words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(words);
        return b.array();
    }

    static long[] longs(byte[] bytes, int off, int count) {
        long[] out = new long[count];
        ByteBuffer.wrap(bytes, off, count * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }
}
