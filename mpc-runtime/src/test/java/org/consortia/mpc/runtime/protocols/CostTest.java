package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.session.Meter;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rounds and words each kernel's javadoc states, checked through the byte and round counters. */
class CostTest {
    private static long frames(int parties, int perPeer) {
        return (long) perPeer * (parties - 1) * Frame.HEADER_BYTES;
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void mulIsTwoRoundsAndThreeWordsPerElementPerPeer(int n) {
        int size = 1000;
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<Void> run = c.run(p -> {
                var x = p.input(0, Shape.vector(size), new double[size]);
                var y = p.input(1, Shape.vector(size), new double[size]);
                x.mul(y);
                return null;
            });
            long words = Beaver.wordsPerParty(Bilinear.elementwise(size), n) + Truncation.wordsPerParty(size, n);
            assertEquals(3L * size * (n - 1), words);
            for (Meter m : run.meters()) {
                assertEquals(8 * words + frames(n, 2), m.onlineBytesSent());
                assertEquals(2, m.rounds());
                assertEquals(2, m.operations().get("mul").rounds());
                assertEquals(0, m.operations().get("input").bytesSent(), "inputs cost no messages");
            }
            assertEquals(new Request.Triple(size).correctionWords()
                    + new Request.TruncPair(size, 16).correctionWords(),
                    run.demand().correctionWords());
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void matmulSendsMatrixSizedMessages(int n) {
        int m = 20;
        int k = 30;
        int q = 10;
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<Void> run = c.run(p -> {
                var x = p.input(0, Shape.matrix(m, k), new double[m * k]);
                var y = p.input(1, Shape.matrix(k, q), new double[k * q]);
                x.matmul(y);
                return null;
            });
            long words = (long) (m * k + k * q + m * q) * (n - 1);
            assertEquals(words, Beaver.wordsPerParty(Bilinear.matmul(m, k, q), n) + Truncation.wordsPerParty(m * q, n));
            for (Meter meter : run.meters()) {
                assertEquals(8 * words + frames(n, 2), meter.operations().get("matmul").bytesSent());
                assertEquals(2, meter.rounds());
            }
            assertEquals((long) m * q + 2L * m * q, run.demand().correctionWords(), "C correction + truncation pair");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void revealIsOneRound(int n) {
        int size = 50;
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<double[]> run = c.run(p -> {
                var x = p.input(0, Shape.vector(size), new double[size]);
                x.reveal();
                return x.revealTo(0);
            });
            for (int i = 0; i < n; i++) {
                Meter meter = run.meters().get(i);
                long toAll = 8 * Open.wordsPerParty(size, n) + frames(n, 1);
                long toOne = i == 0 ? 0 : 8L * size + Frame.HEADER_BYTES;
                assertEquals(toAll + toOne, meter.onlineBytesSent(), "party " + i);
                assertEquals(i == 0 ? 1 : 2, meter.rounds(), "party " + i);
            }
            assertNull(run.result(1));
            assertEquals(2, run.rounds());
        }
    }
}
