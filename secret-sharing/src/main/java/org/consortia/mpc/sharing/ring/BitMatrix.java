package org.consortia.mpc.sharing.ring;

/** 64 x 64 bit matrices in 64 words: the transpose that bit-sliced code (comparison trees, OT extension) turns on. */
public final class BitMatrix {
    private BitMatrix() {
    }

    /** Transposes the 64 x 64 bit matrix {@code a[0 .. 64)} in place: bit j of word i becomes bit i of word j. */
    public static void transpose64(long[] a) {
        transpose64(a, 0);
    }

    /**
     * Transposes the 64 x 64 bit matrix a[off .. off+64) in place: bit c of row r becomes bit r of row c (Eklundh's six
     * stages of block swaps, each written out with its constant shift and mask so that the JIT keeps the block in
     * registers and drops the bounds checks).
     */
    public static void transpose64(long[] a, int off) {
        for (int k = off; k < off + 32; k++) {
            long t = ((a[k] >>> 32) ^ a[k + 32]) & 0x00000000FFFFFFFFL;
            a[k + 32] ^= t;
            a[k] ^= t << 32;
        }
        for (int base = off; base < off + 64; base += 32) {
            for (int k = base; k < base + 16; k++) {
                long t = ((a[k] >>> 16) ^ a[k + 16]) & 0x0000FFFF0000FFFFL;
                a[k + 16] ^= t;
                a[k] ^= t << 16;
            }
        }
        for (int base = off; base < off + 64; base += 16) {
            for (int k = base; k < base + 8; k++) {
                long t = ((a[k] >>> 8) ^ a[k + 8]) & 0x00FF00FF00FF00FFL;
                a[k + 8] ^= t;
                a[k] ^= t << 8;
            }
        }
        for (int base = off; base < off + 64; base += 8) {
            for (int k = base; k < base + 4; k++) {
                long t = ((a[k] >>> 4) ^ a[k + 4]) & 0x0F0F0F0F0F0F0F0FL;
                a[k + 4] ^= t;
                a[k] ^= t << 4;
            }
        }
        for (int base = off; base < off + 64; base += 4) {
            long t0 = ((a[base] >>> 2) ^ a[base + 2]) & 0x3333333333333333L;
            a[base + 2] ^= t0;
            a[base] ^= t0 << 2;
            long t1 = ((a[base + 1] >>> 2) ^ a[base + 3]) & 0x3333333333333333L;
            a[base + 3] ^= t1;
            a[base + 1] ^= t1 << 2;
        }
        for (int k = off; k < off + 64; k += 2) {
            long t = ((a[k] >>> 1) ^ a[k + 1]) & 0x5555555555555555L;
            a[k + 1] ^= t;
            a[k] ^= t << 1;
        }
    }
}
