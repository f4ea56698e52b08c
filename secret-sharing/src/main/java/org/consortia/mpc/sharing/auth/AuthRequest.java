package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * One item of authenticated correlated randomness (every value shared with its MAC, in Z_2^128). The dealer answers
 * an item with {@link #correctionWords()} words to party 0 (its MAC shares and the low words of the values the
 * correlation fixes: values carry meaning modulo 2^64, so a fixed value's high words are random like any other
 * share's) and, for a {@link Known} item, the values in clear to their owner (for a {@link SplineKey}, the keys'
 * shared words to parties 0 and 1); every other share is derived from the party's seed.
 */
public sealed interface AuthRequest {
    /** Words the dealer sends to party 0. */
    long correctionWords();

    /** Words the dealer sends in clear to {@code party} (the owner of a {@link Known} item, a key's two parties). */
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
     * m = r_lo &gt;&gt;&gt; 63 (r_lo: the low 64 bits of r; t and m right modulo 2^64, as every value the dealer fixes), for
     * truncating {@code size} values by {@code fracBits}.
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
            return 8L * size; // the MAC of r, t (low words) and its MAC, m (low words) and its MAC
        }
    }

    /**
     * Comparison masks: {@code size} random values r, authenticated (uniform in Z_2^128), with the bits of each one's
     * low word in {@link #CHUNKS} chunks (the lowest first): each of the 15 chunks r_q of bits 0..59 as the
     * authenticated thermometer code [r_q &gt; v] for v = 0..14 (entry {@link #entry}(q, v)), and bits 60..63 as the
     * authenticated one-hot vector of their value (entry {@link #top}(v), v = 0..15): {@link #ENTRIES} per value. An
     * opened x + r says nothing; a public chunk c_q selects [c_q &lt; r_q] and [c_q = r_q] from its code, and the top
     * chunk's any function of r's top bits and c's, as linear combinations, so the sign is a prefix circuit over 16
     * chunks instead of 63 bits.
     */
    record MaskBits(int size) implements AuthRequest {
        /**
         * Values per block of the item's stream: each block's r, then its codes (values and MACs), so that the dealer
         * makes it a block at a time ({@link AuthDealer}).
         */
        public static final int BLOCK = 16;
        /** Bits per chunk below the top chunk. */
        public static final int CHUNK = 4;
        /** Chunks: 15 of 4 bits (bits 0..59), then the top one (bits 60..62 compared, 63 the sign's). */
        public static final int CHUNKS = 16;
        /** Code entries of a 4-bit chunk. */
        private static final int CODE = (1 << CHUNK) - 1;
        /** The first entry of the top chunk's one-hot vector. */
        private static final int TOP_AT = (CHUNKS - 1) * CODE;
        /** Authenticated entries per value: the chunks' codes (15 x 15), then the top bits' one-hot vector (16). */
        public static final int ENTRIES = TOP_AT + 16;

        public MaskBits {
            MpcArgumentException.checkNonNegative(size, "mask size");
            if (size > Integer.MAX_VALUE / (2 + 3 * ENTRIES)) { // the corrections' words must fit one array
                throw new MpcArgumentException("comparison masks for " + size + " values: split the comparison");
            }
        }

        /** The entry [r_q &gt; v] of a value's code, chunk q in 0..14 (bits 4q .. 4q + 3), v in 0..14. */
        public static int entry(int q, int v) {
            return CODE * q + v;
        }

        /** The entry [r_lo &gt;&gt;&gt; 60 = v] of a value's one-hot vector of its top 4 bits, v in 0..15. */
        public static int top(int v) {
            return TOP_AT + v;
        }

        @Override
        public long correctionWords() {
            return 2L * size + 3L * ENTRIES * size; // the MAC of r, each entry (low words) and its MAC
        }
    }

    /**
     * Masks of two-party comparisons by function secret sharing ({@link SplineKey}): a sign or ReLU (1 point, 63 bits,
     * degree 0 or 1), a spline's clamp or its pieces. Per element a random value r (uniform in Z_2^128) and its powers
     * r^2 .. r^degree, authenticated; per element and each of the {@code points} public points the key is evaluated at,
     * a random bit s_q (authenticated; the dealer draws it from words of every party's stream, their coins, one a party
     * and bit: the XOR of their low bits, so no single party knows it), XOR shares of m xor s_q (m = bit {@code bits}
     * of r) with its binary MAC (m xor s_q) delta, and s_q r^i for i = 1 .. degree, authenticated. The keys compare
     * bits {@code skip} to {@code bits - 1} of the masked value and of r.
     */
    record SplineMask(int size, int points, int degree, int bits, int skip) implements AuthRequest {
        /** The highest power of the mask. */
        public static final int MAX_DEGREE = 7;
        /** Points (a spline's breaks) per element at most. */
        public static final int MAX_POINTS = 64;

        public SplineMask {
            MpcArgumentException.checkNonNegative(size, "mask size");
            if (points < 1 || points > MAX_POINTS) {
                throw new MpcArgumentException("a spline's mask serves 1 to " + MAX_POINTS + " points, not " + points);
            }
            if (2L * points * Math.max(1, degree) * size > Integer.MAX_VALUE) {
                throw new MpcArgumentException("a spline's mask of " + size + " elements is too large: split it");
            }
            if (degree < 0 || degree > MAX_DEGREE) {
                throw new MpcArgumentException("a spline's mask carries powers 0 to " + MAX_DEGREE + ", not "
                        + degree);
            }
            if (bits < 1 || bits > 63 || skip < 0 || skip >= bits) {
                throw new MpcArgumentException("a spline's keys compare 1 to 63 low bits, skipping fewer, not " + bits
                        + " skipping " + skip);
            }
        }

        @Override
        public long correctionWords() { // r's MAC; the powers, the bits s_q and s_q r^i (low words, MACs); m xor s_q
            return 2L * size + 3L * Math.max(0, degree - 1) * size + 3L * points * size + 2L * points * size
                    + 3L * points * degree * size;
        }
    }

    /**
     * The comparison keys of {@code mask}'s elements, {@code back} items after the mask: per element a distributed
     * comparison function ({@link Dcf}, payload of bit vectors under XOR) over {@code bits - skip} bits with alpha =
     * (r mod 2^bits) &gt;&gt; skip and payload (1, delta). Parties 0 and 1 receive the keys' shared words.
     */
    record SplineKey(SplineMask mask, int back) implements AuthRequest {
        /** Payload words per element: the bit and its binary MAC. */
        public static final int WIDTH = 2;

        public SplineKey {
            if (back < 1) {
                throw new MpcArgumentException("a comparison key comes after its mask, not " + back + " items back");
            }
        }

        public int size() {
            return mask.size();
        }

        /** Input bits of a key. */
        public int keyBits() {
            return mask.bits() - mask.skip();
        }

        @Override
        public long correctionWords() {
            return 0;
        }

        @Override
        public long clearWords(int party) {
            return party < 2 ? (long) Dcf.keyWords(keyBits(), WIDTH) * size() : 0;
        }
    }

    /** Elementwise triple c = a * b of {@code size} elements. */
    record Triple(int size) implements AuthRequest {
        public Triple {
            MpcArgumentException.checkNonNegative(size, "triple size");
        }

        @Override
        public long correctionWords() {
            return 7L * size; // the MACs of a and b, c (low words) and its MAC
        }
    }

    /**
     * Elementwise triples whose first {@code shared} left factors serve twice: a of {@code size} elements, b and c of
     * {@code size + shared}, c_j = a_j b_j and c_(size + j) = a_j b_(size + j). Two products with a common left operand
     * (a prefix circuit's g_hi + e_hi g_lo and e_hi e_lo) open x - a once: 3 openings instead of 4.
     */
    record SharedTriple(int size, int shared) implements AuthRequest {
        public SharedTriple {
            MpcArgumentException.checkNonNegative(size, "triple size");
            MpcArgumentException.checkNonNegative(shared, "shared left factors");
            if (shared > size || size > Integer.MAX_VALUE / 16) {
                throw new MpcArgumentException("triples of " + size + " with " + shared + " shared left factors");
            }
        }

        @Override
        public long correctionWords() {
            return 2L * size + 5L * (size + shared); // the MACs of a and b, c (low words) and its MAC
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
            return 2L * m * k + 2L * k * n + 3L * m * n;
        }
    }

    /**
     * Convolution triple C = conv(A, B) ({@link org.consortia.mpc.sharing.ring.Conv2d}): A masks the input tensor itself
     * ({@code inputSize} elements), B the weights; the parties expand the opened input with im2col locally, so an
     * authenticated convolution opens the input once, not its k^2-times larger columns.
     */
    record ConvTriple(org.consortia.mpc.sharing.ring.Conv2d conv) implements AuthRequest {
        public ConvTriple {
            if (conv == null) {
                throw new MpcArgumentException("convolution triple: no geometry");
            }
            if ((long) conv.c() * conv.k() * conv.k() * conv.n() * conv.oh() * conv.ow() > Integer.MAX_VALUE / 4
                    || (long) conv.outSize() > Integer.MAX_VALUE / 4) {
                throw new MpcArgumentException("convolution triple of " + conv + ": split the batch");
            }
        }

        @Override
        public long correctionWords() {
            return 2L * conv.inputSize() + 2L * conv.weightSize() + 3L * conv.outSize();
        }
    }

    /**
     * A matrix, convolution or elementwise triple whose right factor B is the mask r of the {@link Known} item
     * {@code back} items earlier (an input's: the owner announced d = W - r), with a fresh A: for a product by that
     * input itself, whose f = W - B is then d, public already, so the product opens only X - A (2 words less per
     * element of the input each time; the same input may take any number of such triples). An elementwise triple
     * takes the mask's elements [offset, offset + size) (a product in chunks takes one triple per chunk); a matrix or
     * convolution triple the whole mask (offset 0). The dealer derives those elements of r again from the earlier
     * item's streams; the parties take B's shares from the input ({@code [W] - d}), so the item carries A and C only.
     */
    record InputTriple(AuthRequest triple, int back, int offset) implements AuthRequest {
        public InputTriple {
            if (!(triple instanceof MatrixTriple) && !(triple instanceof ConvTriple) && !(triple instanceof Triple)) {
                throw new MpcArgumentException("an input's triple is a matrix, convolution or elementwise triple, not "
                        + triple);
            }
            if (back < 1) {
                throw new MpcArgumentException("an input's triple follows its mask: back = " + back + " must be at least 1");
            }
            if (offset < 0 || (offset > 0 && !(triple instanceof Triple))) {
                throw new MpcArgumentException("an input's triple starts at element " + offset
                        + " of its mask: only an elementwise triple starts past 0");
            }
        }

        /** A matrix or convolution triple by the whole mask. */
        public InputTriple(AuthRequest triple, int back) {
            this(triple, back, 0);
        }

        /** Elements of A. */
        public int leftSize() {
            return switch (triple) {
                case MatrixTriple t -> t.m() * t.k();
                case Triple t -> t.size();
                default -> ((ConvTriple) triple).conv().inputSize();
            };
        }

        /** Elements of B (the input's). */
        public int rightSize() {
            return switch (triple) {
                case MatrixTriple t -> t.k() * t.n();
                case Triple t -> t.size();
                default -> ((ConvTriple) triple).conv().weightSize();
            };
        }

        /** Elements of C. */
        public int outSize() {
            return switch (triple) {
                case MatrixTriple t -> t.m() * t.n();
                case Triple t -> t.size();
                default -> ((ConvTriple) triple).conv().outSize();
            };
        }

        @Override
        public long correctionWords() {
            return 2L * leftSize() + 3L * outSize(); // the MACs of a, c (low words) and its MAC
        }
    }

    /**
     * The product of two inputs' masks, elementwise: c = r r' for elements [leftOffset, leftOffset + size) of the
     * {@link Known} mask {@code leftBack} items earlier and [rightOffset, rightOffset + size) of the mask
     * {@code rightBack} items earlier (the same mask twice for an input's square). For a product of two inputs as they
     * were given, whose owners announced d = x - r and d' = w - r': every party then has shares of r and r' (its input
     * shares less the announcements), so x w = c + d' x + d w - d d' is local and nothing is opened. The dealer
     * derives both ranges again from the earlier items' streams; the item carries C only.
     */
    record InputPair(int size, int leftBack, int leftOffset, int rightBack, int rightOffset) implements AuthRequest {
        public InputPair {
            MpcArgumentException.checkNonNegative(size, "product size");
            if (leftBack < 1 || rightBack < 1) {
                throw new MpcArgumentException("a product of inputs follows their masks: back = " + leftBack + " and "
                        + rightBack + " must be at least 1");
            }
            if (leftOffset < 0 || rightOffset < 0) {
                throw new MpcArgumentException("a product of inputs starts at elements " + leftOffset + " and "
                        + rightOffset + " of their masks");
            }
        }

        @Override
        public long correctionWords() {
            return 3L * size; // c (low words) and its MAC
        }
    }
}
