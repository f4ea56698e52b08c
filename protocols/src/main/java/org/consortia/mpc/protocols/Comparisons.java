package org.consortia.mpc.protocols;

/**
 * How a session computes comparisons (signs, ReLU, and what is built on them: max, argmax, the splines' interval
 * tests). Every mode gives the same exact results; they differ in rounds, bytes and correlated randomness.
 */
public enum Comparisons {
    /**
     * Boolean circuits on the masked value's bits with dealer AND triples: any number of parties; a sign in 7 rounds
     * and 8 bytes + 250 bits per element to each peer, plus 1 round to convert it ({@code bool.Compare}).
     */
    BOOLEAN,
    /**
     * Function secret sharing (distributed comparison functions from the dealer), two computing parties only: a sign
     * or a ReLU in 1 online round and 8 bytes per element to the peer, against about 2 KB of dealer key per element
     * to each party ({@code fss.FssSign}). With more than two parties a session runs {@link #BOOLEAN} comparisons.
     */
    FSS;

    /** This mode as a session of {@code parties} parties runs it. */
    public Comparisons among(int parties) {
        return this == FSS && parties != 2 ? BOOLEAN : this;
    }
}
