package org.consortia.mpc.sharing.bench;

import java.util.concurrent.TimeUnit;

import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** AES-CTR PRG throughput: 1 MiB of pseudo-random longs per invocation (report ops/s = MiB/s). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrgBench {
    private static final int WORDS = 1 << 17;
    AesPrg prg;
    long[] out;

    @Setup
    public void setup() {
        prg = new AesPrg(Seed.random(), 0);
        out = new long[WORDS];
    }

    /** One op = 1 MiB. */
    @Benchmark
    @OperationsPerInvocation(1)
    public long[] mebibyte() {
        prg.fill(out);
        return out;
    }
}
