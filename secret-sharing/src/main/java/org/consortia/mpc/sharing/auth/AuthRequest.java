package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * One item of authenticated correlated randomness (every value shared with its MAC, in Z_2^128). The dealer answers
 * an item with {@link #correctionWords()} words to party 0 (its MAC shares and the shares the correlation fixes) and,
 * for a {@link Known} item, the values in clear to their owner; every other share is derived from the party's seed.
 */
public sealed interface AuthRequest {
    /** Words the dealer sends to party 0. */
    long correctionWords();

    /** Words the dealer sends in clear to {@code party} (the owner of a {@link Known} item). */
    default long clearWords(int party) {
        return 0;
    }

    /** {@code size} random values r, authenticated (the output mask 2^64 r that hides a result's high bits). */
    record Random(int size) implements AuthRequest {
        public Random {
            MpcArgumentException.checkNonNegative(size, "random size");
        }

        @Override
        public long correctionWords() {
            return 2L * size;
        }
    }

    /**
     * {@code size} random values r, authenticated, that {@code owner} also receives in clear: the mask of an input
     * (the owner announces x - r) or of a result opened to the owner only (every party announces its share of x - r).
     */
    record Known(int owner, int size) implements AuthRequest {
        public Known {
            MpcArgumentException.checkNonNegative(owner, "mask owner");
            MpcArgumentException.checkNonNegative(size, "mask size");
        }

        @Override
        public long correctionWords() {
            return 2L * size;
        }

        @Override
        public long clearWords(int party) {
            return party == owner ? 2L * size : 0;
        }
    }

    /**
     * A truncation pair: random r (uniform in Z_2^128), authenticated, with authenticated t = r_lo &gt;&gt;&gt; fracBits and
     * m = r_lo &gt;&gt;&gt; 63 (r_lo: the low 64 bits of r), for truncating {@code size} values by {@code fracBits}.
     */
    record TruncPair(int size, int fracBits) implements AuthRequest {
        public TruncPair {
            MpcArgumentException.checkNonNegative(size, "truncation size");
            if (fracBits < 1 || fracBits > 61) {
                throw new MpcArgumentException("truncation bits = " + fracBits + " must be in 1..61");
            }
        }

        @Override
        public long correctionWords() {
            return 10L * size; // the MAC of r, t and its MAC, m and its MAC
        }
    }

    /**
     * Comparison masks: {@code size} random values r, authenticated (uniform in Z_2^128), with the 64 bits of each one's
     * low word as authenticated values 0 or 1 (bit j of r_i is element 64 i + j): an opened x + r says nothing, and
     * the bits let the parties compare its low word with r's on shares.
     */
    record MaskBits(int size) implements AuthRequest {
        public MaskBits {
            MpcArgumentException.checkNonNegative(size, "mask size");
            if (size > Integer.MAX_VALUE / 256) {
                throw new MpcArgumentException("comparison masks for " + size + " values: split the comparison");
            }
        }

        @Override
        public long correctionWords() {
            return 2L * size + 4L * 64 * size; // the MAC of r, each bit and its MAC
        }
    }

    /** Elementwise triple c = a * b of {@code size} elements. */
    record Triple(int size) implements AuthRequest {
        public Triple {
            MpcArgumentException.checkNonNegative(size, "triple size");
        }

        @Override
        public long correctionWords() {
            return 8L * size; // the MACs of a and b, c and its MAC
        }
    }

    /** Matrix triple C = A·B with A {@code m x k}, B {@code k x n}. */
    record MatrixTriple(int m, int k, int n) implements AuthRequest {
        public MatrixTriple {
            MpcArgumentException.checkNonNegative(m, "m");
            MpcArgumentException.checkNonNegative(k, "k");
            MpcArgumentException.checkNonNegative(n, "n");
            if ((long) m * k > Integer.MAX_VALUE / 4 || (long) k * n > Integer.MAX_VALUE / 4
                    || (long) m * n > Integer.MAX_VALUE / 4) {
                throw new MpcArgumentException("matrix triple " + m + "x" + k + "x" + n + ": split the product");
            }
        }

        @Override
        public long correctionWords() {
            return 2L * m * k + 2L * k * n + 4L * m * n;
        }
    }
}
