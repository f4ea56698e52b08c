package org.consortia.mpc.runtime.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.SplittableRandom;

import org.consortia.mpc.analyses.dp.DpNoise;
import org.consortia.mpc.analyses.stats.DpAggregation;
import org.consortia.mpc.protocols.auth.CheckFailedException;
import org.consortia.mpc.runtime.JobFailedException;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DP aggregation of one vector per party (federated-learning updates), through the protocol, for 2, 3 and 5 parties:
 * every vector is clipped to the L2 bound inside the computation (half of them are longer), so with the noise
 * vanishing the result is the plaintext sum of the clipped vectors within the grid's rounding; at epsilon 1 every
 * coordinate is within 6 standard deviations of the total noise.
 */
class DpAggregationTest {
    @ParameterizedTest(name = "n={0} epsilon={1} malicious={2}")
    @CsvSource({"2,1000000,false", "3,1000000,false", "5,1000000,false", "2,1,false", "3,1,false", "3,1000000,true",
        "2,1,true"})
    void clipsSumsAndAddsNoise(int n, double epsilon, boolean malicious) throws Exception {
        SplittableRandom r = TestSeeds.random("DpAggregationTest." + n + "." + epsilon);
        int length = 50;
        double clip = 2;
        double[][] v = new double[n][];
        double[] want = new double[length];
        for (int p = 0; p < n; p++) {
            v[p] = TestSeeds.uniform(r, length, p % 2 == 0 ? -1 : -0.1, p % 2 == 0 ? 1 : 0.1); // norms about 4 and 0.4
            double norm = Math.sqrt(java.util.Arrays.stream(v[p]).map(x -> x * x).sum());
            double factor = Math.min(1, clip / norm);
            for (int i = 0; i < length; i++) {
                want[i] += v[p][i] * factor;
            }
        }
        SecureRandom[] rs = new SecureRandom[n];
        for (int p = 0; p < n; p++) {
            rs[p] = SecureRandom.getInstance("SHA1PRNG"); // deterministic once seeded: test randomness only
            rs[p].setSeed(4242 + p);
        }
        double[] got;
        try (LocalCluster c = malicious ? new LocalCluster(n).malicious() : new LocalCluster(n)) {
            got = c.run(p -> DpAggregation.sum(p.backend(), length, v[p.id()], clip, 1.0, false, epsilon, 1e-6, 0, rs[p.id()]))
                    .result(0);
        }
        double sd = DpAggregation.sigma(length, clip, 1.0, 16, epsilon, 1e-6) * Math.sqrt(n) / 256;
        double worst = 0;
        for (int i = 0; i < length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        System.out.printf("DP aggregation, %d parties, epsilon %s: max |noisy - clipped sum| = %.4f (noise sd %.4f)%n", n, epsilon,
                worst, sd);
        if (epsilon >= 1000) {
            // the noise is tiny but not zero: within the rounding (2^-8 and the clipping's fixed point) and 5 deviations
            assertEquals(0, worst, 0.01 + 5 * sd, "the clipped sum");
        } else {
            assertTrue(worst < 6 * sd, "within 6 noise deviations");
            assertTrue(worst > 0, "noise was added");
        }
    }

    /**
     * Long vectors are clipped too: one party's vector of norm 100 to 1,700 (entries up to the bound 400), the other's
     * zero, the noise vanishing: the result is the clipped vector, whose norm is at most the effective clip (the clip
     * and what fixed point can add) and at least 97% of the clip.
     */
    @ParameterizedTest(name = "clip={0} scale={1}")
    @CsvSource({"1,5", "0.01,5", "1,80", "0.01,80", "64,80"})
    void longVectorsAreClipped(double clip, double scale) throws Exception {
        SplittableRandom r = TestSeeds.random("DpAggregationTest.long." + clip + "." + scale);
        int length = 20;
        double bound = 400;
        double[] v = TestSeeds.uniform(r, length, -scale, scale);
        double[] zero = new double[length];
        SecureRandom[] rs = {SecureRandom.getInstance("SHA1PRNG"), SecureRandom.getInstance("SHA1PRNG")};
        rs[0].setSeed(1);
        rs[1].setSeed(2);
        double[] got;
        try (LocalCluster c = new LocalCluster(2)) {
            got = c.run(p -> DpAggregation.sum(p.backend(), length, p.id() == 0 ? v : zero, clip, bound, false, 1e6, 1e-6, 0,
                    rs[p.id()])).result(0);
        }
        double norm = Math.sqrt(java.util.Arrays.stream(got).map(x -> x * x).sum());
        double limit = DpAggregation.effectiveClip(length, clip, bound, 16) + Math.sqrt(length) / 256;
        System.out.printf("clip %s, input norm %.1f: clipped norm %.5f (at most %.5f)%n", clip,
                Math.sqrt(java.util.Arrays.stream(v).map(x -> x * x).sum()), norm, limit);
        assertTrue(norm <= limit, "clipped norm " + norm + " over " + limit);
        assertTrue(norm >= 0.97 * clip - Math.sqrt(length) / 256, "clipped to about the clip: " + norm);
    }

    /**
     * Binomial noise in malicious mode: every member's coins are checked to be bits. Honest members: 2,000 values of 16
     * coins each have the centred binomial's mean 0 and variance 4 (within 5 standard errors); a member that inputs
     * a coin of -1 (which would make the noise move in steps of 3) fails the job with CHECK_FAILED, 2 and 3 members.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void binomialNoiseChecksThatEveryMembersCoinsAreBits(int n) throws Exception {
        int count = 2000;
        int coins = 16;
        double[] noise;
        try (LocalCluster c = new LocalCluster(n).malicious()) {
            noise = c.run(p -> DpNoise.binomial(p.backend(), count, coins, new SecureRandom()).reveal()).result(0);
        }
        double mean = java.util.Arrays.stream(noise).average().orElseThrow();
        double var = java.util.Arrays.stream(noise).map(x -> (x - mean) * (x - mean)).sum() / (count - 1);
        System.out.printf("binomial noise, %d members, malicious: mean %.3f, variance %.3f (4 expected)%n", n, mean, var);
        assertEquals(0, mean, 5 * Math.sqrt(4.0 / count), "mean");
        assertEquals(4, var, 5 * 4 * Math.sqrt(2.0 / count), "variance");
        try (LocalCluster c = new LocalCluster(n).malicious()) {
            var e = assertThrows(JobFailedException.class, () -> c.run(p -> DpNoise.binomial(p.backend(), count, coins,
                    k -> {
                        long[] bits = new long[k];
                        if (p.id() == n - 1) {
                            bits[7] = -1; // not a bit
                        }
                        return bits;
                    }).reveal()));
            assertTrue(e.getCause() instanceof CheckFailedException, e.toString());
        }
    }
}
