package org.consortia.mpc.sharing.dealer;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fss.Dcf;
import org.consortia.mpc.sharing.prg.Seed;
import org.consortia.mpc.sharing.ring.RingMatmul;

/**
 * The trusted dealer's arithmetic (no I/O): holds one seed per party and computes, for each declared item,
 * the correction words for party 0 so that the parties' derived shares form valid correlated randomness.
 * Traffic is therefore one correction per item to one party: {@link Request#correctionWords()}.
 *
 * <p>The dealer colludes with no party; it learns nothing about inputs because it never sees online traffic.
 */
public final class Dealer {
    private final Seed[] seeds;

    public Dealer(Seed[] partySeeds) {
        if (partySeeds.length < 2) {
            throw new MpcArgumentException("a dealer serves at least 2 parties, got " + partySeeds.length);
        }
        this.seeds = partySeeds.clone();
    }

    public int parties() {
        return seeds.length;
    }

    /** What the dealer sends for one item: correction words to party 0, shared words to every party. */
    public record Answer(long[] correction, long[] shared) {
        @Override
        public String toString() {
            return "Answer[" + correction.length + " correction words, " + shared.length + " shared words]";
        }
    }

    private static final long[] NONE = new long[0];

    /** Correction words for party 0 for item {@code index}. */
    public long[] correction(Request request, long index) {
        return answer(request, index).correction();
    }

    /** Correction words for party 0 and shared words for every party, for item {@code index}. */
    public Answer answer(Request request, long index) {
        if ((request instanceof Request.SignMask || request instanceof Request.SignKey) && seeds.length != 2) {
            throw new MpcArgumentException("comparison masks and keys serve 2 parties, not " + seeds.length);
        }
        if (request instanceof Request.SignKey k) {
            return signKeys(k, index);
        }
        return new Answer(corrections(request, index), NONE);
    }

    /** The keys of the masks {@code back} items earlier: both parties' masks derived again, the keys made from them. */
    private Answer signKeys(Request.SignKey t, long index) {
        int n = t.size();
        int width = t.width();
        Request.SignMask masks = t.mask();
        Material.SignMaskShare p0 = (Material.SignMaskShare) Derivation.derive(0, seeds[0], index - t.back(), masks, null);
        Material.SignMaskShare p1 = (Material.SignMaskShare) Derivation.derive(1, seeds[1], index - t.back(), masks, null);
        long[] alpha = new long[n];
        long[] beta = new long[width * n];
        int bits = masks.bits();
        int degree = masks.degree();
        for (int j = 0; j < n; j++) {
            long r = p0.r()[j] + p1.r()[j];
            alpha[j] = (r & ((1L << bits) - 1)) >>> masks.skip();
            long sign = 1 - 2 * ((r >>> bits) & 1);
            long power = sign; // (1 - 2 r_L) r^p
            for (int p = 0; p <= degree; p++) {
                beta[width * j + p] = power;
                power *= r;
            }
            if (masks.shift() > 0) { // (1 - 2 r_63) r_hi and (1 - 2 r_63) r_63
                beta[width * j + degree + 1] = sign * (r >>> masks.shift());
                beta[width * j + degree + 2] = sign * (r >>> 63);
            }
        }
        long[] shared = new long[(int) t.sharedWords()];
        Dcf.gen(t.keyBits(), width, alpha, beta, p0.roots(), p1.roots(), shared);
        return new Answer(NONE, shared);
    }

    private long[] corrections(Request request, long index) {
        int n = seeds.length;
        Material[] m = new Material[n];
        for (int i = 0; i < n; i++) {
            m[i] = Derivation.derive(i, seeds[i], index, request, null);
        }
        return switch (request) {
            case Request.Triple t -> {
                long[] a = sum(m, x -> ((Material.TripleShare) x).a());
                long[] b = sum(m, x -> ((Material.TripleShare) x).b());
                long[] c = sumFrom1(m, x -> ((Material.TripleShare) x).c());
                for (int j = 0; j < c.length; j++) {
                    c[j] = a[j] * b[j] - c[j];
                }
                yield c;
            }
            case Request.MatrixTriple t -> {
                long[] a = sum(m, x -> ((Material.TripleShare) x).a());
                long[] b = sum(m, x -> ((Material.TripleShare) x).b());
                long[] ab = RingMatmul.multiply(a, b, t.m(), t.k(), t.n());
                long[] rest = sumFrom1(m, x -> ((Material.TripleShare) x).c());
                for (int j = 0; j < ab.length; j++) {
                    ab[j] -= rest[j];
                }
                yield ab;
            }
            case Request.ConvTriple t -> {
                long[] a = sum(m, x -> ((Material.TripleShare) x).a());
                long[] b = sum(m, x -> ((Material.TripleShare) x).b());
                long[] ab = t.conv().apply(a, b);
                long[] rest = sumFrom1(m, x -> ((Material.TripleShare) x).c());
                for (int j = 0; j < ab.length; j++) {
                    ab[j] -= rest[j];
                }
                yield ab;
            }
            case Request.TruncPair t -> {
                int size = t.size();
                long[] r = sum(m, x -> ((Material.TruncShare) x).r());
                long[] hi = sumFrom1(m, x -> ((Material.TruncShare) x).rHigh());
                long[] msb = sumFrom1(m, x -> ((Material.TruncShare) x).rMsb());
                long[] out = new long[2 * size];
                for (int j = 0; j < size; j++) {
                    out[j] = (r[j] >>> t.fracBits()) - hi[j];
                    out[size + j] = (r[j] >>> 63) - msb[j];
                }
                yield out;
            }
            case Request.TruncMatTriple t -> {
                int m1 = t.m();
                int k = t.k();
                int n1 = t.n();
                int kn = k * n1;
                long[] r = sum(m, x -> ((Material.TruncMatShare) x).r());
                long[] a = sum(m, x -> ((Material.TruncMatShare) x).a());
                long[] hi = sumFrom1(m, x -> ((Material.TruncMatShare) x).rHigh());
                long[] msb = sumFrom1(m, x -> ((Material.TruncMatShare) x).rMsb());
                long[] aHi = sumFrom1(m, x -> ((Material.TruncMatShare) x).aHigh());
                long[] aMsb = sumFrom1(m, x -> ((Material.TruncMatShare) x).aMsb());
                long[] rHi = new long[kn];
                long[] r63 = new long[kn];
                for (int j = 0; j < kn; j++) {
                    rHi[j] = r[j] >>> t.fracBits();
                    r63[j] = r[j] >>> 63;
                }
                long[] out = new long[(int) t.correctionWords()];
                for (int j = 0; j < kn; j++) {
                    out[j] = rHi[j] - hi[j];
                    out[kn + j] = r63[j] - msb[j];
                }
                long[] ar = RingMatmul.multiply(a, rHi, m1, k, n1);
                int base = 2 * kn;
                for (int j = 0; j < ar.length; j++) {
                    out[base + j] = ar[j] - aHi[j];
                }
                base += ar.length;
                for (int i = 0; i < m1; i++) {
                    for (int j = 0; j < k; j++) {
                        long aij = a[i * k + j];
                        for (int l = 0; l < n1; l++) {
                            int at = (i * k + j) * n1 + l;
                            out[base + at] = aij * r63[j * n1 + l] - aMsb[at];
                        }
                    }
                }
                yield out;
            }
            case Request.AndTriple t -> {
                long[] a = xor(m, x -> ((Material.AndShare) x).a(), 0);
                long[] b = xor(m, x -> ((Material.AndShare) x).b(), 0);
                long[] c = xor(m, x -> ((Material.AndShare) x).c(), 1);
                for (int j = 0; j < c.length; j++) {
                    c[j] ^= a[j] & b[j];
                }
                yield c;
            }
            case Request.MaskWithBits t -> {
                long[] r = xor(m, x -> ((Material.MaskShare) x).bits(), 0);
                long[] rest = sumFrom1(m, x -> ((Material.MaskShare) x).arithmetic());
                for (int j = 0; j < r.length; j++) {
                    r[j] -= rest[j];
                }
                yield r;
            }
            case Request.MaskWithCodes t -> {
                int size = t.size();
                long[] r = xor(m, x -> ((Material.CodeMaskShare) x).bits(), 0);
                long[] rest = sumFrom1(m, x -> ((Material.CodeMaskShare) x).arithmetic());
                long[] codes = xor(m, x -> ((Material.CodeMaskShare) x).codes(), 1);
                long[] out = new long[(int) t.correctionWords()];
                for (int j = 0; j < size; j++) {
                    out[j] = r[j] - rest[j];
                }
                for (int k = 0; 64 * k < size; k++) {
                    int at = size + Request.MaskWithCodes.BLOCK_WORDS * k;
                    Request.MaskWithCodes.slicedCodes(r, 64 * k, Math.min(64, size - 64 * k), out, at, t.topBits());
                    for (int w = 0; w < Request.MaskWithCodes.BLOCK_WORDS; w++) {
                        out[at + w] ^= codes[at - size + w];
                    }
                }
                if (t.product()) { // s and r s
                    long[] bits = xor(m, x -> ((Material.CodeMaskShare) x).productBits(), 0);
                    long[] bit = sumFrom1(m, x -> ((Material.CodeMaskShare) x).productBit());
                    long[] rBit = sumFrom1(m, x -> ((Material.CodeMaskShare) x).maskTimesBit());
                    int at = size + t.codeWords();
                    for (int j = 0; j < size; j++) {
                        long sj = (bits[j >>> 6] >>> (j & 63)) & 1L;
                        out[at + j] = sj - bit[j];
                        out[at + size + j] = sj * r[j] - rBit[j];
                    }
                }
                yield out;
            }
            case Request.RandomBits t -> {
                long[] bits = xor(m, x -> ((Material.BitShare) x).packed(), 0);
                long[] rest = sumFrom1(m, x -> ((Material.BitShare) x).arithmetic());
                long[] out = new long[t.size()];
                for (int j = 0; j < out.length; j++) {
                    out[j] = ((bits[j >>> 6] >>> (j & 63)) & 1L) - rest[j];
                }
                yield out;
            }
            case Request.SignMask t -> {
                int size = t.size();
                long[] r = sum(m, x -> ((Material.SignMaskShare) x).r());
                long[] msbPow = sumFrom1(m, x -> ((Material.SignMaskShare) x).rMsbPow());
                long[] pow = sumFrom1(m, x -> ((Material.SignMaskShare) x).rPow());
                long[] hi = sumFrom1(m, x -> ((Material.SignMaskShare) x).rHi());
                long[] out = new long[(int) t.correctionWords()];
                int rest = (t.degree() + 1) * size;
                int last = 2 * t.degree() * size;
                for (int j = 0; j < size; j++) {
                    long power = (r[j] >>> t.bits()) & 1; // r_L r^p
                    for (int p = 0; p <= t.degree(); p++) {
                        out[p * size + j] = power - msbPow[p * size + j];
                        power *= r[j];
                    }
                    power = r[j] * r[j]; // r^p from p = 2
                    for (int p = 2; p <= t.degree(); p++) {
                        out[rest + (p - 2) * size + j] = power - pow[(p - 2) * size + j];
                        power *= r[j];
                    }
                    if (t.shift() > 0) { // r_hi and r_63 r_hi
                        long rHi = r[j] >>> t.shift();
                        out[last + j] = rHi - hi[j];
                        out[last + size + j] = (r[j] >>> 63) * rHi - hi[size + j];
                    }
                }
                yield out;
            }
            case Request.SignKey t -> throw new IllegalStateException("comparison keys are answered by signKeys");
        };
    }

    private interface Part {
        long[] of(Material m);
    }

    private static long[] sum(Material[] m, Part p) {
        long[] out = p.of(m[0]).clone();
        addFrom(m, p, 1, out);
        return out;
    }

    private static long[] sumFrom1(Material[] m, Part p) {
        long[] out = new long[p.of(m[1]).length];
        addFrom(m, p, 1, out);
        return out;
    }

    private static void addFrom(Material[] m, Part p, int from, long[] out) {
        for (int i = from; i < m.length; i++) {
            long[] s = p.of(m[i]);
            for (int j = 0; j < out.length; j++) {
                out[j] += s[j];
            }
        }
    }

    private static long[] xor(Material[] m, Part p, int from) {
        long[] out = new long[p.of(m[from]).length];
        for (int i = from; i < m.length; i++) {
            long[] s = p.of(m[i]);
            for (int j = 0; j < out.length; j++) {
                out[j] ^= s[j];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Dealer[parties=" + seeds.length + "]";
    }
}
