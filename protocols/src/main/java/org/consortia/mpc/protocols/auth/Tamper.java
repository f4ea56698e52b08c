package org.consortia.mpc.protocols.auth;

/**
 * The fault injector of a cheating party's protocol layer (for the tests that prove cheating is caught): sees each
 * share the party computes and each message it sends at a {@link Point}, and may return different words. Honest
 * parties run {@link #NONE}.
 */
@FunctionalInterface
public interface Tamper {
    /** Where a cheating party may deviate. */
    enum Point {
        /** Its share of an input just made. */
        INPUT,
        /** Its share of an elementwise product. */
        PRODUCT,
        /** Its share of a matrix product. */
        MATRIX_PRODUCT,
        /** Its share of a truncated value. */
        TRUNCATION,
        /** Its share of a comparison's result bit. */
        COMPARISON,
        /** Its share of a masked value it sends in an opening (to one peer: {@code peer}). */
        OPENING,
        /** Its share of a result it sends to be revealed (to one peer: {@code peer}). */
        OUTPUT
    }

    /** The honest behaviour: every share and message as computed. */
    Tamper NONE = (point, peer, words) -> words;

    /**
     * @param peer  the peer a message goes to, or -1 for a share the party keeps
     * @param words the share or message (interleaved Z_2^128); not to be modified, return a copy to deviate
     */
    long[] apply(Point point, int peer, long[] words);
}
