package org.consortia.mpc.protocols;

/**
 * How a session computes comparisons (signs, ReLU, and what is built on them: max, argmax, the splines' interval
 * tests). Every mode gives the same exact results; they differ in rounds, bytes and correlated randomness.
 */
public enum Comparisons {
    /**
     * Boolean circuits with the dealer's masks and AND triples, any number of parties: the masked value's 63 low bits in
     * 16 chunks whose comparisons with the opened value the dealer's chunk codes make local, then a tree over the 16
     * leaves; a sign in 5 rounds and 8 bytes + 58 bits per element to each peer (29 AND gates), plus 1 round to convert
     * it, and a ReLU in 6 rounds and 8 bytes + 59 bits, with no product ({@code bool.Compare}).
     */
    BOOLEAN,
    /**
     * Boolean circuits bit by bit, for sessions without a dealer (their masks' bits come from daBits, which give no
     * chunk codes): a sign in 7 rounds and 8 bytes + 250 bits per element to each peer, plus 1 round to convert it.
     * What {@code comparisons: boolean} (or {@code auto}) resolves to with {@code offline: ot}.
     */
    BITS,
    /**
     * Function secret sharing (distributed comparison functions from the dealer), two computing parties only: a sign
     * or a ReLU in 1 online round and 8 bytes per element to the peer, against about 2 KB of dealer key per element
     * to each party ({@code fss.FssSign}; in malicious mode 2 rounds, 16 bytes and a bit, {@code auth.AuthFssSign}).
     * With more than two parties a session runs {@link #BOOLEAN} comparisons.
     */
    FSS;

    /** This mode as a session of {@code parties} parties runs it. */
    public Comparisons among(int parties) {
        return this == FSS && parties != 2 ? BOOLEAN : this;
    }
}
