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
        Outcome<T>[] out = new Outcome[parties];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T>[] f = new Future[parties];
            for (int i = 0; i < parties; i++) {
                PartyChannel ch = channel(i, parties, queues, words[i], rounds);
                int self = i;
                f[i] = pool.submit(() -> {
                    try {
                        return program.run(ch);
                    } finally { // after everything it sent: a peer reads those first, then learns of the end at once
                        for (int j = 0; j < parties; j++) {
                            if (j != self) {
                                queues[self][j].add(END);
                            }
                        }
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

    /** The marker a party's queues to its peers get when its program ends (compared by identity). */
    private static final long[] END = new long[0];

    /** Party {@code self}'s channel; it alone writes {@code words} (per peer) and {@code rounds[self]}. */
    private static PartyChannel channel(int self, int parties, BlockingQueue<long[]>[][] queues, long[] words,
            long[] rounds) {
        return new PartyChannel() {
            private boolean receivedSinceSend = true;
            private final boolean[] ended = new boolean[parties];

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
                long[] w = ended[peer] ? END : null;
                if (w == null) {
                    try {
                        w = queues[peer][self].poll(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PeerException(peer, "test", PeerException.Kind.LOST, "interrupted");
                    }
                }
                if (w == null) {
                    throw new PeerException(peer, "test", PeerException.Kind.TIMEOUT, "no message");
                }
                if (w == END) {
                    ended[peer] = true;
                    throw new PeerException(peer, "test", PeerException.Kind.ABORTED, "the peer's program ended");
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
