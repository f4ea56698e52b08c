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
        /**
         * The announcement d = x - r of an input it owns, as it sends it to one peer ({@code peer}): an owner that
         * announces different values to different parties (a product by the input takes d as its opened f).
         */
        ANNOUNCEMENT,
        /** Its share of an elementwise product. */
        PRODUCT,
        /** Its share of a matrix product. */
        MATRIX_PRODUCT,
        /** Its share of a truncated value. */
        TRUNCATION,
        /**
         * Its share of a comparison's result bit, and with FSS comparisons its share of the masked bit it sends to the
         * peer ({@code peer}).
         */
        COMPARISON,
        /** Its share of a masked value it sends in an opening (to one peer: {@code peer}). */
        OPENING,
        /** Its share of a result it sends to be revealed (to one peer: {@code peer}). */
        OUTPUT,
        /**
         * Its opening of the seed it committed to for a MAC check's coin (nonce, then seed words), as it sends it to
         * every peer and uses it itself: a party that opens another seed than it committed to.
         */
        COIN
    }

    /** The honest behaviour: every share and message as computed. */
    Tamper NONE = (point, peer, words) -> words;

    /**
     * A party that deviates once: the {@code occurrence}-th time (from 0) it passes {@code point} it adds {@code error}
     * (nonzero in the low word) to the first element; honest everywhere else. Thread-safe.
     */
    static Tamper once(Point point, int occurrence, long error) {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        long e = error == 0 ? 1 : error;
        return (pt, peer, words) -> {
            if (pt != point || seen.getAndIncrement() != occurrence) {
                return words;
            }
            long[] w = words.clone();
            w[0] += e;
            return w;
        };
    }

    /**
     * {@link #once} from {@code POINT:OCCURRENCE} (e.g. {@code PRODUCT:3}), the form of a node's fault-injection property;
     * null for null or blank.
     */
    static Tamper parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String[] parts = spec.trim().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("fault injection '" + spec + "': expected POINT:OCCURRENCE, e.g. PRODUCT:3");
        }
        return once(Point.valueOf(parts[0].trim().toUpperCase(java.util.Locale.ROOT)), Integer.parseInt(parts[1].trim()),
                0x5DEECE66DL);
    }

    /**
     * @param peer  the peer a message goes to, or -1 for a share the party keeps
     * @param words the share or message as interleaved Z_2^128 words (word 0 is the low word of element 0's value
     *              share: an input's, product's or truncation's share made through the backend comes in its packed
     *              layout, a value and its MAC per element, so element j of the vector is then a value or a MAC); not
     *              to be modified, return a copy to deviate. A pipelined step (past 2^18 elements) passes its point
     *              once per chunk.
     */
    long[] apply(Point point, int peer, long[] words);
}
