package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;

import org.consortia.mpc.runtime.TestSeeds;
import org.junit.jupiter.api.Test;

/** The OT extension's bit-matrix transpose against a bit-by-bit reference. */
class BitsTest {
    @Test
    void transposeMatchesTheBitByBitReference() {
        SplittableRandom r = TestSeeds.random("BitsTest.transpose");
        for (int m : new int[] {64, 192, 1024, 64 * 131}) { // 131 words: two whole tiles and a part
            long[][] cols = new long[128][m / 64];
            for (long[] col : cols) {
                for (int w = 0; w < col.length; w++) {
                    col[w] = r.nextLong();
                }
            }
            long[] want = new long[2 * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < 128; j++) {
                    long bit = (cols[j][i >>> 6] >>> (i & 63)) & 1;
                    want[2 * i + (j >>> 6)] |= bit << (j & 63);
                }
            }
            assertArrayEquals(want, Bits.transpose(cols, m, new long[2 * m]), "m = " + m);
        }
    }

    @Test
    void wordsRoundTripBytesOfAnyLength() {
        SplittableRandom r = TestSeeds.random("BitsTest.words");
        for (int len : new int[] {0, 1, 7, 8, 33}) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            assertArrayEquals(b, Bits.unwords(Bits.words(b)), "length " + len);
        }
    }
}
