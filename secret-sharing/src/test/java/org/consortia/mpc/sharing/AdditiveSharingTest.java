package org.consortia.mpc.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdditiveSharingTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void reconstructs(int n) {
        AesPrg prg = new AesPrg(Seed.random(), 0);
        long[] secret = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 42};
        assertArrayEquals(secret, AdditiveSharing.reconstruct(AdditiveSharing.share(secret, n, prg)));
    }

    /**
     * The shares of any n-1 parties of a fixed secret are uniform: we share the same secret many times and
     * chi-square test the low byte of every subset of n-1 shares' sum (which would be the secret's low byte
     * for all n), and of each single share.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void anyNMinusOneSharesOfAFixedSecretAreUniform(int n) {
        AesPrg prg = new AesPrg(Seed.random(), 1);
        long[] secret = new long[64];
        java.util.Arrays.fill(secret, 0x1234_5678_9ABC_DEF0L);
        int reps = 1200;
        long[][] perParty = new long[n][256];
        long[][] perLeaveOut = new long[n][256];
        for (int rep = 0; rep < reps; rep++) {
            long[][] s = AdditiveSharing.share(secret, n, prg);
            for (int j = 0; j < secret.length; j++) {
                long total = 0;
                for (int i = 0; i < n; i++) {
                    perParty[i][(int) (s[i][j] & 0xff)]++;
                    total += s[i][j];
                }
                for (int out = 0; out < n; out++) {
                    perLeaveOut[out][(int) ((total - s[out][j]) & 0xff)]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double chi = Stats.chiSquare256(perParty[i]);
            assertTrue(chi < Stats.CHI2_255_P1E6, "share of party " + i + ": chi-square " + chi);
            double chi2 = Stats.chiSquare256(perLeaveOut[i]);
            assertTrue(chi2 < Stats.CHI2_255_P1E6, "sum of all shares but party " + i + ": chi-square " + chi2);
        }
    }

    /** Control: the same statistic rejects the full set of shares (whose sum is the fixed secret). */
    @Test
    void chiSquareDetectsALeak() {
        AesPrg prg = new AesPrg(Seed.random(), 2);
        long[] secret = new long[64];
        java.util.Arrays.fill(secret, 77);
        long[] counts = new long[256];
        for (int rep = 0; rep < 1200; rep++) {
            long[][] s = AdditiveSharing.share(secret, 3, prg);
            for (int j = 0; j < secret.length; j++) {
                counts[(int) ((s[0][j] + s[1][j] + s[2][j]) & 0xff)]++;
            }
        }
        assertTrue(Stats.chiSquare256(counts) > Stats.CHI2_255_P1E6);
    }
}
