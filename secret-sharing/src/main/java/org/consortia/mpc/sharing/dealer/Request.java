package org.consortia.mpc.sharing.dealer;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fss.Dcf;
import org.consortia.mpc.sharing.ring.BitMatrix;
import org.consortia.mpc.sharing.ring.Conv2d;

/**
 * One shaped item of correlated randomness, as a computation declares it before its online phase. The dealer
 * answers each item with {@link #correctionWords()} words sent to party 0 only; every other share is derived
 * by its party from the seed it shares with the dealer.
 */
public sealed interface Request {
    /** Words the dealer sends to party 0 for this item. */
    long correctionWords();

    /** Words the dealer sends to every party for this item (the common part of function-secret-sharing keys). */
    default long sharedWords() {
        return 0;
    }

    /** Elementwise Beaver triple c = a * b of {@code size} elements. */
    record Triple(int size) implements Request {
        public Triple {
            MpcArgumentException.checkNonNegative(size, "triple size");
        }

        @Override
        public long correctionWords() {
            return size;
        }
    }

    /** Matrix triple C = A·B with A {@code m x k}, B {@code k x n}. */
    record MatrixTriple(int m, int k, int n) implements Request {
        public MatrixTriple {
            MpcArgumentException.checkNonNegative(m, "m");
            MpcArgumentException.checkNonNegative(k, "k");
            MpcArgumentException.checkNonNegative(n, "n");
        }

        @Override
        public long correctionWords() {
            return (long) m * n;
        }
    }

    /** Convolution triple C = conv(A, B): A input-shaped, B weight-shaped (see {@link Conv2d}). */
    record ConvTriple(Conv2d conv) implements Request {
        @Override
        public long correctionWords() {
            return conv.outSize();
        }
    }

    /** Truncation pair: random r with shares of r, of r &gt;&gt;&gt; fracBits and of the MSB of r. */
    record TruncPair(int size, int fracBits) implements Request {
        public TruncPair {
            MpcArgumentException.checkNonNegative(size, "truncation size");
            if (fracBits < 1 || fracBits > 62) {
                throw new MpcArgumentException("truncation bits = " + fracBits + " must be in 1..62");
            }
        }

        @Override
        public long correctionWords() {
            return 2L * size;
        }
    }

    /**
     * A truncation pair on a {@code k x n} value fused with a matrix triple whose right factor is the truncated value
     * itself: random r (k x n) with shares of r, r_hi = r &gt;&gt;&gt; fracBits and r_63 = r &gt;&gt;&gt; 63 (as a
     * {@link TruncPair}), a random A ({@code m x k}), and shares of A r_hi (m x n) and of every A_ij r_63,jl (m x k x n,
     * in that order). Opening X - A in the truncation's round then gives X times the truncated value locally
     * ({@code protocols.arith.TruncMatmul}): a product after a truncation in one round instead of two.
     */
    record TruncMatTriple(int m, int k, int n, int fracBits) implements Request {
        public TruncMatTriple {
            MpcArgumentException.checkNonNegative(m, "m");
            MpcArgumentException.checkNonNegative(k, "k");
            MpcArgumentException.checkNonNegative(n, "n");
            if (fracBits < 1 || fracBits > 61) {
                throw new MpcArgumentException("truncation bits = " + fracBits + " must be in 1..61");
            }
            if ((long) m * k * n > 1 << 24 || (long) k * n > 1 << 24 || (long) m * k > 1 << 24) {
                throw new MpcArgumentException("a truncated product's triple of " + m + " x " + k + " x " + n
                        + " exceeds 2^24 words: split the product");
            }
        }

        @Override
        public long correctionWords() {
            return 2L * k * n + (long) m * n + (long) m * k * n;
        }
    }

    /** AND triples on {@code words} 64-bit words (64 bit-sliced lanes each), XOR-shared: c = a &amp; b. */
    record AndTriple(int words) implements Request {
        public AndTriple {
            MpcArgumentException.checkNonNegative(words, "AND triple words");
        }

        @Override
        public long correctionWords() {
            return words;
        }
    }

    /**
     * {@code size} random ring elements r, each shared arithmetically and, word for word, by XOR (the XOR
     * shares of one word are the bits of that element): the mask of the comparison protocol.
     */
    record MaskWithBits(int size) implements Request {
        public MaskWithBits {
            MpcArgumentException.checkNonNegative(size, "mask size");
        }

        @Override
        public long correctionWords() {
            return size;
        }
    }

    /**
     * {@code size} comparison masks as {@link MaskWithBits} (r shared arithmetically and by XOR), with each mask's
     * chunk codes, XOR-shared: r's bits 0..62 cut into 16 chunks (15 of 4 bits, bits 60..62 the last of 3), and for
     * chunk q with value r_q the thermometer code u_q[v] = [r_q &gt; v] (v = 0..15; 0 from v = r_q on). The codes are
     * bit-sliced in blocks of 64 elements: word {@code 256 k + 16 q + v} holds u_q[v] of elements 64 k .. 64 k + 63
     * (bit i: element 64 k + i; a last partial block's other lanes are padding), as {@link #slicedCodes} lays them
     * out. A comparison with a public chunk c_q reads [r_q &gt; c_q] = u_q[c_q] and [r_q = c_q] = u_q[c_q - 1] ^ u_q[c_q]
     * without a product, 64 elements a word: the boolean comparison's tree then runs over 16 leaves instead of 63
     * ({@code protocols.bool.Compare}). Only a dealer makes them; sessions without one compare bit by bit.
     *
     * <p>For a ReLU ({@link Use#RELU}) each element also has a random bit s, XOR-shared (packed 64 per word) and shared
     * arithmetically, and shares of r s: after c = open(x + r) and d = open(msb(x) ^ s), x msb(x) = d x + (1 - 2 d)
     * (c s - r s) is local, so a ReLU is one opening of a bit after the sign's tree instead of a conversion and a product.
     * For an equality test ({@link Use#EQUALITY}) the last chunk is bits 60..63 (4 bits): x = 0 iff every chunk of
     * c = x + r equals r's.
     */
    record MaskWithCodes(int size, Use use) implements Request {
        /** Chunks of a mask's low 63 bits (or all 64 for an equality). */
        public static final int CHUNKS = 16;
        /** Code words per block of 64 elements: 16 chunks of 16 code positions. */
        public static final int BLOCK_WORDS = CHUNKS * 16;

        /** What the masks serve: the sign's codes, with the ReLU's product bit, or an equality's codes. */
        public enum Use {
            SIGN, RELU, EQUALITY
        }

        public MaskWithCodes {
            MpcArgumentException.checkNonNegative(size, "mask size");
            if (size > Integer.MAX_VALUE / 8) { // 7 words per element at most, and the last block's padding
                throw new MpcArgumentException("a mask item of " + size + " elements exceeds " + Integer.MAX_VALUE / 8
                        + ": split it");
            }
        }

        /** A sign's masks and codes. */
        public MaskWithCodes(int size) {
            this(size, Use.SIGN);
        }

        /** Whether each element also has the ReLU's product bit. */
        public boolean product() {
            return use == Use.RELU;
        }

        /** Bits of the last chunk: 60..62 for a sign, 60..63 for an equality. */
        public int topBits() {
            return use == Use.EQUALITY ? 4 : 3;
        }

        /** Words of the codes: {@link #BLOCK_WORDS} per block of 64 elements, the last one partial. */
        public int codeWords() {
            return BLOCK_WORDS * ((size + 63) >>> 6);
        }

        /**
         * The clear codes of the {@code len} (at most 64) masks {@code r[from ..]}, bit-sliced into
         * {@code out[at .. at + BLOCK_WORDS)} (overwritten; the lanes past {@code len} are 0), the last chunk of
         * {@code topBits} bits.
         */
        public static void slicedCodes(long[] r, int from, int len, long[] out, int at, int topBits) {
            long top = (1L << topBits) - 1;
            long[] tile = new long[64];
            for (int w = 0; w < 4; w++) { // per element, chunks 4 w .. 4 w + 3 in 16-bit fields; then one transpose
                for (int i = 0; i < 64; i++) {
                    long word = 0;
                    if (i < len) {
                        long ri = r[from + i];
                        for (int f = 0; f < 4; f++) {
                            int q = 4 * w + f;
                            int chunk = (int) (q == CHUNKS - 1 ? (ri >>> 60) & top : (ri >>> (4 * q)) & 15);
                            word |= ((1L << chunk) - 1) << (16 * f); // u[v] = 1 for v < r_q
                        }
                    }
                    tile[i] = word;
                }
                BitMatrix.transpose64(tile);
                System.arraycopy(tile, 0, out, at + 64 * w, 64); // bit 16 f + v of word w: position 16 q + v
            }
        }

        /** The arithmetic mask (party 0's correction), the codes' correction words, and with a product s and r s. */
        @Override
        public long correctionWords() {
            return (long) size + codeWords() + (product() ? 2L * size : 0);
        }
    }

    /** {@code size} random bits, each shared both arithmetically and (bit-packed) by XOR. */
    record RandomBits(int size) implements Request {
        public RandomBits {
            MpcArgumentException.checkNonNegative(size, "random bits size");
        }

        @Override
        public long correctionWords() {
            return size;
        }
    }

    /**
     * The masks of {@code size} comparisons between two parties: a random r shared arithmetically, shares of its bit
     * r_L (L = {@code bits}, the sign of a value of L + 1 bits) times the powers r^0 .. r^degree, shares of the
     * powers r^2 .. r^degree, and each party's root seeds of the comparison keys that a later {@link SignKey} item
     * gives for these masks. After opening c = x + r, the keys make msb(x) and relu(x) local (degree 1, L = 63, see
     * the protocols' FSS comparison) or a piecewise polynomial of degree up to {@code degree} in x (the FSS spline,
     * on values known to fit L + 1 bits). The keys compare bits {@code skip} to L - 1 only (0 for an exact
     * comparison). With a {@code shift} s &gt; 0 (L = 63 only) the masks also share r_hi = r &gt;&gt;&gt; s and
     * r_63 r_hi, and the keys' payload carries r_hi and r_63 too: what a truncation by s fused with the ReLU needs.
     * Two parties only.
     */
    record SignMask(int size, int degree, int bits, int skip, int shift) implements Request {
        /** The highest power of the mask a key's payload carries (a payload of at most Dcf.MAX_WIDTH words). */
        public static final int MAX_DEGREE = Dcf.MAX_WIDTH - 1;

        public SignMask {
            MpcArgumentException.checkNonNegative(size, "comparison mask size");
            if (degree < 1 || degree + (shift > 0 ? 2 : 0) > MAX_DEGREE) {
                throw new MpcArgumentException("a comparison mask carries powers 1 to " + MAX_DEGREE + " (2 fewer with a "
                        + "shift), not " + degree);
            }
            if (bits < 1 || bits > SignKey.BITS || skip < 0 || skip >= bits) {
                throw new MpcArgumentException("a comparison mask compares 1 to " + SignKey.BITS + " low bits, skipping "
                        + "fewer than those, not bits " + bits + " skipping " + skip);
            }
            if (shift < 0 || shift > 61 || (shift > 0 && (bits != SignKey.BITS || skip != 0))) {
                throw new MpcArgumentException("a comparison mask's shift is 0, or 1 to 61 on exact 63-bit keys, not " + shift);
            }
        }

        /** The masks of a sign or ReLU: r_63 and r_63 r. */
        public SignMask(int size) {
            this(size, 1, SignKey.BITS, 0, 0);
        }

        /** Masks without a shift. */
        public SignMask(int size, int degree, int bits, int skip) {
            this(size, degree, bits, skip, 0);
        }

        /** Words of the keys' payload: degree + 1 (+ 2 with a shift), rounded up to even. */
        public int width() {
            return (degree + (shift > 0 ? 3 : 1) + 1) & ~1;
        }

        @Override
        public long correctionWords() {
            return (2L * degree + (shift > 0 ? 2 : 0)) * size;
        }
    }

    /**
     * The keys of the {@code mask} item {@code back} items earlier: a distributed comparison function
     * ({@link org.consortia.mpc.sharing.fss.Dcf}) over bits skip .. L - 1 with alpha = (r mod 2^L) &gt;&gt;&gt; skip and
     * payload (1 - 2 r_L) (1, r, .., r^degree[, r_hi, r_63]) (padded with a zero to an even width), all in words the
     * dealer sends both parties. Masks and keys are separate items so that a kernel can take every mask of a large
     * batch, open all of it in one round, and then take the keys (about 2 KB per element at degree 1, 3 KB at degree
     * 3) a chunk at a time.
     */
    record SignKey(SignMask mask, int back) implements Request {
        /** Bits of a sign's comparison inside a key: the low 63 bits of the opened value (the most a key compares). */
        public static final int BITS = 63;

        /** The most elements of one key item (kernels take keys in chunks far below it): 2^20 keys, 2 to 5 GiB. */
        public static final int MAX_SIZE = 1 << 20;

        public SignKey {
            if (mask.size() > MAX_SIZE) {
                throw new MpcArgumentException("comparison keys: " + mask.size() + " in one item, at most " + MAX_SIZE);
            }
            if (back < 1) {
                throw new MpcArgumentException("a comparison key follows its mask: back = " + back + " must be at least 1");
            }
        }

        /** The keys of a sign or ReLU (degree 1, the low 63 bits). */
        public SignKey(int size, int back) {
            this(new SignMask(size), back);
        }

        public int size() {
            return mask.size();
        }

        /** Bits of the distributed comparison function: bits - skip. */
        public int keyBits() {
            return mask.bits() - mask.skip();
        }

        /** Words of the key's payload. */
        public int width() {
            return mask.width();
        }

        @Override
        public long correctionWords() {
            return 0;
        }

        @Override
        public long sharedWords() {
            return (long) Dcf.keyWords(keyBits(), width()) * size();
        }
    }
}
