package org.consortia.mpc.protocols.bool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BitsTest {
    @Test
    void evenBitsIsCompressByTheEvenMask() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long x = r.nextLong();
            assertEquals(Long.compress(x, 0x5555_5555_5555_5555L), Compare.evenBits(x));
            assertEquals(Long.compress(x, 0xAAAA_AAAA_AAAA_AAAAL), Compare.evenBits(x >>> 1));
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
