package org.consortia.mpc.sharing.dealer;

import org.consortia.mpc.sharing.MpcArgumentException;
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
     * The masks of {@code size} comparisons between two parties: a random r shared arithmetically, shares of its top
     * bit r_63 and of r_63 r, and each party's root seeds of the comparison keys that a later {@link SignKey} item
     * gives for these masks. After opening c = x + r, the keys make msb(x) and relu(x) local (see the protocols'
     * FSS comparison). Two parties only.
     */
    record SignMask(int size) implements Request {
        public SignMask {
            MpcArgumentException.checkNonNegative(size, "comparison mask size");
        }

        @Override
        public long correctionWords() {
            return 2L * size;
        }
    }

    /**
     * The keys of the {@link SignMask} item {@code back} items earlier (of the same size): a distributed comparison
     * function ({@link org.consortia.mpc.sharing.fss.Dcf}) over the low 63 bits with alpha = r mod 2^63 and payload
     * (1 - 2 r_63, (1 - 2 r_63) r), all in words the dealer sends both parties. Masks and keys are separate items so
     * that a kernel can take every mask of a large batch, open all of it in one round, and then take the keys
     * (about 2 KB per element) a chunk at a time.
     */
    record SignKey(int size, int back) implements Request {
        /** Bits of the comparison inside a key: the low 63 bits of the opened value. */
        public static final int BITS = 63;

        /** The most elements of one key item (kernels take keys in chunks far below it): 2^20 keys, 2 GiB. */
        public static final int MAX_SIZE = 1 << 20;

        public SignKey {
            MpcArgumentException.checkNonNegative(size, "comparison key size");
            if (size > MAX_SIZE) {
                throw new MpcArgumentException("comparison keys: " + size + " in one item, at most " + MAX_SIZE);
            }
            if (back < 1) {
                throw new MpcArgumentException("a comparison key follows its mask: back = " + back + " must be at least 1");
            }
        }

        @Override
        public long correctionWords() {
            return 0;
        }

        @Override
        public long sharedWords() {
            return (long) org.consortia.mpc.sharing.fss.Dcf.keyWords(BITS) * size;
        }
    }
}
