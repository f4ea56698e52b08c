package org.consortia.mpc.runtime.bench;

import java.util.SplittableRandom;

import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.RingMatmul;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * One canonical benchmark operation (DESIGN.md): the secure program (returning this party's shares of the
 * result, so that opening it is not timed), the exact double-precision result for the error column, and
 * the same computation in plaintext on {@code long[]} for the roofline.
 */
record BenchOp(String name, String shape, JointProgram<long[]> program, double[] exact, Runnable plaintext) {

    static BenchOp of(String name, FixedPoint fp) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        return switch (name) {
            case "mul" -> mul(fp, r, 1_000_000);
            case "matmul128" -> matmul(name, fp, r, 128);
            case "matmul256" -> matmul(name, fp, r, 256);
            default -> throw new IllegalArgumentException("unknown op '" + name + "'; known: mul, matmul128, matmul256");
        };
    }

    private static double[] uniform(SplittableRandom r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    private static BenchOp mul(FixedPoint fp, SplittableRandom r, int n) {
        double[] x = uniform(r, n, -100, 100);
        double[] y = uniform(r, n, -100, 100);
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            exact[i] = x[i] * y[i];
        }
        long[] ex = fp.encode(x);
        long[] ey = fp.encode(y);
        int f = fp.fracBits();
        Runnable plain = () -> {
            long[] z = new long[n];
            for (int i = 0; i < n; i++) {
                z[i] = (ex[i] * ey[i]) >> f;
            }
            Sink.consume(z);
        };
        Shape s = Shape.vector(n);
        return new BenchOp("mul", "[" + n + "]", p -> p.input(0, s, x).mul(p.input(1, s, y)).share(), exact, plain);
    }

    private static BenchOp matmul(String name, FixedPoint fp, SplittableRandom r, int n) {
        double[] a = uniform(r, n * n, -4, 4);
        double[] b = uniform(r, n * n, -4, 4);
        double[] exact = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double av = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    exact[i * n + j] += av * b[k * n + j];
                }
            }
        }
        long[] ea = fp.encode(a);
        long[] eb = fp.encode(b);
        int f = fp.fracBits();
        Runnable plain = () -> {
            long[] z = RingMatmul.multiply(ea, eb, n, n, n);
            for (int i = 0; i < z.length; i++) {
                z[i] >>= f;
            }
            Sink.consume(z);
        };
        Shape s = Shape.matrix(n, n);
        return new BenchOp(name, "[" + n + "," + n + "]x[" + n + "," + n + "]",
                p -> p.input(0, s, a).matmul(p.input(1, s, b)).share(), exact, plain);
    }

    /** Keeps the JIT from discarding plaintext results. */
    static final class Sink {
        static volatile long sink;

        static void consume(long[] z) {
            sink += z.length == 0 ? 0 : z[z.length / 2];
        }
    }
}
