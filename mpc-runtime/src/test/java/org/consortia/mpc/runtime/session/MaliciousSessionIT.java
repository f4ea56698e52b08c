package org.consortia.mpc.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.auth.CheckFailedException;
import org.consortia.mpc.protocols.auth.Tamper;
import org.consortia.mpc.runtime.JobFailedException;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malicious mode through the session layer, as a node runs it: demand discovered by a dry run, the dealer's seeds and
 * authenticated corrections over the transport within credit windows, each party's material streamed within its budget,
 * then the program on authenticated shares. Honest runs equal the plaintext backend's; a party that deviates once
 * anywhere makes the job fail with CHECK_FAILED.
 */
class MaliciousSessionIT {
    /** Inputs of two owners, a matrix and an elementwise product, ReLU, sigmoid; everything revealed together. */
    private static JointProgram<double[]> program(double[] a, double[] b) {
        return p -> {
            var x = p.input(0, Shape.matrix(4, 6), a);
            var y = p.input(p.parties() - 1, Shape.matrix(6, 4), b);
            var z = x.matmul(y);
            var w = z.mul(z.transpose()).add(-1.0);
            return w.relu().concat(0, w.sigmoid(), x.max(y.transpose()).matmul(y)).reveal();
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void honestRunsComputeWhatThePlaintextBackendComputes(int parties) {
        honest(parties, Comparisons.BOOLEAN);
    }

    /** Two parties with the dealer's authenticated comparison keys, streamed to both parties within their budgets. */
    @Test
    void honestRunsWithFssComparisonsComputeWhatThePlaintextBackendComputes() {
        honest(2, Comparisons.FSS);
    }

    private static void honest(int parties, Comparisons mode) {
        SplittableRandom rnd = TestSeeds.random("MaliciousSessionTest.honest." + parties + "." + mode);
        double[] a = TestSeeds.uniform(rnd, 24, -1, 1);
        double[] b = TestSeeds.uniform(rnd, 24, -1, 1);
        try (LocalCluster semi = new LocalCluster(parties).comparisons(mode);
                LocalCluster c = new LocalCluster(parties).malicious().comparisons(mode).materialBudgetWords(1 << 12)) {
            assertEquals(mode, c.comparisons());
            double[] plain = c.plaintext(program(a, b));
            double[] semiHonest = semi.run(program(a, b)).result(0);
            ClusterRun<double[]> run = c.run(program(a, b)); // a budget far below the job's: material streams in windows
            for (int i = 0; i < parties; i++) {
                double[] r = run.result(i);
                assertEquals(plain.length, r.length);
                for (int j = 0; j < r.length; j++) {
                    assertEquals(plain[j], r[j], 5e-3, "party " + i + ", element " + j);
                    assertEquals(semiHonest[j], r[j], 5e-3, "semi-honest vs malicious, element " + j);
                }
            }
            assertTrue(run.maxOnlineBytesSent() > 0);
        }
    }

    /**
     * Products past a chunk ({@link org.consortia.mpc.protocols.Cost#CHUNK}) through the session layer: the dry run
     * finds the chunks' material (its products skip their arithmetic, their shapes must still match), which streams
     * within a budget below the job's while two chunks are in flight; the plaintext backend's products within 1e-3.
     */
    @Test
    void chunkedProductsRunThroughDemandDiscoveryAndStreaming() {
        SplittableRandom rnd = TestSeeds.random("MaliciousSessionTest.chunked");
        int n = org.consortia.mpc.protocols.Cost.CHUNK + 4_321;
        double[] a = TestSeeds.uniform(rnd, n, -50, 50);
        double[] b = TestSeeds.uniform(rnd, n, -50, 50);
        JointProgram<double[]> program = p -> p.input(0, Shape.vector(n), a).mul(p.input(1, Shape.vector(n), b)).reveal();
        try (LocalCluster c = new LocalCluster(2).malicious().materialBudgetWords(1 << 22)) {
            double[] plain = c.plaintext(program);
            ClusterRun<double[]> run = c.run(program);
            for (int i = 0; i < 2; i++) {
                double[] r = run.result(i);
                assertEquals(n, r.length);
                for (int j = 0; j < n; j++) {
                    assertEquals(plain[j], r[j], 1e-3, "party " + i + ", element " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void aPartyThatDeviatesOnceIsCaughtThroughTheSessionLayer(int parties) {
        cheating(parties, Comparisons.BOOLEAN);
    }

    @Test
    void aPartyThatDeviatesOnceIsCaughtWithFssComparisons() {
        cheating(2, Comparisons.FSS);
    }

    private static void cheating(int parties, Comparisons mode) {
        SplittableRandom rnd = TestSeeds.random("MaliciousSessionTest.cheat." + parties + "." + mode);
        double[] a = TestSeeds.uniform(rnd, 24, -1, 1);
        double[] b = TestSeeds.uniform(rnd, 24, -1, 1);
        Map<Tamper.Point, Integer> caught = new EnumMap<>(Tamper.Point.class);
        try (LocalCluster counter = new LocalCluster(parties).malicious().comparisons(mode)) {
            for (Tamper.Point point : Tamper.Point.values()) {
                AtomicInteger calls = new AtomicInteger();
                // an announcement is its owner's own: the last party's y, which x.matmul(y) multiplies by its mask
                int counted = point == Tamper.Point.ANNOUNCEMENT ? parties - 1 : 0;
                counter.cheat(counted, (pt, peer, words) -> {
                    if (pt == point) {
                        calls.incrementAndGet();
                    }
                    return words;
                });
                counter.run(program(a, b));
                if (calls.get() == 0) {
                    continue; // the program never passes this point
                }
                for (int run = 0; run < 3; run++) {
                    int cheater = point == Tamper.Point.ANNOUNCEMENT ? counted : rnd.nextInt(parties);
                    int target = rnd.nextInt(calls.get());
                    long error = rnd.nextLong() | 1;
                    AtomicInteger seen = new AtomicInteger();
                    try (LocalCluster c = new LocalCluster(parties).malicious().comparisons(mode)) {
                        c.cheat(cheater, (pt, peer, words) -> {
                            if (pt != point || seen.getAndIncrement() != target) {
                                return words;
                            }
                            long[] w = words.clone();
                            w[0] += error;
                            return w;
                        });
                        JobFailedException e = assertThrows(JobFailedException.class, () -> c.run(program(a, b)),
                                point + " at party " + cheater + ", occurrence " + target);
                        assertInstanceOf(CheckFailedException.class, e.getCause(), point + ": " + e);
                        caught.merge(point, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("caught through the session layer, " + parties + " parties, " + mode + ": " + caught);
        assertTrue(caught.keySet().containsAll(java.util.List.of(Tamper.Point.INPUT, Tamper.Point.ANNOUNCEMENT,
                Tamper.Point.PRODUCT,
                Tamper.Point.MATRIX_PRODUCT, Tamper.Point.TRUNCATION, Tamper.Point.COMPARISON, Tamper.Point.OPENING,
                Tamper.Point.OUTPUT)), "every point exercised: " + caught);
    }
}
