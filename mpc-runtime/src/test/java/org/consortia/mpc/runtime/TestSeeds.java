package org.consortia.mpc.runtime;

import java.util.SplittableRandom;

/**
 * Deterministic test randomness: the seed is derived from the test's name and printed, so a failure can be
 * replayed. Test data only; shares and masks always come from the AES PRG.
 */
public final class TestSeeds {
    private TestSeeds() {
    }

    public static SplittableRandom random(String testName) {
        long seed = testName.hashCode() * 0x9E3779B97F4A7C15L;
        System.out.println("[seed] " + testName + " -> " + seed);
        return new SplittableRandom(seed);
    }

    public static double[] uniform(SplittableRandom r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }
}
