package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.consortia.mpc.analyses.stats.SecureAggregation;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecureAggregationTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void sumAndMeanRevealedOnlyToTheRecipient(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        int len = 1000;
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) {
            v[i] = TestSeeds.uniform(r, len, -3, 3);
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<double[][]> run = c.run(p -> new double[][] {
                SecureAggregation.sum(p.backend(), all, len, v[p.id()], n).revealTo(0),
                SecureAggregation.mean(p.backend(), all, len, v[p.id()], 2).revealTo(0)});
            for (int j = 0; j < len; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += v[i][j];
                }
                assertEquals(s, run.result(0)[0][j], n * 1e-5);
                // 1/n is encoded with 16 fractional bits (off by up to 2^-17), then one truncation and the inputs' encodings
                assertEquals(s / n, run.result(0)[1][j], Math.abs(s) * Math.scalb(1.0, -17) + 3 * Math.scalb(1.0, -16));
            }
            for (int i = 1; i < n; i++) {
                assertNull(run.result(i)[0]);
            }
            // three exchanges, but the mean's truncation does not wait for the sum's opening: 2 sequential rounds
            assertEquals(2, run.rounds());
        }
    }

    /** A vector longer than two chunks: every element right, only the recipient learns it. */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void longVectorsAreSummedAChunkAtATime(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        int len = 2 * SecureAggregation.CHUNK + 17;
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) {
            v[i] = TestSeeds.uniform(r, len, -3, 3);
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<double[]> run = c.run(p -> SecureAggregation.sumRevealedInChunks(p.backend(), all, len, v[p.id()], n, n - 1));
            double[] got = run.result(n - 1);
            assertEquals(len, got.length);
            for (int j = 0; j < len; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += v[i][j];
                }
                assertEquals(s, got[j], n * 1e-5, "element " + j);
            }
            for (int i = 0; i < n - 1; i++) {
                assertNull(run.result(i));
            }
            // the chunks' openings do not depend on each other: one sequential round, every element sent once
            assertEquals(1, run.rounds());
            assertEquals(8.0 * len, run.maxOnlineBytesSent(), 8.0 * len * 0.01, "each party sends its shares once");
        }
    }

    @Test
    void tooFewContributorsIsRefusedBeforeAnythingIsSent() {
        try (LocalCluster c = new LocalCluster(3)) {
            var e = assertThrows(MpcArgumentException.class,
                    () -> c.run(p -> SecureAggregation.sum(p.backend(), new int[] {0, 1}, 4, new double[4], 3).reveal()));
            assertEquals("secure aggregation: 2 contributors, the job requires at least 3", e.getMessage());
        }
    }
}
