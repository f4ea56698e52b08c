package org.consortia.mpc.protocols.bool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.sim.Simulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The boolean sign against the plaintext sign, exactly, for every ring value class (0, +-1, the extremes, values
 * around every bit position and every 4-bit chunk boundary, then random), on the dealer's chunk codes and bit by bit,
 * for 2, 3 and 5 parties; rounds and words to each peer as {@link Compare#msbCost} declares them (5 rounds and 58
 * bits beyond the opening on codes, 7 rounds and 250 bits bit by bit).
 */
class CompareTest {
    @ParameterizedTest(name = "{0} parties, {1}, {2} elements")
    @CsvSource({"2,BOOLEAN,1", "2,BOOLEAN,485", "3,BOOLEAN,77", "3,BOOLEAN,4099", "5,BOOLEAN,485", "2,BITS,485",
        "3,BITS,77", "5,BITS,485"})
    void signsAreExactInEveryMode(int parties, Comparisons mode, int n) {
        long seed = 8_100L + 97L * parties + n + mode.ordinal();
        System.out.println("CompareTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        long[] x = values(n, r);
        long[][] xs = Simulation.additiveShares(x, parties, r);
        var run = Simulation.runContexts(parties, mode, ctx -> Compare.msb(ctx, xs[ctx.self()]));
        long[] sign = new long[BitPack.words(n, 1)];
        for (int p = 0; p < parties; p++) {
            long[] s = run.result(p);
            for (int w = 0; w < sign.length; w++) {
                sign[w] ^= s[w];
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(x[i] < 0 ? 1L : 0L, (sign[i >>> 6] >>> (i & 63)) & 1L, "sign of " + x[i] + " (element " + i + ")");
        }
        if ((n & 63) != 0) {
            assertEquals(0L, sign[sign.length - 1] >>> (n & 63), "bits past the last element");
        }
        Cost declared = Compare.msbCost(n, mode);
        assertEquals(mode == Comparisons.BITS ? 7 : 5, declared.rounds(), "declared rounds");
        assertEquals(declared.rounds(), run.rounds(), "rounds");
        assertEquals(declared.wordsPerPeer(), run.wordsToAPeer(), "words to a peer");
    }

    /**
     * The zero test against the plaintext, exactly (zeros every third element, then the edge values: MIN differs from
     * 0 in bit 63 alone, the last chunk's), both modes, 2, 3 and 5 parties, with the declared rounds and words.
     */
    @ParameterizedTest(name = "{0} parties, {1}, {2} elements")
    @CsvSource({"2,BOOLEAN,1", "2,BOOLEAN,485", "3,BOOLEAN,4099", "5,BOOLEAN,77", "2,BITS,485", "5,BITS,77"})
    void zeroTestsAreExactInEveryMode(int parties, Comparisons mode, int n) {
        long seed = 8_300L + 97L * parties + n + mode.ordinal();
        System.out.println("CompareTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        long[] x = values(n, r);
        for (int i = 0; i < n; i += 3) {
            x[i] = i % 2 == 0 ? 0 : x[i];
        }
        long[][] xs = Simulation.additiveShares(x, parties, r);
        var run = Simulation.runContexts(parties, mode, ctx -> Compare.isZero(ctx, xs[ctx.self()]));
        long[] zero = new long[BitPack.words(n, 1)];
        for (int p = 0; p < parties; p++) {
            long[] s = run.result(p);
            for (int w = 0; w < zero.length; w++) {
                zero[w] ^= s[w];
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(x[i] == 0 ? 1L : 0L, (zero[i >>> 6] >>> (i & 63)) & 1L, "zero test of " + x[i] + " (element " + i + ")");
        }
        Cost declared = Compare.isZeroCost(n, mode);
        assertEquals(mode == Comparisons.BITS ? 7 : 5, declared.rounds(), "declared rounds");
        assertEquals(declared.rounds(), run.rounds(), "rounds");
        assertEquals(declared.wordsPerPeer(), run.wordsToAPeer(), "words to a peer");
    }

    /**
     * ReLU on the dealer's codes and product bit against the plaintext relu, exactly, with its declared 6 rounds and
     * words (and the same values through the bit-by-bit sign's backend route for BITS sessions is the backend's test).
     */
    @ParameterizedTest(name = "{0} parties, {1} elements")
    @CsvSource({"2,1", "2,485", "3,77", "3,4099", "5,485"})
    void reluOnCodesIsExact(int parties, int n) {
        long seed = 8_200L + 97L * parties + n;
        System.out.println("CompareTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        long[] x = values(n, r);
        long[][] xs = Simulation.additiveShares(x, parties, r);
        var run = Simulation.runContexts(parties, Comparisons.BOOLEAN, ctx -> Compare.relu(ctx, xs[ctx.self()]));
        long[] y = new long[n];
        for (int p = 0; p < parties; p++) {
            long[] s = run.result(p);
            for (int i = 0; i < n; i++) {
                y[i] += s[i];
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Math.max(x[i], 0L), y[i], "relu of " + x[i] + " (element " + i + ")");
        }
        Cost declared = Compare.reluCost(n);
        assertEquals(6, declared.rounds(), "declared rounds");
        assertEquals(declared.rounds(), run.rounds(), "rounds");
        assertEquals(declared.wordsPerPeer(), run.wordsToAPeer(), "words to a peer");
    }

    /** Edge values first (0, +-1, MIN, MAX and their neighbours, +-2^j and +-2^j - 1 for every j), then random. */
    private static long[] values(int n, SplittableRandom r) {
        long[] v = new long[n];
        int i = 0;
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
        for (long e : edges) {
            if (i < n) {
                v[i++] = e;
            }
        }
        for (int j = 0; j < 63 && i + 4 <= n; j++) {
            v[i++] = 1L << j;
            v[i++] = -(1L << j);
            v[i++] = (1L << j) - 1;
            v[i++] = -(1L << j) - 1;
        }
        while (i < n) {
            v[i++] = i % 3 == 0 ? r.nextLong() : r.nextLong(-1000, 1000);
        }
        return v;
    }
}
