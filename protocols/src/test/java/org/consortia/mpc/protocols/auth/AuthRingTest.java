package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.Z128;
import org.junit.jupiter.api.Test;

/** {@link AuthRing}'s sum over an axis against element-by-element Z_2^128 sums of values and MACs (seeded). */
class AuthRingTest {
    @Test
    void aSumOverTheMiddleAxisAddsValuesAndMacsAsZ128Elements() {
        long seed = 4_2026_1206L;
        System.out.println("AuthRingTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            int outer = 1 + r.nextInt(4);
            int len = 1 + r.nextInt(7);
            int inner = 1 + r.nextInt(5);
            long[] x = r.longs(4L * outer * len * inner).toArray();
            if (round % 5 == 0) {
                Arrays.fill(x, -1); // every low word carries
            }
            long[] want = new long[4 * outer * inner];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    long[] acc = new long[4];
                    for (int a = 0; a < len; a++) {
                        int e = (o * len + a) * inner + i;
                        acc = Z128.add(acc, Arrays.copyOfRange(x, 4 * e, 4 * e + 4));
                    }
                    System.arraycopy(acc, 0, want, 4 * (o * inner + i), 4);
                }
            }
            assertArrayEquals(want, AuthRing.INSTANCE.sumAxis(x, outer, len, inner),
                    "round " + round + ": " + outer + " x " + len + " x " + inner);
        }
        assertThrows(MpcArgumentException.class, () -> AuthRing.INSTANCE.sumAxis(new long[12], 1, 2, 2));
    }
}
