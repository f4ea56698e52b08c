package org.consortia.mpc.tools.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.consortia.mpc.analyses.trees.Binning;
import org.consortia.mpc.analyses.trees.BoostedTrees;
import org.consortia.mpc.analyses.trees.GradientBoosting;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.runtime.transport.FrameRouter;
import org.consortia.mpc.runtime.transport.InMemoryNetwork;
import org.consortia.mpc.runtime.transport.Transport;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.Test;


/**
 * The fast checks of gradient-boosted training across members: a member sees only masked values, and the bins count
 * the edges below. The training itself, against the plaintext backend and LightGBM, is {@link GradientBoostingIT}.
 */
class GradientBoostingTest {
    /**
     * Canary: member 1 (a feature holder, neither the label holder nor the model's recipient) sees nothing of the others'
     * bins, gradients or histograms: every word the other members send it during a training (3 members) is a masked
     * value, uniform over the ring, so words that look like plain fixed-point values (the top 16 bits all 0 or all 1:
     * a chance of 2^-15 each) are as rare as chance makes them; the same count over the plaintext values the training
     * handles (the labels as fixed point, the bin indicators) is every one of them.
     */
    @Test
    void aMemberSeesOnlyMaskedValues() {
        GbdtBench.Data d = GradientBoostingIT.load("breast_cancer");
        var small = new GradientBoosting.Params(3, 3, 0.3, 1.0, GradientBoosting.Loss.LOGISTIC);
        int observer = 1;
        java.util.concurrent.atomic.LongAdder words = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder plainLooking = new java.util.concurrent.atomic.LongAdder();
        var net = new InMemoryNetwork(4);
        var endpoints = new Transport[4];
        for (int i = 0; i < 4; i++) {
            var inner = net.endpoint(i);
            endpoints[i] = i == 3 ? inner : new Transport() {
                @Override
                public int self() {
                    return inner.self();
                }

                @Override
                public void send(int to, Frame frame) {
                    if (to == observer && (frame.kind() == FrameKind.DATA
                            || frame.kind() == FrameKind.PART)) {
                        for (long w : frame.payload()) {
                            words.increment();
                            long top = w >> 48;
                            if (top == 0 || top == -1) {
                                plainLooking.increment();
                            }
                        }
                    }
                    inner.send(to, frame);
                }

                @Override
                public FrameRouter router() {
                    return inner.router();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
        try (LocalCluster cluster = new LocalCluster(ProtocolParameters.defaults(), endpoints, net, "local")) {
            BoostedTrees model = cluster.run(d.program(small)).result(0);
            assertTrue(model != null && model.trees() == 3);
        }
        double share = (double) plainLooking.sum() / words.sum();
        System.out.printf("member %d received %d words from the other members, %d (%.2e) plain-looking (chance: 3.1e-05)%n",
                observer, words.sum(), plainLooking.sum(), share);
        assertTrue(words.sum() > 100_000, "the training sends member 1 masked values: " + words.sum());
        assertTrue(share < 1e-3, "words that look like plain values: " + share);
        // the statistic sees plain values: the labels at 16 fractional bits and the indicators are all plain-looking
        long plain = 0;
        long[] values = new long[d.trainBins().length + d.rows()];
        System.arraycopy(d.trainBins(), 0, values, 0, d.trainBins().length);
        System.arraycopy(new FixedPoint(16).encode(d.trainY()), 0, values, d.trainBins().length,
                d.rows());
        for (long w : values) {
            plain += (w >> 48) == 0 || (w >> 48) == -1 ? 1 : 0;
        }
        assertEquals(values.length, plain, "plain values look plain");
    }


    @Test
    void binsCountTheEdgesBelow() {
        double[] e = Binning.edges(new double[] {5, 1, 1, 3, 2, 4, 4, 4}, 4);
        assertArrayEquals(new double[] {1, 3, 4}, e); // ranks 2, 4, 6 of 1 1 2 3 4 4 4 5
        assertEquals(0, Binning.bin(e, 0.5));
        assertEquals(0, Binning.bin(e, 1));
        assertEquals(1, Binning.bin(e, 2));
        assertEquals(3, Binning.bin(e, 5));
        // duplicates and the maximum dropped, the rest padded with empty bins
        assertArrayEquals(new double[] {1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                Binning.edges(new double[] {1, 1, 1, 1, 1, 1, 2, 2}, 4));
    }
}
