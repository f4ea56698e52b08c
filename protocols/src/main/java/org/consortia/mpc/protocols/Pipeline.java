package org.consortia.mpc.protocols;

import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A one-round elementwise step on more than {@link Cost#CHUNK} elements in chunks, two in flight: chunk i + 1's opening
 * leaves before chunk i's is read, so a party's arithmetic and the links' transfer overlap (and over a WAN two chunks
 * share a round trip), with the correlated randomness of two chunks held at a time ({@link Cost#pipelined}). Shared by
 * semi-honest mode (one word per element) and malicious mode (four: a Z_2^128 value and MAC).
 */
public final class Pipeline {
    private Pipeline() {
    }

    /**
     * Runs {@code start} on elements [from, to) of each chunk, then {@code finish} on what it returned (the chunk's
     * result, {@code width} words per element), finishing each chunk after the next one started; returns the results
     * in order.
     */
    public static <P> long[] run(int n, int width, BiFunction<Integer, Integer, P> start, Function<P, long[]> finish) {
        return run(n, width, start, finish, () -> false);
    }

    /**
     * {@link #run(int, int, BiFunction, Function)}, finishing the chunk in flight before the next one starts wherever
     * {@code drainFirst} says so (malicious mode: when the values opened since the last MAC check would pass its bound,
     * so that the check, which runs only with nothing in flight, runs there). {@code drainFirst} must answer alike at
     * every party.
     */
    public static <P> long[] run(int n, int width, BiFunction<Integer, Integer, P> start, Function<P, long[]> finish,
            BooleanSupplier drainFirst) {
        if (n <= Cost.CHUNK) { // one chunk: its result is the result
            return n == 0 ? new long[0] : sized(finish.apply(start.apply(0, n)), n, width);
        }
        long[] out = new long[Math.multiplyExact(n, width)];
        P pending = null;
        int pendingFrom = 0;
        for (int from = 0; from < n; from += Cost.CHUNK) {
            if (pending != null && drainFirst.getAsBoolean()) {
                long[] part = sized(finish.apply(pending), Cost.CHUNK, width);
                System.arraycopy(part, 0, out, width * pendingFrom, part.length);
                pending = null;
            }
            P next = start.apply(from, Math.min(n, from + Cost.CHUNK));
            if (pending != null) {
                long[] part = sized(finish.apply(pending), Cost.CHUNK, width);
                System.arraycopy(part, 0, out, width * pendingFrom, part.length);
            }
            pending = next;
            pendingFrom = from;
        }
        long[] part = sized(finish.apply(pending), n - pendingFrom, width);
        System.arraycopy(part, 0, out, width * pendingFrom, part.length);
        return out;
    }

    private static long[] sized(long[] part, int elements, int width) {
        if (part.length != (long) elements * width) {
            throw new IllegalStateException("a pipelined step returned " + part.length + " words for " + elements
                    + " elements of " + width);
        }
        return part;
    }
}
