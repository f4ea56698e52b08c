package org.consortia.mpc.sharing.dealer;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * Party side of the PRG-compressed dealer: derives this party's share of item number {@code index} from the
 * seed it shares with the dealer. Every component comes from the stream {@code (seed, index)} in a fixed
 * order; party 0 takes the components the dealer corrects (c, r_high, r_msb, ...) from the correction words
 * instead. The {@link Dealer} runs the very same code for every party, which keeps both sides in step.
 */
public final class Derivation {
    private Derivation() {
    }

    /**
     * @param party      this party's index; party 0 is the one that receives corrections
     * @param correction the dealer's correction words for party 0 ({@link Request#correctionWords()} of them),
     *                   or {@code null} on other parties (and inside the dealer, which then gets zeros there)
     */
    public static Material derive(int party, Seed seed, long index, Request request, long[] correction) {
        return derive(party, seed, index, request, correction, null);
    }

    /**
     * As {@link #derive(int, Seed, long, Request, long[])}, with the words the dealer sent every party for this item
     * ({@link Request#sharedWords()} of them; {@code null} inside the dealer, which makes them).
     */
    public static Material derive(int party, Seed seed, long index, Request request, long[] correction, long[] shared) {
        if (shared != null && shared.length != request.sharedWords()) {
            throw new MpcArgumentException("shared words for " + request + ": " + shared.length + ", expected "
                    + request.sharedWords());
        }
        if (party != 0 && correction != null) {
            throw new MpcArgumentException("only party 0 receives corrections, not party " + party);
        }
        if (correction != null && correction.length != request.correctionWords()) {
            throw new MpcArgumentException("correction for " + request + " has " + correction.length + " words, expected "
                    + request.correctionWords());
        }
        AesPrg prg = AesPrg.scratch(seed, index); // read here only: this thread's stream, keyed anew
        boolean corrected = party == 0;
        return switch (request) {
            case Request.Triple t -> {
                long[] a = prg.next(t.size());
                long[] b = prg.next(t.size());
                yield new Material.TripleShare(t, a, b, corrected ? orZeros(correction, 0, t.size()) : prg.next(t.size()));
            }
            case Request.MatrixTriple t -> {
                long[] a = prg.next(t.m() * t.k());
                long[] b = prg.next(t.k() * t.n());
                int cn = t.m() * t.n();
                yield new Material.TripleShare(t, a, b, corrected ? orZeros(correction, 0, cn) : prg.next(cn));
            }
            case Request.ConvTriple t -> {
                long[] a = prg.next(t.conv().inputSize());
                long[] b = prg.next(t.conv().weightSize());
                int cn = t.conv().outSize();
                yield new Material.TripleShare(t, a, b, corrected ? orZeros(correction, 0, cn) : prg.next(cn));
            }
            case Request.TruncPair t -> {
                int n = t.size();
                long[] r = prg.next(n);
                long[] hi = corrected ? orZeros(correction, 0, n) : prg.next(n);
                long[] msb = corrected ? orZeros(correction, n, n) : prg.next(n);
                yield new Material.TruncShare(t, r, hi, msb);
            }
            case Request.TruncMatTriple t -> {
                int kn = t.k() * t.n();
                int mn = t.m() * t.n();
                int mkn = t.m() * kn;
                long[] r = prg.next(kn);
                long[] a = prg.next(t.m() * t.k());
                long[] hi = corrected ? orZeros(correction, 0, kn) : prg.next(kn);
                long[] msb = corrected ? orZeros(correction, kn, kn) : prg.next(kn);
                long[] aHi = corrected ? orZeros(correction, 2 * kn, mn) : prg.next(mn);
                long[] aMsb = corrected ? orZeros(correction, 2 * kn + mn, mkn) : prg.next(mkn);
                yield new Material.TruncMatShare(t, r, hi, msb, a, aHi, aMsb);
            }
            case Request.AndTriple t -> {
                long[] a = prg.next(t.words());
                long[] b = prg.next(t.words());
                yield new Material.AndShare(t, a, b, corrected ? orZeros(correction, 0, t.words()) : prg.next(t.words()));
            }
            case Request.MaskWithBits t -> {
                long[] bits = prg.next(t.size());
                long[] arith = corrected ? orZeros(correction, 0, t.size()) : prg.next(t.size());
                yield new Material.MaskShare(t, arith, bits);
            }
            case Request.MaskWithCodes t -> {
                int n = t.size();
                long[] bits = prg.next(n);
                long[] arith = corrected ? orZeros(correction, 0, n) : prg.next(n);
                long[] codes = corrected ? orZeros(correction, n, t.codeWords()) : prg.next(t.codeWords());
                int products = t.product() ? n : 0;
                long[] packed = prg.next(packedWords(products));
                maskTail(packed, products);
                int at = n + t.codeWords();
                long[] bit = corrected ? orZeros(correction, at, products) : prg.next(products);
                long[] rBit = corrected ? orZeros(correction, at + products, products) : prg.next(products);
                yield new Material.CodeMaskShare(t, arith, bits, codes, packed, bit, rBit);
            }
            case Request.SignMask t -> {
                int n = t.size();
                long[] r = prg.next(n);
                long[] roots = prg.next(2 * n);
                int words = (t.degree() + 1) * n;
                int powers = (t.degree() - 1) * n;
                long[] msbPow = corrected ? orZeros(correction, 0, words) : prg.next(words);
                long[] pow = corrected ? orZeros(correction, words, powers) : prg.next(powers);
                int his = t.shift() > 0 ? 2 * n : 0;
                long[] hi = corrected ? orZeros(correction, words + powers, his) : prg.next(his);
                yield new Material.SignMaskShare(t, r, msbPow, pow, hi, roots);
            }
            case Request.SignKey t -> new Material.SignKeyShare(t, shared == null ? new long[0] : shared);
            case Request.RandomBits t -> {
                long[] packed = prg.next(packedWords(t.size()));
                maskTail(packed, t.size());
                long[] arith = corrected ? orZeros(correction, 0, t.size()) : prg.next(t.size());
                yield new Material.BitShare(t, arith, packed);
            }
        };
    }

    /** Words needed to hold {@code bits} bits, 64 per word. */
    public static int packedWords(int bits) {
        return (bits + 63) >>> 6;
    }

    /** Clears the bits past {@code bits} in the last word. */
    public static void maskTail(long[] packed, int bits) {
        int rem = bits & 63;
        if (rem != 0 && packed.length > 0) {
            packed[packed.length - 1] &= (1L << rem) - 1;
        }
    }

    private static long[] orZeros(long[] correction, int from, int len) {
        long[] out = new long[len];
        if (correction != null) {
            System.arraycopy(correction, from, out, 0, len);
        }
        return out;
    }
}
