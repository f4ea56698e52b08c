package org.consortia.mpc.runtime.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bit-matrix helpers for OT extension: 64 x 64 transposes and long/byte conversions. */
final class Bits {
    private Bits() {
    }

    /** Transposes the 64 x 64 bit matrix a[off .. off+64) in place: bit c of row r becomes bit r of row c. */
    static void transpose64(long[] a, int off) {
        long m = 0x00000000FFFFFFFFL;
        for (int j = 32; j != 0; j >>>= 1, m ^= m << j) {
            for (int k = 0; k < 64; k = (k + j + 1) & ~j) {
                long t = ((a[off + k] >>> j) ^ a[off + k + j]) & m;
                a[off + k + j] ^= t;
                a[off + k] ^= t << j;
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
