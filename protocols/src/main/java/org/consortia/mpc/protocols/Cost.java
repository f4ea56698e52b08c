package org.consortia.mpc.protocols;

/**
 * What a protocol call costs one party: rounds, and words it sends to each peer (every party sends the same to
 * each of its n-1 peers in these protocols; frames add a header each). Kernels declare their cost as a function of
 * their shape, the functions above them compose those declarations, and a test checks every one against the byte
 * and round counters for 2, 3 and 5 parties.
 */
public record Cost(int rounds, long wordsPerPeer) {
    /**
     * Elementwise steps (products, truncations, comparisons) on more elements than this run in chunks of it, one
     * after another, so that their correlated randomness and working memory stay bounded.
     */
    public static final int CHUNK = 1 << 18;

    /** This step's rounds once per chunk of {@code n} elements (the same words). */
    public Cost chunked(long n) {
        long chunks = Math.max(1, (n + CHUNK - 1) / CHUNK);
        return new Cost((int) Math.min(Integer.MAX_VALUE, rounds * chunks), wordsPerPeer);
    }

    /** This, then {@code next}: rounds and words add up. */
    public Cost then(Cost next) {
        return new Cost(rounds + next.rounds, wordsPerPeer + next.wordsPerPeer);
    }

    /** Bytes one party sends in all among {@code parties} parties, with a {@code headerBytes} header per frame. */
    public long bytesSent(int parties, int headerBytes) {
        return (parties - 1) * (8 * wordsPerPeer + (long) rounds * headerBytes);
    }
}
