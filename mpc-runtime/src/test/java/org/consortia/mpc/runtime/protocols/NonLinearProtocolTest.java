package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.Spline;
import org.consortia.mpc.protocols.bool.BitPack;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Comparisons, ReLU, selection, max/argmax and max pooling against the plaintext backend, which computes the
 * same thing exactly: every result must be identical, for 2, 3 and 5 parties, including the edges.
 */
class NonLinearProtocolTest {
    /** Runs securely and in plaintext; every party agrees, and secure equals plaintext exactly. */
    private static long[] exact(LocalCluster c, JointProgram<long[]> program) {
        ClusterRun<long[]> run = c.run(program);
        long[] plain = c.plaintext(program);
        for (int i = 0; i < c.parties(); i++) {
            assertArrayEquals(plain, run.result(i), "party " + i + " vs plaintext");
        }
        return plain;
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void signIsExactForEveryRingValue(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "sign");
        long[] x = new long[400];
        long[] edges = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1L << 62,
            -(1L << 62), (1L << 62) - 1, 65536, -65536, 1L << 32, -(1L << 32)};
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (int i = edges.length; i < x.length; i++) {
            x[i] = i % 2 == 0 ? r.nextLong() : r.nextLong(-1000, 1000);
        }
        try (LocalCluster c = new LocalCluster(n)) {
            long[] bits = exact(c, p -> p.inputIntegers(0, Shape.vector(x.length), x).ltz().revealRing());
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i] < 0 ? 1 : 0, bits[i], "x[" + i + "]");
            }
            long[] zero = exact(c, p -> p.inputIntegers(n - 1, Shape.vector(x.length), x).isZero().revealRing());
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i] == 0 ? 1 : 0, zero[i], "x[" + i + "] == 0");
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void arithmeticToBooleanConversionIsExact(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "a2b");
        long[] x = new long[300];
        x[1] = -1;
        x[2] = Long.MIN_VALUE;
        x[3] = Long.MAX_VALUE;
        for (int i = 4; i < x.length; i++) {
            x[i] = r.nextLong();
        }
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<long[]> run = c.run(p -> {
                var be = p.backend();
                return be.openBits(be.toBits(p.inputIntegers(n - 1, Shape.vector(x.length), x).share()));
            });
            for (int i = 0; i < n; i++) {
                assertArrayEquals(x, run.result(i), "party " + i);
            }
            assertEquals(7, run.rounds() - 1, "7 rounds plus the opening");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void reluMaxMinWhereClampAreExact(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "select");
        int len = 300;
        double[] a = TestSeeds.uniform(r, len, -50, 50);
        double[] b = TestSeeds.uniform(r, len, -50, 50);
        a[0] = 0;
        b[1] = a[1]; // a tie
        a[2] = -0.0;
        a[3] = 1.0 / 65536; // one LSB
        a[4] = -1.0 / 65536;
        double bound = Math.scalb(1.0, 45);
        a[5] = bound;
        a[6] = -bound;
        Shape s = Shape.of(3, 100);
        try (LocalCluster c = new LocalCluster(n)) {
            exact(c, p -> p.input(0, s, a).relu().revealRing());
            exact(c, p -> p.input(0, s, a).max(p.input(n - 1, s, b)).revealRing());
            exact(c, p -> p.input(0, s, a).min(p.input(n - 1, s, b)).revealRing());
            exact(c, p -> p.input(0, s, a).abs().revealRing());
            exact(c, p -> p.input(0, s, a).clamp(-10, 12.5).revealRing());
            exact(c, p -> SecretTensor.where(p.input(0, s, a).lt(p.input(n - 1, s, b)), p.input(0, s, a),
                    p.input(n - 1, s, b).mul(2L)).revealRing());
            long[] relu = exact(c, p -> p.input(0, s, a).relu().revealRing());
            var fp = c.fixedPoint();
            for (int i = 0; i < len; i++) {
                assertEquals(Math.max(0, fp.encode(a[i])), relu[i], "relu is exact at " + i);
            }
            long[] clamped = exact(c, p -> p.input(0, s, a).clamp(-10, 12.5).revealRing());
            for (int i = 0; i < len; i++) {
                assertEquals(Math.min(Math.max(fp.encode(a[i]), fp.encode(-10)), fp.encode(12.5)), clamped[i], "clamp at " + i);
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void argmaxAndMaxAlongTheLastAxis(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "argmax");
        try (LocalCluster c = new LocalCluster(n)) {
            for (int k : new int[] {1, 2, 3, 10, 17}) {
                int rows = 7;
                double[] v = TestSeeds.uniform(r, rows * k, -20, 20);
                if (k >= 3) {
                    v[1] = v[2] = 25; // a tie for the maximum in row 0: the first index wins
                }
                Shape s = Shape.matrix(rows, k);
                long[] idx = exact(c, p -> p.input(0, s, v).argmax().revealRing());
                long[] max = exact(c, p -> p.input(0, s, v).maxLastAxis().revealRing());
                long[] hot = exact(c, p -> p.input(0, s, v).argmaxOneHot().revealRing());
                for (int row = 0; row < rows; row++) {
                    int best = 0;
                    for (int j = 1; j < k; j++) {
                        if (v[row * k + j] > v[row * k + best]) {
                            best = j;
                        }
                    }
                    assertEquals(best, idx[row], "k=" + k + " row " + row);
                    assertEquals(c.fixedPoint().encode(v[row * k + best]), max[row]);
                    for (int j = 0; j < k; j++) {
                        assertEquals(j == best ? 1 : 0, hot[row * k + j]);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void maxPoolingAgainstADirectComputation(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "pool");
        try (LocalCluster c = new LocalCluster(n)) {
            for (int[] cfg : List.of(new int[] {2, 3, 8, 8, 2, 2, 0}, new int[] {1, 2, 5, 7, 3, 1, 1},
                    new int[] {1, 1, 6, 6, 3, 2, 1})) {
                int batch = cfg[0];
                int ch = cfg[1];
                int h = cfg[2];
                int w = cfg[3];
                int k = cfg[4];
                int stride = cfg[5];
                int pad = cfg[6];
                double[] v = TestSeeds.uniform(r, batch * ch * h * w, -30, 30);
                Shape s = Shape.of(batch, ch, h, w);
                long[] got = exact(c, p -> p.input(0, s, v).maxPool2d(k, stride, pad).revealRing());
                int oh = (h + 2 * pad - k) / stride + 1;
                int ow = (w + 2 * pad - k) / stride + 1;
                int at = 0;
                for (int plane = 0; plane < batch * ch; plane++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            double m = Double.NEGATIVE_INFINITY;
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * stride - pad + ky;
                                    int ix = ox * stride - pad + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        m = Math.max(m, v[(plane * h + iy) * w + ix]);
                                    }
                                }
                            }
                            assertEquals(c.fixedPoint().encode(m), got[at++], "window " + (at - 1));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void sigmoidWithinOneTenThousandthAndSaturatingExactly(int n) {
        int len = n == 2 ? 20_001 : 2_001;
        double[] x = new double[len + 8];
        for (int i = 0; i < len; i++) {
            x[i] = -25 + 50.0 * i / (len - 1);
        }
        double top = Math.nextDown(Math.scalb(1.0, 46));
        double[] edges = {0, 1, -1, 10, -10, 9.999984741210938, top, -top};
        System.arraycopy(edges, 0, x, len, edges.length);
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<double[]> run = c.run(p -> p.input(0, Shape.vector(x.length), x).sigmoid().reveal());
            double[] plain = c.plaintext(p -> p.input(0, Shape.vector(x.length), x).sigmoid().reveal());
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                double got = run.result(n - 1)[i];
                double exact = 1 / (1 + Math.exp(-x[i]));
                worst = Math.max(worst, Math.abs(got - exact));
                assertEquals(plain[i], got, 4.0 / 65536, "secure vs plaintext backend at x = " + x[i]);
                if (Math.abs(x[i]) >= 10) {
                    assertEquals(x[i] > 0 ? 1.0 : 0.0, got, 0.0, "exact saturation at x = " + x[i]);
                }
            }
            System.out.println("secure sigmoid, " + n + " parties: max abs error " + worst + " over " + x.length + " points");
            org.junit.jupiter.api.Assertions.assertTrue(worst <= 1e-4, "max error " + worst);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void expReciprocalRootsLogSoftmaxMatchPlaintextAndExact(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "approx");
        int len = 500;
        double[] e = TestSeeds.uniform(r, len, -16, 10);
        double[] pos = new double[len];
        for (int i = 0; i < len; i++) {
            pos[i] = Math.exp(r.nextDouble(Math.log(1e-3), Math.log(1e4)));
        }
        pos[0] = 1.0 / 1024; // octave edges
        pos[1] = 1;
        pos[2] = 8192;
        pos[3] = 2;
        double[] logits = TestSeeds.uniform(r, 60, -12, 12);
        try (LocalCluster c = new LocalCluster(n)) {
            var fp = c.fixedPoint();
            record Case(String name, java.util.function.UnaryOperator<SecretTensor> fn, double[] in,
                    java.util.function.DoubleUnaryOperator exact) {
            }
            for (Case k : List.of(new Case("exp", SecretTensor::exp, e, Math::exp),
                    new Case("reciprocal", SecretTensor::reciprocal, pos, v -> 1 / v),
                    new Case("rsqrt", SecretTensor::rsqrt, pos, v -> 1 / Math.sqrt(v)),
                    new Case("sqrt", SecretTensor::sqrt, pos, Math::sqrt),
                    new Case("log", SecretTensor::log, pos, Math::log))) {
                ClusterRun<double[]> run = c.run(p -> k.fn.apply(p.input(0, Shape.vector(len), k.in)).reveal());
                double[] plain = c.plaintext(p -> k.fn.apply(p.input(0, Shape.vector(len), k.in)).reveal());
                for (int i = 0; i < len; i++) {
                    double x = fp.decode(fp.encode(k.in[i]));
                    double want = k.exact.applyAsDouble(x);
                    double got = run.result(n - 1)[i];
                    assertEquals(plain[i], got, 4 * fp.lsb() * Math.max(1, Math.abs(want) * 1e-4), k.name + " vs plaintext at " + x);
                    assertEquals(want, got, Math.max(1e-3 * Math.abs(want), 4 * fp.lsb()), k.name + " vs exact at " + x);
                }
            }
            ClusterRun<double[]> sm = c.run(p -> p.input(0, Shape.matrix(6, 10), logits).softmax().reveal());
            for (int row = 0; row < 6; row++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < 10; j++) {
                    m = Math.max(m, logits[row * 10 + j]);
                }
                double s = 0;
                for (int j = 0; j < 10; j++) {
                    s += Math.exp(logits[row * 10 + j] - m);
                }
                for (int j = 0; j < 10; j++) {
                    assertEquals(Math.exp(logits[row * 10 + j] - m) / s, sm.result(0)[row * 10 + j], 1e-3, "softmax " + row + "," + j);
                }
            }
        }
    }

    /**
     * ReLU on N elements: 6 rounds on the dealer's chunk codes (the opening, 4 levels, the masked sign; 9 bit by bit,
     * without a dealer: 7 for the sign, its conversion and a product), and the bytes Compare, Convert and Beaver state,
     * through the counters; with FSS comparisons (2 parties), 1 round: the masked opening.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void reluCostsSixRoundsOnCodesAndNineBitByBit(int n) {
        int len = 1000;
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<Void> run = c.run(p -> {
                p.input(0, Shape.vector(len), new double[len]).relu();
                return null;
            });
            if (c.comparisons() == Comparisons.FSS) {
                for (var m : run.meters()) {
                    assertEquals(1, m.rounds());
                    assertEquals(8L * len + Frame.HEADER_BYTES, m.operations().get("relu").bytesSent());
                }
                return;
            }
            boolean bits = c.comparisons() == Comparisons.BITS; // 64 bit leaves, else 16 chunk leaves (the dealer's codes)
            long perPeer = 8L * len + Frame.HEADER_BYTES; // open c
            for (int half = bits ? 32 : 8; half >= 2; half >>= 1) {
                perPeer += 8L * 4 * BitPack.words(len, half) + Frame.HEADER_BYTES; // [d | e] of two ANDs
            }
            perPeer += 8L * 2 * BitPack.words(len, 1) + Frame.HEADER_BYTES; // last level
            perPeer += 8L * BitPack.words(len, 1) + Frame.HEADER_BYTES; // B2A, or the masked sign (codes)
            if (bits) {
                perPeer += 8L * 2 * len + Frame.HEADER_BYTES; // x * bit
            }
            for (var m : run.meters()) {
                assertEquals(bits ? 9 : 6, m.rounds());
                assertEquals(perPeer * (n - 1), m.operations().get("relu").bytesSent());
            }
        }
    }

    /**
     * A public spline of shares (random cubic pieces, inputs at every break, just below, beyond both ends and spread)
     * gives exactly the integers {@link Spline#valueAt} gives: by comparisons and products, or in two FSS rounds
     * between 2 parties; with a slack of 5 bits, inputs less than 2^5 below a break may take the piece above.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void splinesGiveThePlaintextIntegersExactly(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "spline");
        long one = 1L << 16;
        long[] breaks = {-3 * one, -64, 0, one + 5, 4 * one, 7 * one}; // at least 2^slack apart
        long[] centres = new long[breaks.length + 1];
        long[][] coef = new long[breaks.length + 1][];
        for (int k = 0; k < coef.length; k++) {
            centres[k] = r.nextLong(-8 * one, 8 * one);
            coef[k] = new long[1 + r.nextInt(4)]; // |u - centre| < 2^20
            long[] bound = {1L << 58, 1L << 38, 1L << 18, 4};
            for (int j = 0; j < coef[k].length; j++) {
                coef[k][j] = r.nextLong(-bound[j], bound[j]);
            }
        }
        for (int slack : new int[] {0, 5}) {
            Spline spline = new Spline(-5 * one, 7 * one, breaks, centres, coef, 40, slack);
            int len = 600;
            double[] x = new double[len];
            long[] v = new long[len];
            for (int i = 0; i < len; i++) {
                v[i] = i < 3 * breaks.length ? breaks[i / 3] - (i % 3) * (i % 3) * 7 // at, 7 and 28 below every break
                        : i < 30 ? (i % 2 == 0 ? 1 : -1) * (1L << (40 + i % 5)) : r.nextLong(-10 * one, 10 * one);
                x[i] = Math.scalb((double) v[i], -16);
            }
            try (LocalCluster c = new LocalCluster(n)) {
                ClusterRun<long[]> run = c.run(p -> {
                    SecretTensor t = p.input(0, Shape.vector(len), x);
                    long[] out = t.backend().spline(t.share(), spline);
                    return SecretTensor.fromShare(t.backend(), t.shape(), out, 0).revealRing();
                });
                for (int p = 0; p < n; p++) {
                    long[] got = run.result(p);
                    for (int i = 0; i < len; i++) {
                        long u = Math.min(spline.hi(), Math.max(spline.lo(), v[i]));
                        int k = spline.pieceOf(u);
                        boolean near = k < breaks.length && breaks[k] - u < 1L << slack;
                        if (got[i] != spline.valueAt(v[i])) {
                            assertEquals(near ? spline.valueOf(k + 1, v[i]) : spline.valueAt(v[i]), got[i],
                                    "party " + p + " (" + c.comparisons() + "), slack " + slack + ", input " + v[i]);
                        }
                    }
                }
            }
        }
    }

    /** GELU as relu minus a spline: within 5e-5 of x Phi(x) for 2 and 3 parties, exactly relu beyond |x| = 5. */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void geluWithinFiveHundredThousandthsAndExactlyReluBeyondFive(int n) {
        int len = n == 2 ? 4001 : 801;
        double[] x = new double[len + 6];
        for (int i = 0; i < len; i++) {
            x[i] = -8 + 16.0 * i / (len - 1);
        }
        double[] edges = {0, -5, 5, 4.99998474121, -4.99998474121, Math.nextDown(Math.scalb(1.0, 40))};
        System.arraycopy(edges, 0, x, len, edges.length);
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<double[]> run = c.run(p -> p.input(0, Shape.vector(x.length), x).gelu().reveal());
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                double exact = x[i] * 0.5 * org.apache.commons.math3.special.Erf.erfc(-x[i] / Math.sqrt(2));
                double got = run.result(n - 1)[i];
                worst = Math.max(worst, Math.abs(got - exact));
                if (Math.abs(x[i]) >= 5) {
                    assertEquals(Math.max(0, Math.scalb(Math.rint(Math.scalb(x[i], 16)), -16)), got, 0.0, "relu at " + x[i]);
                }
            }
            System.out.println("secure gelu, " + n + " parties (" + c.comparisons() + "): max abs error " + worst);
            org.junit.jupiter.api.Assertions.assertTrue(worst <= 5e-5, "max error " + worst);
        }
    }

    /**
     * A wide product's truncation and ReLU (what a convolution or dense layer followed by a ReLU takes): exactly 0 where
     * the product is negative, its truncation (within one bit) elsewhere; 2 rounds with FSS (Beaver and the fused step),
     * 11 by comparison circuits.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void truncatedReluOfAWideProductIsExactlyZeroBelowAndTheTruncationAbove(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "truncrelu");
        int len = n == 2 ? 9000 : 2000; // two parties: more than one chunk of keys (8,192) with FSS
        double[] a = TestSeeds.uniform(r, len, -3000, 3000);
        a[0] = 0;
        a[1] = Math.scalb(1.0, -16);
        a[2] = -Math.scalb(1.0, -16);
        double[] k = {0.75};
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<long[]> run = c.run(p -> {
                SecretTensor x = p.input(0, Shape.matrix(len, 1), a);
                SecretTensor w = p.input(1, Shape.matrix(1, 1), k);
                return x.matmulWide(w).reluTruncated().revealRing();
            });
            for (int i = 0; i < len; i++) {
                long prod = Math.round(Math.scalb(a[i], 16)) * Math.round(Math.scalb(k[0], 16));
                long want = Math.floorDiv(prod, 1L << 16);
                long got = run.result(0)[i];
                if (prod < 0) {
                    assertEquals(0, got, "relu of a negative product at " + a[i]);
                } else if (got != want) {
                    assertEquals(want + 1, got, "truncation within one bit at " + a[i]);
                }
            }
            for (var m : run.meters()) {
                assertEquals(c.comparisons() == Comparisons.FSS ? 2 : c.comparisons() == Comparisons.BITS ? 11 : 8,
                        m.rounds() - 1,
                        "rounds before the reveal (inputs take none; " + c.comparisons() + ")");
            }
        }
    }

    /**
     * The sigmoid of a product not yet truncated, at 16 and 24 fractional bits: within 1e-4 of the exact function (the
     * spline takes 16 input bits, the rest truncated in its clamp's round); with FSS 1 + 3 rounds, the product's
     * Beaver round and the sigmoid's.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void sigmoidOfAWideProductWithinOneTenThousandth(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "widesigmoid");
        int len = 3000;
        double[] a = TestSeeds.uniform(r, len, -14, 14);
        double[] k = {0.9};
        for (int f : new int[] {16, 24}) {
            try (LocalCluster c = new LocalCluster(n, ProtocolParameters.defaults().withFractionalBits(f))) {
                ClusterRun<double[]> run = c.run(p -> p.input(0, Shape.matrix(len, 1), a)
                        .matmulWide(p.input(1, Shape.matrix(1, 1), k)).sigmoid().reveal());
                double worst = 0;
                for (int i = 0; i < len; i++) {
                    worst = Math.max(worst, Math.abs(run.result(0)[i] - 1 / (1 + Math.exp(-a[i] * k[0]))));
                }
                System.out.println("sigmoid of a wide product, " + n + " parties, " + f + " bits (" + c.comparisons() + "): "
                        + worst);
                org.junit.jupiter.api.Assertions.assertTrue(worst <= 1e-4, f + " bits: max error " + worst);
                if (c.comparisons() == Comparisons.FSS) {
                    for (var m : run.meters()) {
                        assertEquals(1 + 3 + 1, m.rounds(), "the product's Beaver round, the sigmoid's 3, the reveal");
                    }
                }
            }
        }
    }

    /**
     * A cubic spline by comparison circuits (3 and 5 parties): its clamp's and breaks' signs in one batch, then the
     * clamp's product, two powers and the pieces' products.
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {3, 5})
    void aSplineByComparisonsTakesOneBatchOfSigns(int n) {
        int len = 500;
        long one = 1L << 16;
        Spline cubic = new Spline(-one, one, new long[] {0}, new long[2], new long[][] {{1, 2, 3, 4}, {4, 3, 2, 1}}, 40);
        try (LocalCluster c = new LocalCluster(n)) {
            ClusterRun<Void> run = c.run(p -> {
                SecretTensor t = p.input(0, Shape.vector(len), new double[len]);
                t.backend().spline(t.share(), cubic);
                return null;
            });
            for (var m : run.meters()) {
                assertEquals(Costs.ltz(3 * len, c.comparisons()).rounds() + 1 + 2 + 1, m.rounds());
            }
        }
    }
}
