package org.consortia.mpc.protocols;

/**
 * What a protocol call costs one party: rounds, words it sends to each peer (every party sends the same to each of
 * its n-1 peers in these protocols) and the frames that carry them (a header each; one per round unless a step is
 * {@link #pipelined}). Kernels declare their cost as a function of
 * their shape, the functions above them compose those declarations, and a test checks every one against the byte
 * and round counters for 2, 3 and 5 parties.
 */
public record Cost(int rounds, long wordsPerPeer, long frames) {
    /** A cost whose every round sends one frame to each peer. */
    public Cost(int rounds, long wordsPerPeer) {
        this(rounds, wordsPerPeer, rounds);
    }

    /**
     * Elementwise steps (products, truncations, comparisons) on more elements than this run in chunks of it, one
     * after another, so that their correlated randomness and working memory stay bounded.
     */
    public static final int CHUNK = 1 << 18;

    /** This step's rounds once per chunk of {@code n} elements (the same words). */
    public Cost chunked(long n) {
        long chunks = Math.max(1, (n + CHUNK - 1) / CHUNK);
        return new Cost((int) Math.min(Integer.MAX_VALUE, rounds * chunks), wordsPerPeer, frames * chunks);
    }

    /**
     * A one-round step on {@code n} elements in chunks, two in flight ({@code MpcBackend}'s pipeline: chunk i + 1
     * leaves before chunk i's answer is read): chunks - 1 rounds, counted as a party counts them (a round starts at
     * the first send after a receive), at least one; the same words.
     */
    public Cost pipelined(long n) {
        long chunks = Math.max(1, (n + CHUNK - 1) / CHUNK);
        return new Cost((int) Math.min(Integer.MAX_VALUE, rounds * Math.max(1, chunks - 1)), wordsPerPeer,
                frames * chunks);
    }

    /** This, then {@code next}: rounds and words add up. */
    public Cost then(Cost next) {
        return new Cost(rounds + next.rounds, wordsPerPeer + next.wordsPerPeer, frames + next.frames);
    }

    /** Bytes one party sends in all among {@code parties} parties, with a {@code headerBytes} header per frame. */
    public long bytesSent(int parties, int headerBytes) {
        return (parties - 1) * (8 * wordsPerPeer + frames * headerBytes);
    }
}
