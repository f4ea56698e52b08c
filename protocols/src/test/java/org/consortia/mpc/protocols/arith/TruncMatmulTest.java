package org.consortia.mpc.protocols.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.sim.Simulation;
import org.consortia.mpc.sharing.ring.RingMatmul;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused truncation and product against the plaintext ring: Y within one of floor(V / 2^f) (the truncation's
 * contract, over the whole range [-2^62, 2^62)) and X Y exactly the ring product of X by the Y the parties hold, in
 * 1 round and k n + m k words to each peer, for 2, 3 and 5 parties; through the backends, FSS mode fuses and boolean
 * mode takes two rounds with the same contract.
 */
class TruncMatmulTest {
    @ParameterizedTest(name = "{0} parties, {1}x{2} times {2}x{3}, {4} bits")
    @CsvSource({"2,32,31,1,24", "3,32,31,1,24", "5,32,31,1,24", "2,5,7,3,37", "3,1,1,1,1", "5,4,6,2,61", "2,31,32,1,40"})
    void matchesTheRingProductOfTheTruncation(int parties, int m, int k, int n, int bits) {
        long seed = 7_300L + 31L * parties + m + k + n + bits;
        System.out.println("TruncMatmulTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        long[] x = new long[m * k];
        long[] v = new long[k * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 3 == 0 ? r.nextLong() : r.nextLong(-1000, 1000);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? r.nextLong(-(1L << 62), 1L << 62) : r.nextLong(-(1L << (bits + 4)), 1L << (bits + 4));
        }
        long[][] xs = Simulation.additiveShares(x, parties, r);
        long[][] vs = Simulation.additiveShares(v, parties, r);
        var run = Simulation.runContexts(parties, Comparisons.BOOLEAN,
                ctx -> TruncMatmul.run(ctx, xs[ctx.self()], vs[ctx.self()], m, k, n, bits));
        long[] y = new long[k * n];
        long[] xy = new long[m * n];
        for (int p = 0; p < parties; p++) {
            add(y, run.result(p)[0]);
            add(xy, run.result(p)[1]);
        }
        for (int j = 0; j < y.length; j++) {
            long off = y[j] - (v[j] >> bits);
            assertTrue(off == 0 || off == 1, "truncation " + j + " off by " + off);
        }
        assertArrayEquals(RingMatmul.multiply(x, y, m, k, n), xy, "X times the truncated V");
        assertEquals(1, run.rounds(), "rounds");
        assertEquals((long) k * n + (long) m * k, run.wordsToAPeer(), "words to a peer");
        assertEquals(TruncMatmul.cost(m, k, n).rounds(), run.rounds(), "declared rounds");
        assertEquals(TruncMatmul.cost(m, k, n).wordsPerPeer(), run.wordsToAPeer(), "declared words");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FSS,1", "BOOLEAN,2"})
    void backendsFuseWhereTheyHaveTheMaterial(Comparisons comparisons, long rounds) {
        long seed = 7_400L + rounds;
        System.out.println("TruncMatmulTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int m = 6;
        int k = 5;
        long[] x = new long[m * k];
        long[] v = new long[k];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextLong(-(1L << 30), 1L << 30);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextLong(-(1L << 50), 1L << 50);
        }
        long[][] xs = Simulation.additiveShares(x, 2, r);
        long[][] vs = Simulation.additiveShares(v, 2, r);
        var run = Simulation.run(2, comparisons, org.consortia.mpc.sharing.fixed.FixedPoint.defaults(),
                be -> be.truncateAndMatmul(xs[be.party()], vs[be.party()], m, k, 1, 20));
        long[] y = new long[k];
        long[] xy = new long[m];
        for (int p = 0; p < 2; p++) {
            add(y, run.result(p)[0]);
            add(xy, run.result(p)[1]);
        }
        for (int j = 0; j < k; j++) {
            long off = y[j] - (v[j] >> 20);
            assertTrue(off == 0 || off == 1, "truncation " + j + " off by " + off);
        }
        assertArrayEquals(RingMatmul.multiply(x, y, m, k, 1), xy, "X times the truncated V");
        assertEquals(rounds, run.rounds(), "rounds");
    }

    private static void add(long[] acc, long[] x) {
        for (int j = 0; j < acc.length; j++) {
            acc[j] += x[j];
        }
    }
}
