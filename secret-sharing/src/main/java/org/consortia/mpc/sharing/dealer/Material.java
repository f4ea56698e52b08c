package org.consortia.mpc.sharing.dealer;

/**
 * One party's share of one {@link Request}. {@code toString()} prints kind and size only, never values.
 */
public sealed interface Material {
    Request request();

    /** Shares of a, b and c = a * b (elementwise) or C = A·B (matrix). */
    record TripleShare(Request request, long[] a, long[] b, long[] c) implements Material {
        @Override
        public String toString() {
            return "TripleShare" + request;
        }
    }

    /** Shares of r, r &gt;&gt;&gt; f (the high 64-f bits of r as an unsigned number) and msb(r) in {0, 1}. */
    record TruncShare(Request.TruncPair request, long[] r, long[] rHigh, long[] rMsb) implements Material {
        @Override
        public String toString() {
            return "TruncShare" + request;
        }
    }

    /**
     * A {@link Request.TruncMatTriple}'s shares: the truncation pair's r, r_hi and r_63 (k x n), A (m x k), A r_hi
     * (m x n) and A_ij r_63,jl (m x k x n, index (i k + j) n + l).
     */
    record TruncMatShare(Request.TruncMatTriple request, long[] r, long[] rHigh, long[] rMsb, long[] a, long[] aHigh,
            long[] aMsb) implements Material {
        @Override
        public String toString() {
            return "TruncMatShare" + request;
        }
    }

    /** XOR shares of bit-sliced a, b and c = a &amp; b. */
    record AndShare(Request.AndTriple request, long[] a, long[] b, long[] c) implements Material {
        @Override
        public String toString() {
            return "AndShare" + request;
        }
    }

    /** Arithmetic shares of masks r_j and XOR shares of the same values (one word per element). */
    record MaskShare(Request.MaskWithBits request, long[] arithmetic, long[] bits) implements Material {
        @Override
        public String toString() {
            return "MaskShare" + request;
        }
    }

    /**
     * Arithmetic shares of masks r_j, XOR shares of the same values, XOR shares of their chunk codes (bit-sliced,
     * {@link Request.MaskWithCodes}), and with a product the random bits s_j (XOR shares packed 64 per word, and
     * arithmetic shares) and shares of r_j s_j (all three empty without).
     */
    record CodeMaskShare(Request.MaskWithCodes request, long[] arithmetic, long[] bits, long[] codes, long[] productBits,
            long[] productBit, long[] maskTimesBit) implements Material {
        @Override
        public String toString() {
            return "CodeMaskShare" + request;
        }
    }

    /** Arithmetic shares of bits r_j and XOR shares of the same bits packed 64 per word. */
    record BitShare(Request.RandomBits request, long[] arithmetic, long[] packed) implements Material {
        @Override
        public String toString() {
            return "BitShare" + request;
        }
    }

    /**
     * One party's comparison masks: shares of r, of r_L r^p for p = 0 .. degree ({@code rMsbPow[p n + e]}), of r^p
     * for p = 2 .. degree ({@code rPow[(p - 2) n + e]}), with a shift of r_hi and r_63 r_hi ({@code rHi[e]},
     * {@code rHi[n + e]}; empty without), and the party's root seeds of the keys (two words per element).
     */
    record SignMaskShare(Request.SignMask request, long[] r, long[] rMsbPow, long[] rPow, long[] rHi, long[] roots)
            implements Material {
        /** The share of r_L r^p of element e. */
        public long rMsbPow(int p, int e) {
            return rMsbPow[p * r.length + e];
        }

        /** The share of r^p of element e, p from 1 to the degree. */
        public long rPow(int p, int e) {
            return p == 1 ? r[e] : rPow[(p - 2) * r.length + e];
        }

        @Override
        public String toString() {
            return "SignMaskShare" + request;
        }
    }

    /** The shared correction words of comparison keys ({@link org.consortia.mpc.sharing.fss.Dcf#keyWords} per element). */
    record SignKeyShare(Request.SignKey request, long[] shared) implements Material {
        @Override
        public String toString() {
            return "SignKeyShare" + request;
        }
    }
}
