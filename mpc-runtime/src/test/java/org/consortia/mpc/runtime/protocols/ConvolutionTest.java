package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.session.Meter;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.sharing.ring.Conv2d;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolution with a convolution triple on the input tensor: equal to the plaintext backend within one LSB per
 * output and to a direct convolution (in doubles, of the fixed-point encoded inputs) within one LSB (the
 * truncation), for 2, 3 and 5 parties, with and without
 * padding and stride; it opens the input and the weights (not their im2col expansion) in one round.
 */
class ConvolutionTest {
    private static final double LSB = 1.0 / 65536;

    @ParameterizedTest(name = "n={0} [{1},{2},{3},{4}] f={5} k={6} s={7} p={8}")
    @CsvSource({"2,2,3,8,8,4,3,1,1", "3,1,1,28,28,6,5,1,0", "5,3,2,7,9,2,3,2,1", "2,1,4,5,5,3,5,1,2"})
    void convolutionEqualsPlaintextAndOpensTheInputNotItsExpansion(int n, int batch, int c, int h, int w, int f, int k,
            int stride, int pad, TestInfo info) {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        double[] x = TestSeeds.uniform(r, batch * c * h * w, -2, 2);
        double[] wt = TestSeeds.uniform(r, f * c * k * k, -1, 1);
        Conv2d g = new Conv2d(batch, c, h, w, f, k, stride, pad);
        JointProgram<double[]> prog = p -> p.input(n - 1, Shape.of(batch, c, h, w), x)
                .conv2d(p.input(0, Shape.of(f, c, k, k), wt), stride, pad).revealTo(n - 1);
        try (LocalCluster cluster = new LocalCluster(n)) {
            ClusterRun<double[]> run = cluster.run(prog);
            double[] secure = run.result(n - 1);
            double[] plain = cluster.plaintext(prog);
            double[] exact = direct(encoded(x), encoded(wt), g);
            assertEquals(g.outSize(), secure.length);
            for (int i = 0; i < secure.length; i++) {
                assertTrue(Math.abs(secure[i] - plain[i]) <= LSB, "output " + i + " vs plaintext backend");
                assertTrue(Math.abs(secure[i] - exact[i]) <= LSB + 1e-12, "output " + i + " vs exact: " + secure[i]
                        + " " + exact[i]);
            }
            long words = Beaver.wordsPerParty(Bilinear.conv(g), n) + Truncation.wordsPerParty(g.outSize(), n);
            assertEquals((long) (g.inputSize() + g.weightSize()) * (n - 1) + Truncation.wordsPerParty(g.outSize(), n), words);
            for (Meter m : run.meters()) {
                assertEquals(1, m.operations().get("conv2d").rounds() - 1, "Beaver's round and the truncation's");
                assertEquals(8 * words + 2L * (n - 1) * Frame.HEADER_BYTES, m.operations().get("conv2d").bytesSent());
            }
        }
    }

    /** The values the 16-bit fixed-point encoding represents. */
    private static double[] encoded(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] / LSB) * LSB;
        }
        return out;
    }

    /** The convolution in doubles, straight from its definition. */
    private static double[] direct(double[] x, double[] wt, Conv2d g) {
        int oh = g.oh();
        int ow = g.ow();
        double[] out = new double[g.outSize()];
        for (int i = 0; i < g.n(); i++) {
            for (int f = 0; f < g.f(); f++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = 0;
                        for (int c = 0; c < g.c(); c++) {
                            for (int ky = 0; ky < g.k(); ky++) {
                                for (int kx = 0; kx < g.k(); kx++) {
                                    int iy = oy * g.stride() - g.pad() + ky;
                                    int ix = ox * g.stride() - g.pad() + kx;
                                    if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
                                        s += x[((i * g.c() + c) * g.h() + iy) * g.w() + ix]
                                                * wt[((f * g.c() + c) * g.k() + ky) * g.k() + kx];
                                    }
                                }
                            }
                        }
                        out[((i * g.f() + f) * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }
        return out;
    }
}
