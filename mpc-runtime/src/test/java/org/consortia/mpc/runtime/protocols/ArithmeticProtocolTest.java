package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.AdditiveSharing;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every arithmetic protocol against the plaintext backend (same ring arithmetic, exact floor truncation)
 * and against double precision (Commons Math), for 2, 3 and 5 parties and several fractional-bit settings.
 */
class ArithmeticProtocolTest {
    /**
     * 2, 3 and 5 parties at 12, 16 and 24 fractional bits; in the re-run with correlated randomness by OT (which the
     * fractional bits do not reach: products and truncation pairs are the same ring material) every party count at 16
     * bits and the other widths at 2 parties, which keeps verify within its time.
     */
    static Stream<Arguments> partiesAndBits() {
        boolean ot = "ot".equals(System.getProperty("mpc.offline"));
        return PartyCounts.counts().boxed().flatMap(n -> Stream.of(12, 16, 24).filter(f -> !ot || f == 16 || n == 2)
                .map(f -> Arguments.of(n, f)));
    }

    static final List<Shape> SHAPES = List.of(Shape.of(0), Shape.of(1), Shape.of(), Shape.of(3, 0), Shape.of(7),
            Shape.of(4, 5), Shape.of(2, 3, 4), Shape.of(1000));

    private static LocalCluster cluster(int n, int f) {
        return new LocalCluster(n, ProtocolParameters.defaults().withFractionalBits(f));
    }

    /** Runs the program securely and in plaintext; every party must agree; returns {secure, plain}. */
    private static <R> List<R> both(LocalCluster c, JointProgram<R> program) {
        ClusterRun<R> run = c.run(program);
        for (int i = 1; i < c.parties(); i++) {
            assertDeepEquals(run.result(0), run.result(i), "party " + i + " disagrees with party 0");
        }
        return List.of(run.result(0), c.plaintext(program));
    }

    private static void assertDeepEquals(Object a, Object b, String msg) {
        assertTrue(java.util.Objects.deepEquals(a, b), msg);
    }

    @ParameterizedTest(name = "n={0} f={1}")
    @MethodSource("partiesAndBits")
    void inputRevealAndLinearOpsAreExact(int n, int f, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "linear");
        try (LocalCluster c = cluster(n, f)) {
            for (Shape s : SHAPES) {
                double bound = Math.min(1e4, c.fixedPoint().maxAbs() / 4);
                double[] x = TestSeeds.uniform(r, s.size(), -bound, bound);
                double[] y = TestSeeds.uniform(r, s.size(), -bound, bound);
                double[] k = TestSeeds.uniform(r, s.size(), -3, 3);
                List<long[]> out = both(c, p -> {
                    SecretTensor a = p.input(0, s, x);
                    SecretTensor b = p.input(n - 1, s, y);
                    return a.add(b).sub(b.mul(3L)).neg().addPublic(k).add(0.5).revealRing();
                });
                assertArrayEquals(out.get(1), out.get(0), "shape " + s);
                var fp = c.fixedPoint();
                for (int i = 0; i < s.size(); i++) {
                    double expect = -(x[i] + y[i] - 3 * y[i]) + k[i] + 0.5;
                    assertEquals(expect, fp.decode(out.get(0)[i]), 3 * fp.lsb(), "element " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0} f={1}")
    @MethodSource("partiesAndBits")
    void elementwiseMulWithinOneLsbOfPlaintext(int n, int f, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "mul");
        try (LocalCluster c = cluster(n, f)) {
            var fp = c.fixedPoint();
            double bound = Math.min(1000, Math.sqrt(Math.scalb(1.0, 61 - 2 * f)));
            for (Shape s : SHAPES) {
                double[] x = TestSeeds.uniform(r, s.size(), -bound, bound);
                double[] y = TestSeeds.uniform(r, s.size(), -bound, bound);
                List<long[]> out = both(c, p -> p.input(0, s, x).mul(p.input(1, s, y)).revealRing());
                for (int i = 0; i < s.size(); i++) {
                    long d = out.get(0)[i] - out.get(1)[i];
                    assertTrue(d == 0 || d == 1, "secure vs floor differs by " + d + " LSB at " + i);
                    // encoding error (<= lsb/2 per operand) times the other operand, plus truncation
                    double err = Math.abs(fp.decode(out.get(0)[i]) - x[i] * y[i]);
                    double allowed = fp.lsb() * (1 + (Math.abs(x[i]) + Math.abs(y[i])) / 2 + fp.lsb());
                    assertTrue(err <= allowed, "element " + i + ": error " + err + " > " + allowed);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0} f={1}")
    @MethodSource("partiesAndBits")
    void matmulAgainstCommonsMath(int n, int f, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "matmul");
        int[][] dims = {{1, 1, 1}, {3, 4, 5}, {0, 3, 2}, {2, 0, 3}, {17, 33, 9}, {64, 40, 70}};
        try (LocalCluster c = cluster(n, f)) {
            var fp = c.fixedPoint();
            for (int[] d : dims) {
                int m = d[0];
                int k = d[1];
                int nn = d[2];
                double[] a = TestSeeds.uniform(r, m * k, -8, 8);
                double[] b = TestSeeds.uniform(r, k * nn, -8, 8);
                List<long[]> out = both(c, p -> p.input(0, Shape.matrix(m, k), a)
                        .matmul(p.input(n - 1, Shape.matrix(k, nn), b)).revealRing());
                for (int i = 0; i < m * nn; i++) {
                    long diff = out.get(0)[i] - out.get(1)[i];
                    assertTrue(diff == 0 || diff == 1, "secure vs plaintext backend: " + diff + " LSB");
                }
                if (m == 0 || nn == 0 || k == 0) {
                    continue;
                }
                RealMatrix ref = new Array2DRowRealMatrix(reshape(a, m, k)).multiply(new Array2DRowRealMatrix(reshape(b, k, nn)));
                double allowed = fp.lsb() * (1 + k * (8 + 8) / 2.0 + k * fp.lsb());
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < nn; j++) {
                        double err = Math.abs(fp.decode(out.get(0)[i * nn + j]) - ref.getEntry(i, j));
                        assertTrue(err <= allowed, "(" + i + "," + j + ") error " + err + " > " + allowed);
                    }
                }
            }
        }
    }

    /**
     * Independent products batched with matmulAll: each equals the plaintext backend's product within one LSB; 2 rounds for all three (3 separate calls take 6) and the same bytes as the separate calls.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void batchedProductsTakeTwoRoundsForAll(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "matmulAll");
        int[][] dims = {{5, 7, 3}, {1, 7, 1}, {12, 2, 9}};
        double[][] as = new double[3][];
        double[][] bs = new double[3][];
        for (int i = 0; i < 3; i++) {
            as[i] = TestSeeds.uniform(r, dims[i][0] * dims[i][1], -8, 8);
            bs[i] = TestSeeds.uniform(r, dims[i][1] * dims[i][2], -8, 8);
        }
        JointProgram<long[][]> batched = p -> {
            SecretTensor[] left = new SecretTensor[3];
            SecretTensor[] right = new SecretTensor[3];
            for (int i = 0; i < 3; i++) {
                left[i] = p.input(0, Shape.matrix(dims[i][0], dims[i][1]), as[i]);
                right[i] = p.input(n - 1, Shape.matrix(dims[i][1], dims[i][2]), bs[i]);
            }
            SecretTensor[] z = SecretTensor.matmulAll(left, right);
            return new long[][] {z[0].share(), z[1].share(), z[2].share()};
        };
        JointProgram<long[][]> separate = p -> {
            long[][] out = new long[3][];
            for (int i = 0; i < 3; i++) {
                out[i] = p.input(0, Shape.matrix(dims[i][0], dims[i][1]), as[i])
                        .matmul(p.input(n - 1, Shape.matrix(dims[i][1], dims[i][2]), bs[i])).share();
            }
            return out;
        };
        try (LocalCluster c = cluster(n, 16)) {
            ClusterRun<long[][]> run = c.run(batched);
            long[][] plain = c.plaintext(batched);
            for (int i = 0; i < 3; i++) {
                long[][] shares = new long[n][];
                for (int k = 0; k < n; k++) {
                    shares[k] = run.result(k)[i];
                }
                long[] z = AdditiveSharing.reconstruct(shares);
                for (int j = 0; j < plain[i].length; j++) {
                    long diff = z[j] - plain[i][j];
                    assertTrue(diff == 0 || diff == 1, "product " + i + " element " + j + ": " + diff + " LSB");
                }
            }
            assertEquals(2, run.rounds(), "1 Beaver + 1 truncation round for all three");
            ClusterRun<long[][]> sep = c.run(separate);
            assertEquals(6, sep.rounds(), "separately: 2 rounds each");
            assertEquals(sep.maxOnlineBytesSent(), run.maxOnlineBytesSent(), 64.0 * (n - 1) * 6,
                    "the same words as separate calls (up to frame headers)");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void truncationNearTheDocumentedBound(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "trunc");
        long lim = 1L << 62;
        long[] x = {0, 1, -1, lim - 1, -lim, -lim + 1, lim - (1L << 16), 1L << 16, -(1L << 16), (1L << 16) - 1,
            r.nextLong(-lim, lim), r.nextLong(-lim, lim), r.nextLong(-lim, lim), r.nextLong(-lim, lim)};
        try (LocalCluster c = new LocalCluster(n)) {
            for (int bits : new int[] {1, 16, 32, 61}) {
                ClusterRun<long[]> run = c.run(p -> {
                    SecretTensor t = p.inputIntegers(0, Shape.vector(x.length), x);
                    var be = p.backend();
                    return be.open(be.truncate(t.share(), bits));
                });
                for (int i = 0; i < x.length; i++) {
                    long floor = x[i] >> bits;
                    long got = run.result(0)[i];
                    boolean exact = (x[i] & ((1L << bits) - 1)) == 0;
                    assertTrue(got == floor || (!exact && got == floor + 1),
                            "x[" + i + "] >> " + bits + ": got floor + " + (got - floor));
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void dotSumTransposeReshape(int n, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName() + "reduce");
        double[] a = TestSeeds.uniform(r, 24, -5, 5);
        double[] b = TestSeeds.uniform(r, 24, -5, 5);
        try (LocalCluster c = new LocalCluster(n)) {
            List<double[][]> out = both(c, p -> {
                SecretTensor x = p.input(0, Shape.of(2, 3, 4), a);
                SecretTensor y = p.input(1, Shape.of(2, 3, 4), b);
                SecretTensor m = x.reshape(Shape.matrix(6, 4));
                SecretTensor cat = m.concat(1, y.reshape(Shape.matrix(6, 4)), x.reshape(Shape.matrix(6, 4)));
                return new double[][] {x.dot(y).reveal(), x.sum(1).reveal(), x.sum().reveal(), m.transpose().reveal(),
                    cat.reveal()};
            });
            double lsb = c.fixedPoint().lsb();
            double dot = 0;
            double total = 0;
            for (int i = 0; i < 24; i++) {
                dot += a[i] * b[i];
                total += a[i];
            }
            assertEquals(dot, out.get(0)[0][0], lsb * (1 + 24 * 5));
            assertEquals(total, out.get(0)[2][0], 24 * lsb);
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 4; k++) {
                    double s = a[i * 12 + k] + a[i * 12 + 4 + k] + a[i * 12 + 8 + k];
                    assertEquals(s, out.get(0)[1][i * 4 + k], 3 * lsb);
                }
            }
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(a[i * 4 + j], out.get(0)[3][j * 6 + i], lsb);
                }
            }
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(a[i * 4 + j], out.get(0)[4][i * 12 + j], lsb);
                    assertEquals(b[i * 4 + j], out.get(0)[4][i * 12 + 4 + j], lsb);
                    assertEquals(a[i * 4 + j], out.get(0)[4][i * 12 + 8 + j], lsb);
                }
            }
            assertArrayEquals(out.get(1)[1], out.get(0)[1]);
            assertArrayEquals(out.get(1)[3], out.get(0)[3]);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("org.consortia.mpc.runtime.protocols.PartyCounts#counts")
    void revealToOnlyTheReceiver(int n) {
        try (LocalCluster c = new LocalCluster(n)) {
            int receiver = n - 1;
            ClusterRun<double[]> run = c.run(p -> p.input(0, Shape.vector(3), new double[] {1, -2, 3.25}).revealTo(receiver));
            for (int i = 0; i < n; i++) {
                if (i == receiver) {
                    assertArrayEquals(new double[] {1, -2, 3.25}, run.result(i));
                } else {
                    assertNull(run.result(i), "party " + i + " must not learn the result");
                }
            }
        }
    }

    private static double[][] reshape(double[] v, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v, i * cols, m[i], 0, cols);
        }
        return m;
    }
}
