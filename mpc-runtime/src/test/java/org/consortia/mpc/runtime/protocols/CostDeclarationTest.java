package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.IntFunction;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.session.Meter;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.sharing.ring.Conv2d;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every declared cost ({@link Costs}, composed from the kernels' declarations) equals what the byte and round
 * counters measure, for 2, 3 and 5 parties and sizes that do and do not fill packed words.
 */
class CostDeclarationTest {
    private static final int[] SIZES = {1, 77, 1000, 4099};

    private static SecretTensor vector(Party p, int owner, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(i) * 3;
        }
        return p.input(owner, Shape.vector(n), v);
    }

    private static void check(int parties, String what, Cost declared, JointProgram<?> program) {
        check(parties, Comparisons.BOOLEAN, what, declared, program);
    }

    private static void check(int parties, Comparisons mode, String what, Cost declared, JointProgram<?> program) {
        try (LocalCluster c = new LocalCluster(parties).comparisons(mode)) {
            ClusterRun<?> run = c.run(program);
            for (Meter m : run.meters()) {
                assertEquals(declared.rounds(), m.rounds(), what + ": rounds");
                assertEquals(declared.bytesSent(parties, Frame.HEADER_BYTES), m.onlineBytesSent(), what + ": bytes sent");
            }
        }
    }

    private static void eachSize(int parties, String what, IntFunction<Cost> cost, IntFunction<JointProgram<?>> program) {
        for (int n : SIZES) {
            check(parties, what + " of " + n, cost.apply(n), program.apply(n));
        }
    }

    /** An [n, 1] by [1, 1] product left wide (no truncation): one Beaver round. */
    private static Cost wideProduct(int n) {
        return Beaver.cost(Bilinear.matmul(n, 1, 1));
    }

    private static SecretTensor wide(Party p, int n, int last) {
        return vector(p, 0, n).reshape(Shape.matrix(n, 1)).matmulWide(p.input(last, Shape.matrix(1, 1), new double[] {0.75}));
    }

    /** The two-party FSS declarations against the counters (keys from the dealer, every size one chunk or more). */
    @org.junit.jupiter.api.Test
    void fssDeclarationsMatchTheCounters() {
        for (int n : SIZES) {
            check(2, Comparisons.FSS, "fss ltz of " + n, Costs.ltz(n, Comparisons.FSS), p -> vector(p, 0, n).ltz());
            check(2, Comparisons.FSS, "fss relu of " + n, Costs.relu(n, Comparisons.FSS), p -> vector(p, 0, n).relu());
            check(2, Comparisons.FSS, "fss sigmoid of " + n, Costs.splineFss(n), p -> vector(p, 0, n).sigmoid());
            check(2, Comparisons.FSS, "fss gelu of " + n, Costs.splineFss(n), p -> vector(p, 0, n).gelu());
            check(2, Comparisons.FSS, "fss relu after a product of " + n,
                    wideProduct(n).then(Costs.reluTruncated(n, Comparisons.FSS)), p -> wide(p, n, 1).reluTruncated());
        }
    }

    /** Boolean comparisons bit by bit (what sessions without a dealer run; here with the dealer's bit masks). */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void bitByBitDeclarationsMatchTheCounters(int parties) {
        for (int n : SIZES) {
            check(parties, Comparisons.BITS, "bitwise ltz of " + n, Costs.ltz(n, Comparisons.BITS), p -> vector(p, 0, n).ltz());
            check(parties, Comparisons.BITS, "bitwise relu of " + n, Costs.relu(n, Comparisons.BITS),
                    p -> vector(p, 0, n).relu());
            check(parties, Comparisons.BITS, "bitwise isZero of " + n, Costs.isZero(n, Comparisons.BITS),
                    p -> vector(p, 0, n).isZero());
        }
    }

    /**
     * Products and truncations of more than one chunk run two chunks in flight: 4 chunks take 3 rounds each (a
     * round starts at the first send after a receive), 2 chunks one; the same bytes as one opening of the whole.
     */
    @org.junit.jupiter.api.Test
    void pipelinedChunksMatchTheCounters() {
        for (int n : new int[] {Cost.CHUNK + 1, 3 * Cost.CHUNK + 5}) {
            Cost declared = Costs.mul(n);
            assertEquals(n == Cost.CHUNK + 1 ? 2 : 6, declared.rounds(), "declared rounds of a mul of " + n);
            check(2, "mul of " + n, declared, p -> vector(p, 0, n).mul(vector(p, 1, n)));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void everyDeclarationMatchesTheCounters(int parties) {
        int last = parties - 1;
        eachSize(parties, "reveal", Costs::reveal, n -> p -> vector(p, 0, n).reveal());
        eachSize(parties, "mul", Costs::mul, n -> p -> vector(p, 0, n).mul(vector(p, last, n)));
        eachSize(parties, "ltz", Costs::ltz, n -> p -> vector(p, 0, n).ltz());
        eachSize(parties, "isZero", Costs::isZero, n -> p -> vector(p, 0, n).isZero());
        eachSize(parties, "relu", Costs::relu, n -> p -> vector(p, 0, n).relu());
        eachSize(parties, "A2B", Costs::toBits, n -> p -> p.backend().toBits(vector(p, 0, n).share()));
        check(parties, "matmul 9x7 by 7x5", Costs.matmul(9, 7, 5), p -> p.input(0, Shape.matrix(9, 7), new double[63])
                .matmul(p.input(last, Shape.matrix(7, 5), new double[35])));
        eachSize(parties, "relu after a product", n -> wideProduct(n).then(Costs.reluTruncated(n, Comparisons.BOOLEAN)),
                n -> p -> wide(p, n, last).reluTruncated());
        Conv2d g = new Conv2d(2, 3, 9, 8, 4, 3, 2, 1);
        check(parties, "conv2d " + g, Costs.conv2d(g), p -> p.input(last, Shape.of(2, 3, 9, 8), new double[g.inputSize()])
                .conv2d(p.input(0, Shape.of(4, 3, 3, 3), new double[g.weightSize()]), 2, 1));
    }
}
