package org.consortia.mpc.sharing.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Matrix product in Z_2^64 on row-major {@code long[]}, with row bands spread over a small pool of platform threads
 * once the product is large enough to pay for it. Two kernels give the same words: {@link VectorMatmul}'s register
 * tiles on the JDK's Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector} (the node's and
 * the tools' launchers pass it), else cache-blocked i-k-j loops whose innermost loop runs over contiguous rows of B
 * and C. {@code -Dmpc.matmul.kernel=scalar} forces the second (for A/B measurements).
 */
public final class RingMatmul {
    /** The module the vector kernel is written on. */
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The JVM options that enable the vector kernel, for launchers of node and worker processes. */
    public static final List<String> VECTOR_JVM_OPTIONS = List.of("--add-modules", VECTOR_MODULE);
    private static final boolean VECTOR = vectorKernel();
    /**
     * Products with fewer multiply-adds than this run on the calling thread (the vector kernel does 2^23 in about
     * 0.4 ms, where handing bands to the pool stops paying off).
     */
    static final long PARALLEL_THRESHOLD = VECTOR ? 1L << 23 : 1L << 21;
    private static final int K_BLOCK = 128;
    private static final int N_BLOCK = 512;
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "ring-matmul");
        t.setDaemon(true);
        return t;
    });

    private RingMatmul() {
    }

    private static boolean vectorKernel() {
        return !"scalar".equals(System.getProperty("mpc.matmul.kernel"))
                && ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** The kernel this JVM uses: {@code "vector/<lanes>"} or {@code "scalar"}. */
    public static String kernel() {
        return VECTOR ? "vector/" + VectorMatmul.lanes() : "scalar";
    }

    /**
     * Lanes of the vector kernel's 64-bit words (8 on AVX-512, 4 on AVX2), or 0 with the scalar kernel. A caller that
     * builds wider products from several ring products asks this whether they pay off.
     */
    public static int vectorLanes() {
        return VECTOR ? VectorMatmul.lanes() : 0;
    }

    /**
     * (hi, lo) += x 2^shift per element, modulo 2^128 ({@code shift} in [0, 128)): how products in wider rings add up
     * the ring products of their limbs; on the vector kernel's lanes where it runs.
     */
    public static void addShifted(long[] lo, long[] hi, long[] x, int shift) {
        if (lo.length != x.length || hi.length != x.length || shift < 0 || shift >= 128) {
            throw new MpcArgumentException("addShifted: " + lo.length + ", " + hi.length + " and " + x.length
                    + " words, shift " + shift);
        }
        int j = VECTOR ? VectorMatmul.addShifted(lo, hi, x, shift) : 0;
        if (shift >= 64) {
            for (; j < x.length; j++) {
                hi[j] += x[j] << (shift - 64);
            }
            return;
        }
        for (; j < x.length; j++) {
            long add = x[j] << shift;
            long s = lo[j] + add;
            hi[j] += (shift == 0 ? 0 : x[j] >>> (64 - shift)) + (Long.compareUnsigned(s, add) < 0 ? 1 : 0);
            lo[j] = s;
        }
    }

    /** Returns A·B for A ({@code m x k}) and B ({@code k x n}). */
    public static long[] multiply(long[] a, long[] b, int m, int k, int n) {
        long[] c = new long[Math.multiplyExact(m, n)];
        multiplyAdd(a, b, c, m, k, n);
        return c;
    }

    /** C += A·B for A ({@code m x k}), B ({@code k x n}), C ({@code m x n}). */
    public static void multiplyAdd(long[] a, long[] b, long[] c, int m, int k, int n) {
        if ((long) m * k != a.length || (long) k * n != b.length || (long) m * n != c.length) {
            throw new MpcArgumentException("matmul: operand sizes " + a.length + ", " + b.length + ", " + c.length
                    + " do not match " + m + "x" + k + " * " + k + "x" + n);
        }
        long work = (long) m * k * n;
        if (work < PARALLEL_THRESHOLD || THREADS == 1 || m < 2) {
            band(a, b, c, 0, m, k, n);
            return;
        }
        int bands = Math.min(THREADS, m);
        List<Future<?>> futures = new ArrayList<>(bands - 1);
        int step = (m + bands - 1) / bands;
        step = Math.min(m, (step + 3) & ~3); // whole tiles of 4 rows per band
        for (int t = 1; t < bands; t++) {
            int r0 = t * step;
            int r1 = Math.min(m, r0 + step);
            if (r0 < r1) {
                futures.add(POOL.submit(() -> band(a, b, c, r0, r1, k, n)));
            }
        }
        boolean done = false;
        try {
            band(a, b, c, 0, Math.min(m, step), k, n);
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted during matmul");
                } catch (ExecutionException e) {
                    throw new IllegalStateException("matmul worker failed", e.getCause());
                }
            }
            done = true;
        } finally {
            if (!done) { // the caller was interrupted (or a band failed): the other bands stop at their next block
                for (Future<?> f : futures) {
                    f.cancel(true);
                }
            }
        }
    }

    /** C += A·B on the calling thread only (for measurements and for callers that parallelise themselves). */
    public static void multiplyAddSingleThread(long[] a, long[] b, long[] c, int m, int k, int n) {
        if ((long) m * k != a.length || (long) k * n != b.length || (long) m * n != c.length) {
            throw new MpcArgumentException("matmul: operand sizes do not match " + m + "x" + k + " * " + k + "x" + n);
        }
        band(a, b, c, 0, m, k, n);
    }

    /**
     * Rows [r0, r1) of C += A·B by this JVM's kernel; an interrupted thread stops at the kernel's next block (at most
     * a few milliseconds of multiply-adds), so a job that is cancelled or a node that stops is not held by a long
     * local product.
     *
     * @throws CancellationException when the thread is interrupted
     */
    private static void band(long[] a, long[] b, long[] c, int r0, int r1, int k, int n) {
        if (VECTOR) {
            VectorMatmul.band(a, b, c, r0, r1, k, n);
        } else {
            scalarBand(a, b, c, r0, r1, k, n);
        }
    }

    /** The scalar kernel, in blocks of {@link #K_BLOCK} x {@link #N_BLOCK}. */
    static void scalarBand(long[] a, long[] b, long[] c, int r0, int r1, int k, int n) {
        for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
            int k1 = Math.min(k, k0 + K_BLOCK);
            for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("interrupted during matmul");
                }
                scalarBlock(a, b, c, r0, r1, k0, k1, j0, Math.min(n, j0 + N_BLOCK), k, n);
            }
        }
    }

    /**
     * Rows [r0, r1) x columns [j0, j1) of C += A[:, k0..k1) B[k0..k1, :]: i-k-j loops whose innermost runs over
     * contiguous rows of B and C (the JIT vectorises it where it can). The scalar kernel's blocks, and the vector
     * kernel's columns beyond its last whole tile.
     */
    static void scalarBlock(long[] a, long[] b, long[] c, int r0, int r1, int k0, int k1, int j0, int j1, int k, int n) {
        for (int i = r0; i < r1; i++) {
            int ci = i * n;
            int ai = i * k;
            for (int p = k0; p < k1; p++) {
                long av = a[ai + p];
                int bp = p * n;
                for (int j = j0; j < j1; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }
}
