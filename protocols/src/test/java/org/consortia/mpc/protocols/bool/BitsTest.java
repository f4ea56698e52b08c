package org.consortia.mpc.protocols.bool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BitsTest {
    /** The 64 x 64 bit transpose against the definition, and the bit-sliced layout of partial blocks. */
    @Test
    void transposeAndSlicingMoveEveryBitWhereTheDefinitionSays() {
        SplittableRandom r = new SplittableRandom(7);
        for (int rep = 0; rep < 100; rep++) {
            long[] a = new long[64];
            for (int i = 0; i < 64; i++) {
                a[i] = r.nextLong();
            }
            long[] t = a.clone();
            org.consortia.mpc.sharing.ring.BitMatrix.transpose64(t);
            for (int i = 0; i < 64; i++) {
                for (int j = 0; j < 64; j++) {
                    assertEquals((a[i] >>> j) & 1, (t[j] >>> i) & 1, "bit " + j + " of word " + i);
                }
            }
        }
        for (int n : new int[] {1, 63, 64, 65, 200}) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextLong();
            }
            int b = BitPack.words(n, 1); // blocks of 64 elements
            long[] s = Compare.sliced(v, b);
            for (int i = 0; i < 64 * b; i++) {
                for (int j = 0; j < 64; j++) {
                    long want = i < n ? (v[i] >>> j) & 1 : 0;
                    assertEquals(want, (s[j * b + (i >>> 6)] >>> (i & 63)) & 1, "n " + n + ", element " + i + ", bit " + j);
                }
            }
        }
    }

    @Test
    void packUnpackRoundTripsForEveryWidth() {
        SplittableRandom r = new SplittableRandom(8);
        for (int width = 1; width <= 64; width *= 2) {
            for (int n : new int[] {0, 1, 63, 64, 65, 1000}) {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = width == 64 ? r.nextLong() : r.nextLong() & ((1L << width) - 1);
                }
                long[] p = BitPack.pack(v, width);
                assertEquals(BitPack.words(n, width), p.length);
                assertArrayEquals(v, BitPack.unpack(p, n, width), "width " + width + ", n " + n);
            }
        }
    }
}
