package org.consortia.mpc.runtime.netty;

/** The last few round-trip samples of one link (heartbeat echoes), written by its event loop, read by any thread. */
final class RttSamples {
    static final int SIZE = 8;

    private final long[] samples = new long[SIZE];
    private int count;
    private int next;

    synchronized void add(long nanos) {
        samples[next] = nanos;
        next = (next + 1) % SIZE;
        count = Math.min(SIZE, count + 1);
    }

    /** The least of the samples kept, or -1 before the first. */
    synchronized long least() {
        if (count == 0) {
            return -1;
        }
        long m = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            m = Math.min(m, samples[i]);
        }
        return m;
    }
}
