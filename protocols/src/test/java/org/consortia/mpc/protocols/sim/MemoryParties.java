package org.consortia.mpc.protocols.sim;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.protocols.net.PeerException;

/**
 * A small in-memory network for protocol tests: one queue per ordered pair of parties, each party on its own virtual
 * thread. A party waiting on a message from a peer whose program has ended (returned or failed) fails at once, once
 * everything that peer sent has been read (the runtime's abort broadcast, in miniature). Counts each party's rounds
 * (as the runtime's meter does: a send after a receive, or the first send, starts one) and the words it sent each peer.
 * Published in the protocols' test jar for the modules above.
 */
public final class MemoryParties {
    /** One party's program. */
    public interface Program<T> {
        T run(PartyChannel channel) throws Exception;
    }

    /**
     * What one party's program returned, or the exception it threw; the rounds it started and the most words it sent
     * to one peer.
     */
    public record Outcome<T>(T value, Throwable failure, long rounds, long wordsToAPeer) {
    }

    private MemoryParties() {
    }

    /** Runs {@code program} as each of {@code parties} parties and waits (at most 60 s) for every one. */
    @SuppressWarnings("unchecked")
    public static <T> Outcome<T>[] run(int parties, Program<T> program) {
        BlockingQueue<long[]>[][] queues = new BlockingQueue[parties][parties];
        for (int i = 0; i < parties; i++) {
            for (int j = 0; j < parties; j++) {
                queues[i][j] = new LinkedBlockingQueue<>();
            }
        }
        long[][] words = new long[parties][parties];
        long[] rounds = new long[parties];
        java.util.concurrent.atomic.AtomicBoolean[] done = new java.util.concurrent.atomic.AtomicBoolean[parties];
        for (int i = 0; i < parties; i++) {
            done[i] = new java.util.concurrent.atomic.AtomicBoolean();
        }
        Outcome<T>[] out = new Outcome[parties];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T>[] f = new Future[parties];
            for (int i = 0; i < parties; i++) {
                PartyChannel ch = channel(i, parties, queues, words[i], rounds, done);
                int self = i;
                f[i] = pool.submit(() -> {
                    try {
                        return program.run(ch);
                    } finally {
                        done[self].set(true);
                    }
                });
            }
            for (int i = 0; i < parties; i++) {
                try {
                    T value = f[i].get(60, TimeUnit.SECONDS);
                    out[i] = new Outcome<>(value, null, rounds[i], mostOf(words[i]));
                } catch (ExecutionException e) {
                    out[i] = new Outcome<>(null, e.getCause(), rounds[i], mostOf(words[i]));
                } catch (Exception e) {
                    out[i] = new Outcome<>(null, e, rounds[i], mostOf(words[i]));
                }
            }
        }
        return out;
    }

    private static long mostOf(long[] words) {
        return java.util.Arrays.stream(words).max().orElse(0);
    }

    /** Party {@code self}'s channel; it alone writes {@code words} (per peer) and {@code rounds[self]}. */
    private static PartyChannel channel(int self, int parties, BlockingQueue<long[]>[][] queues, long[] words,
            long[] rounds, java.util.concurrent.atomic.AtomicBoolean[] done) {
        return new PartyChannel() {
            private boolean receivedSinceSend = true;

            @Override
            public int self() {
                return self;
            }

            @Override
            public int parties() {
                return parties;
            }

            @Override
            public void send(int peer, long[] w) {
                words[peer] += w.length;
                if (receivedSinceSend) {
                    rounds[self]++;
                    receivedSinceSend = false;
                }
                queues[self][peer].add(w);
            }

            @Override
            public long[] receive(int peer, int expectedWords) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                long[] w = null;
                while (w == null) {
                    boolean ended = done[peer].get(); // read before the queue: a message sent before the end is seen
                    try {
                        w = queues[peer][self].poll(2, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PeerException(peer, "test", PeerException.Kind.LOST, "interrupted");
                    }
                    if (w == null && ended) {
                        throw new PeerException(peer, "test", PeerException.Kind.ABORTED, "the peer's program ended");
                    }
                    if (w == null && System.nanoTime() > deadline) {
                        throw new PeerException(peer, "test", PeerException.Kind.TIMEOUT, "no message");
                    }
                }
                receivedSinceSend = true;
                if (w.length != expectedWords) {
                    throw new PeerException(peer, "test", "expected " + expectedWords + " words, got " + w.length);
                }
                return w;
            }
        };
    }
}
