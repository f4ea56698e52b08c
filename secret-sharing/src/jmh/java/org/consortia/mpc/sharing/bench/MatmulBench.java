package org.consortia.mpc.sharing.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.sharing.ring.RingMatmul;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ring matmul on {@code long[]} against a well-blocked {@code double} matmul of the same size, both on one
 * thread (the {@code band} kernel) and, for the ring, with the multithreaded entry point.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatmulBench {
    @Param({"128", "256"})
    int n;

    long[] la;
    long[] lb;
    double[] da;
    double[] db;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        la = new long[n * n];
        lb = new long[n * n];
        da = new double[n * n];
        db = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            la[i] = r.nextLong();
            lb[i] = r.nextLong();
            da[i] = r.nextDouble();
            db[i] = r.nextDouble();
        }
    }

    @Benchmark
    public long[] ringOneThread() {
        long[] c = new long[n * n];
        RingMatmul.multiplyAddSingleThread(la, lb, c, n, n, n);
        return c;
    }

    @Benchmark
    public long[] ringParallel() {
        return RingMatmul.multiply(la, lb, n, n, n);
    }

    @Benchmark
    public double[] doubleOneThread() {
        double[] c = new double[n * n];
        final int kb = 128;
        final int jb = 512;
        for (int k0 = 0; k0 < n; k0 += kb) {
            int k1 = Math.min(n, k0 + kb);
            for (int j0 = 0; j0 < n; j0 += jb) {
                int j1 = Math.min(n, j0 + jb);
                for (int i = 0; i < n; i++) {
                    int ci = i * n;
                    for (int p = k0; p < k1; p++) {
                        double av = da[i * n + p];
                        int bp = p * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] += av * db[bp + j];
                        }
                    }
                }
            }
        }
        return c;
    }
}
