package org.consortia.mpc.analyses.dp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.consortia.mpc.protocols.sim.Simulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Noise drawn through the real protocol (every party's coins XORed inside the computation): 100,000 values of 16
 * coins match Bin(16, 1/2) - 8 (chi-square at significance 0.001, the two outermost values on each side merged so
 * that every cell expects at least 5), for 2 and 3 parties; changing any single party's
 * randomness changes the noise, and the same randomness gives the same noise.
 */
class DpNoiseTest {
    static final int SAMPLES = 100_000;
    static final int COINS = 16;
    /** Chi-square critical value, 14 degrees of freedom (15 cells), significance 0.001. */
    static final double CRITICAL = 36.123;

    static SecureRandom seeded(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG"); // deterministic once seeded: test randomness only
        r.setSeed(seed);
        return r;
    }

    static double[] draw(int n, long[] seeds, int count) throws Exception {
        SecureRandom[] rs = new SecureRandom[n];
        for (int i = 0; i < n; i++) {
            rs[i] = seeded(seeds[i]);
        }
        return Simulation.run(n, be -> DpNoise.binomial(be, count, COINS, rs[be.party()]).reveal()).result(0);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void distributionIsTheCentredBinomial(int n) throws Exception {
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = 1000L * n + i;
        }
        System.out.println("[seed] DpNoiseTest parties " + java.util.Arrays.toString(seeds));
        double[] noise = draw(n, seeds, SAMPLES);
        long[] observed = new long[COINS + 1];
        for (double v : noise) {
            int k = (int) Math.round(v) + COINS / 2;
            assertTrue(k >= 0 && k <= COINS, "noise " + v + " outside [-8, 8]");
            observed[k]++;
        }
        double[] expected = new double[COINS + 1];
        double logC = 0;
        for (int k = 0; k <= COINS; k++) {
            if (k > 0) {
                logC += Math.log(COINS - k + 1) - Math.log(k);
            }
            expected[k] = SAMPLES * Math.exp(logC - COINS * Math.log(2));
        }
        double chi = 0;
        for (int cell = 1; cell < COINS; cell++) { // cells 0..1 and 15..16 merged into the first and the last
            double o = observed[cell] + (cell == 1 ? observed[0] : 0) + (cell == COINS - 1 ? observed[COINS] : 0);
            double e = expected[cell] + (cell == 1 ? expected[0] : 0) + (cell == COINS - 1 ? expected[COINS] : 0);
            chi += (o - e) * (o - e) / e;
        }
        System.out.printf("%d parties: chi-square %.2f over 15 cells (critical %.2f at 0.001); observed %s%n", n, chi,
                CRITICAL, java.util.Arrays.toString(observed));
        assertTrue(chi < CRITICAL, "chi-square " + chi);
        assertTrue(BinomialMechanism.stddev(COINS) == 2.0);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void everyPartysRandomnessChangesTheNoise(int n) throws Exception {
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = 77 + i;
        }
        double[] base = draw(n, seeds, 200);
        assertArrayEquals(base, draw(n, seeds, 200), "the same randomness everywhere gives the same noise");
        for (int k = 0; k < n; k++) {
            long[] changed = seeds.clone();
            changed[k] += 1000;
            assertFalse(java.util.Arrays.equals(base, draw(n, changed, 200)), "party " + k + "'s randomness changes it");
        }
    }
}
