package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fss.Dcf;
import org.consortia.mpc.sharing.prg.Seed;
import org.consortia.mpc.sharing.ring.Ring;

/**
 * The honest dealer's authenticated arithmetic (no I/O): from one seed per party it knows every party's key share,
 * hence alpha, and answers each item with party 0's corrections (MACs alpha * x of every random value, the product of
 * a triple in its low words and its MAC) and, for an input or output mask, the mask in clear to its owner. The dealer
 * colludes with no party; a party that deviates online is caught by the MAC check, not trusted.
 */
public final class AuthDealer {
    private final Seed[] seeds;
    private final long alphaLo;
    private final long alphaHi;
    /** The binary MAC key: the XOR of the parties' shares. */
    private final long delta;

    public AuthDealer(Seed[] partySeeds) {
        if (partySeeds.length < 2) {
            throw new MpcArgumentException("a dealer serves at least 2 parties, got " + partySeeds.length);
        }
        this.seeds = partySeeds.clone();
        long[] alpha = new long[2];
        long bits = 0;
        for (Seed s : seeds) {
            MacKeyShare k = AuthDerivation.key(s);
            Z128.addInto(alpha, new long[] {k.lo(), k.hi()});
            bits ^= k.bits();
        }
        this.delta = bits;
        this.alphaLo = alpha[0];
        this.alphaHi = alpha[1];
    }

    public int parties() {
        return seeds.length;
    }

    /**
     * What the dealer sends for one item: corrections to party 0, and words in clear to some parties (a mask's owner,
     * a comparison key's two parties): {@code clear[p]}, null where party p gets none.
     */
    public record Answer(long[] correction, long[][] clear) {
        /** An answer with corrections only. */
        Answer(long[] correction) {
            this(correction, null);
        }

        /** The words in clear to {@code party}, or null. */
        public long[] clear(int party) {
            return clear == null || party >= clear.length ? null : clear[party];
        }

        @Override
        public String toString() {
            return "Answer[" + correction.length + " correction words" + (clear == null ? "" : ", words in clear") + "]";
        }
    }

    public Answer answer(AuthRequest request, long index) {
        int n = seeds.length;
        if (request instanceof AuthRequest.Known k) {
            MpcArgumentException.checkParty(k.owner(), n, "mask owner");
        }
        // a comparison mask (241 entries a value) is made a block at a time, not every party's whole share at once
        AuthMaterial[] m = request instanceof AuthRequest.MaskBits ? null : derived(request, index);
        return switch (request) {
            case AuthRequest.Random r -> new Answer(macFix(m, x -> ((AuthMaterial.Mask) x).r()));
            case AuthRequest.Known k -> {
                Part pr = x -> ((AuthMaterial.Mask) x).r();
                long[] r = valueSum(m, pr);
                long[][] clear = new long[n][];
                clear[k.owner()] = r;
                yield new Answer(macFix(m, pr, r), clear);
            }
            case AuthRequest.SplineMask sm -> splineMaskAnswer(m, sm);
            case AuthRequest.SplineKey k -> splineKeyAnswer(m, k, index);
            case AuthRequest.TruncPair t -> truncAnswer(m, t.fracBits());
            case AuthRequest.MaskBits b -> bitsAnswer(b, index);
            case AuthRequest.Triple t -> tripleAnswer(m, (a, b) -> Z128.mul(a, b));
            case AuthRequest.SharedTriple t -> tripleAnswer(m, (a, b) -> Z128.mul(Z128.repeatPrefix(a, t.shared()), b));
            case AuthRequest.MatrixTriple t -> tripleAnswer(m, product(t));
            case AuthRequest.ConvTriple t -> tripleAnswer(m, product(t));
            case AuthRequest.InputTriple t -> inputTripleAnswer(m, t, index);
            case AuthRequest.InputPair t -> inputPairAnswer(m, t, index);
        };
    }

    /**
     * A triple whose B is the input mask {@code back} items earlier: the mask's elements B stands for (all of them, or
     * an elementwise triple's range) from every party's stream of that item again, C = op(A, r), A's MACs and C fixed.
     * The MACs cannot tell a wrong earlier item (the product would be off by A (r - r') with consistent MACs), so the
     * demand checks that the named item is an input's mask holding B's elements ({@link AuthDemand}) and every party
     * takes its items in the demand's order.
     */
    private Answer inputTripleAnswer(AuthMaterial[] m, AuthRequest.InputTriple t, long index) {
        if (index < t.back()) {
            throw new MpcArgumentException("an input's triple at item " + index + " names item " + (index - t.back()));
        }
        long[] r = AuthDerivation.maskValues(seeds, index - t.back(), t.offset(), t.rightSize());
        Part pa = x -> ((AuthMaterial.Triple) x).a();
        long[] a = valueSum(m, pa);
        long[] c = product(t.triple()).apply(a, r);
        return new Answer(Ring.concat(macFix(m, pa, a), fixed(m, x -> ((AuthMaterial.Triple) x).c(), c)));
    }

    /** The product of two inputs' masks (their elements again from every party's streams of their items), C fixed. */
    private Answer inputPairAnswer(AuthMaterial[] m, AuthRequest.InputPair t, long index) {
        if (index < Math.max(t.leftBack(), t.rightBack())) {
            throw new MpcArgumentException("a product of inputs at item " + index + " names items " + (index - t.leftBack())
                    + " and " + (index - t.rightBack()));
        }
        long[] c = Z128.mul(AuthDerivation.maskValues(seeds, index - t.leftBack(), t.leftOffset(), t.size()),
                AuthDerivation.maskValues(seeds, index - t.rightBack(), t.rightOffset(), t.size()));
        return new Answer(fixed(m, x -> ((AuthMaterial.Triple) x).c(), c));
    }

    /** Every party's material of item {@code index} (party 0's fixed parts zeros: the dealer computes them). */
    private AuthMaterial[] derived(AuthRequest request, long index) {
        AuthMaterial[] m = new AuthMaterial[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            m[i] = AuthDerivation.derive(i, seeds[i], index, request, null, null);
        }
        return m;
    }

    /** C = A·B of a matrix triple, conv(A, B) of a convolution triple or A * B elementwise, in Z_2^128. */
    private static Op product(AuthRequest triple) {
        if (triple instanceof AuthRequest.Triple) {
            return Z128::mul;
        }
        if (triple instanceof AuthRequest.MatrixTriple t) {
            return (a, b) -> {
                long[] c = Z128.zeros(t.m() * t.n());
                Z128.matmulAddInto(c, a, b, t.m(), t.k(), t.n());
                return c;
            };
        }
        return (a, b) -> Z128Conv.apply(((AuthRequest.ConvTriple) triple).conv(), a, b);
    }

    private interface Part {
        AuthShare of(AuthMaterial m);
    }

    private interface Op {
        long[] apply(long[] a, long[] b);
    }

    private Answer tripleAnswer(AuthMaterial[] m, Op op) {
        Part pa = x -> ((AuthMaterial.Triple) x).a();
        Part pb = x -> ((AuthMaterial.Triple) x).b();
        Part pc = x -> ((AuthMaterial.Triple) x).c();
        long[] a = valueSum(m, pa);
        long[] b = valueSum(m, pb);
        long[] c = op.apply(a, b);
        return new Answer(Ring.concat(macFix(m, pa, a), macFix(m, pb, b), fixed(m, pc, c)));
    }

    private Answer truncAnswer(AuthMaterial[] m, int bits) {
        Part pr = x -> ((AuthMaterial.Trunc) x).r();
        long[] r = valueSum(m, pr);
        long[] high = new long[r.length];
        for (int j = 0; j < r.length; j += 2) {
            high[j] = r[j] >>> bits;
        }
        return new Answer(Ring.concat(macFix(m, pr, r), fixed(m, x -> ((AuthMaterial.Trunc) x).high(), high),
                fixed(m, x -> ((AuthMaterial.Trunc) x).msb(), msbOfLowWords(r))));
    }

    /**
     * A comparison mask's corrections a block of {@link AuthRequest.MaskBits#BLOCK} values at a time, in the order party 0
     * reads them ({@link AuthDerivation}): every party's block derived, its corrections appended. The dealer's memory
     * is the corrections and about a megabyte (a block of every party's share, an AES buffer each), not every party's
     * whole material (a comparison of 16,384 values among 3 parties made 380 MB of it, then sums of the same size).
     */
    private Answer bitsAnswer(AuthRequest.MaskBits b, long index) {
        long[] out = new long[Math.toIntExact(b.correctionWords())];
        AuthDerivation.Blocks blocks = AuthDerivation.bitBlocks(seeds, index);
        int at = 0;
        for (int e0 = 0; e0 < b.size(); e0 += AuthRequest.MaskBits.BLOCK) {
            long[] fix = bitsBlock(blocks.next(Math.min(AuthRequest.MaskBits.BLOCK, b.size() - e0)));
            System.arraycopy(fix, 0, out, at, fix.length);
            at += fix.length;
        }
        return new Answer(out);
    }

    /** One block's corrections: r's MACs, then its codes' low words and MACs. */
    private long[] bitsBlock(AuthMaterial[] m) {
        Part pr = x -> ((AuthMaterial.Bits) x).r();
        long[] r = valueSum(m, pr);
        int per = AuthRequest.MaskBits.ENTRIES;
        long[] codes = new long[per * r.length]; // per value of 2 words, ENTRIES elements of 2 words
        for (int i = 0; i < r.length / 2; i++) {
            long lo = r[2 * i];
            int base = per * i;
            for (int q = 0; q < AuthRequest.MaskBits.CHUNKS - 1; q++) {
                long rq = (lo >>> (AuthRequest.MaskBits.CHUNK * q)) & 15;
                for (int v = 0; v < 15; v++) {
                    codes[2 * (base + AuthRequest.MaskBits.entry(q, v))] = rq > v ? 1 : 0;
                }
            }
            codes[2 * (base + AuthRequest.MaskBits.top((int) (lo >>> 60)))] = 1;
        }
        return Ring.concat(macFix(m, pr, r), fixed(m, x -> ((AuthMaterial.Bits) x).codes(), codes));
    }

    /**
     * A spline's masks: r's MACs; its powers; the bits s_q (from the coins); party 0's XOR shares of m xor s_q and its
     * binary MAC (m = bit {@code bits} of r); s_q r^i. Each part authenticated as {@link #fixed} makes it.
     */
    private Answer splineMaskAnswer(AuthMaterial[] m, AuthRequest.SplineMask sm) {
        Part pr = x -> ((AuthMaterial.SplineMask) x).r();
        long[] r = valueSum(m, pr);
        int n = sm.size();
        int points = sm.points();
        int d = sm.degree();
        long[][] pow = new long[d + 1][];
        if (d >= 1) {
            pow[1] = r;
        }
        for (int i = 2; i <= d; i++) {
            pow[i] = Z128.mul(pow[i - 1], r);
        }
        long[] powers = new long[2 * Math.max(0, d - 1) * n];
        for (int i = 2; i <= d; i++) {
            System.arraycopy(pow[i], 0, powers, 2 * (i - 2) * n, 2 * n);
        }
        long[] bits = new long[2 * points * n];
        long[] masked = new long[2 * points * n];
        long[] bitPowers = new long[2 * points * d * n];
        for (int q = 0; q < points; q++) {
            for (int j = 0; j < n; j++) {
                int at = q * n + j;
                long s = 0;
                for (AuthMaterial x : m) {
                    s ^= ((AuthMaterial.SplineMask) x).coins()[at];
                }
                s &= 1;
                bits[2 * at] = s;
                long w = ((r[2 * j] >>> sm.bits()) & 1) ^ s;
                long tag = -w & delta;
                for (int i = 1; i < m.length; i++) {
                    long[] theirs = ((AuthMaterial.SplineMask) m[i]).masked();
                    w ^= theirs[2 * at];
                    tag ^= theirs[2 * at + 1];
                }
                masked[2 * at] = w;
                masked[2 * at + 1] = tag;
                if (s == 1) {
                    for (int i = 1; i <= d; i++) {
                        int b = (q * d + i - 1) * n + j;
                        bitPowers[2 * b] = pow[i][2 * j];
                        bitPowers[2 * b + 1] = pow[i][2 * j + 1];
                    }
                }
            }
        }
        return new Answer(Ring.concat(macFix(m, pr, r), fixed(m, x -> ((AuthMaterial.SplineMask) x).powers(), powers),
                fixed(m, x -> ((AuthMaterial.SplineMask) x).bits(), bits), masked,
                fixed(m, x -> ((AuthMaterial.SplineMask) x).bitPowers(), bitPowers)));
    }

    /** A spline's keys: alpha = (r mod 2^bits) &gt;&gt; skip over bits - skip bits, payload (1, delta) under XOR. */
    private Answer splineKeyAnswer(AuthMaterial[] m, AuthRequest.SplineKey k, long index) {
        if (seeds.length != 2) {
            throw new MpcArgumentException("comparison keys serve 2 parties, not " + seeds.length);
        }
        if (index < k.back()) {
            throw new MpcArgumentException("comparison keys " + k.back() + " items after their mask at item " + index);
        }
        long[] r = valueSum(derived(k.mask(), index - k.back()), x -> ((AuthMaterial.SplineMask) x).r());
        int n = k.size();
        int width = AuthRequest.SplineKey.WIDTH;
        long low = (1L << k.mask().bits()) - 1;
        long[] alpha = new long[n];
        long[] beta = new long[width * n];
        for (int e = 0; e < n; e++) {
            alpha[e] = (r[2 * e] & low) >>> k.mask().skip();
            beta[width * e] = 1;
            beta[width * e + 1] = delta;
        }
        long[] cw = new long[Dcf.keyWords(k.keyBits(), width) * n];
        Dcf.gen(k.keyBits(), width, Dcf.Group.XOR, alpha, beta,
                ((AuthMaterial.SplineKey) m[0]).roots(), ((AuthMaterial.SplineKey) m[1]).roots(), cw);
        return new Answer(new long[0], new long[][] {cw, cw});
    }

    /** Bit 63 of each element's low word, as Z_2^128 values 0 or 1 (a truncation's and a comparison's m). */
    private static long[] msbOfLowWords(long[] r) {
        long[] msb = new long[r.length];
        for (int j = 0; j < r.length; j += 2) {
            msb[j] = r[j] >>> 63;
        }
        return msb;
    }

    /**
     * Party 0's value words and MAC shares (in that order) that make {@code p} share {@code v} modulo 2^64,
     * authenticated: the low words of its values (its high words are its stream's: {@link AuthDerivation}), then the
     * MACs of the whole Z_2^128 sum they make. 3 words per element, not 4.
     */
    private long[] fixed(AuthMaterial[] m, Part p, long[] v) {
        long[] sum = valueSum(m, p); // party 0's low words still zero here
        long[] low = new long[sum.length / 2];
        for (int j = 0; j < low.length; j++) {
            low[j] = v[2 * j] - sum[2 * j];
            long s = sum[2 * j] + low[j];
            sum[2 * j + 1] += Long.compareUnsigned(s, low[j]) < 0 ? 1 : 0;
            sum[2 * j] = s;
        }
        return Ring.concat(low, macFix(m, p, sum));
    }

    /** Party 0's MAC share that makes the MACs of {@code p}'s values (which sum to {@code sum}) sum to alpha times it. */
    private long[] macFix(AuthMaterial[] m, Part p, long[] sum) {
        long[] mac = Z128.scale(sum, alphaLo, alphaHi);
        for (int i = 1; i < m.length; i++) {
            Z128.subInto(mac, p.of(m[i]).mac());
        }
        return mac;
    }

    /** Party 0's MAC share for {@code p}'s values, whose sum it computes. */
    private long[] macFix(AuthMaterial[] m, Part p) {
        return macFix(m, p, valueSum(m, p));
    }

    private static long[] valueSum(AuthMaterial[] m, Part p) {
        long[] out = p.of(m[0]).value().clone();
        for (int i = 1; i < m.length; i++) {
            Z128.addInto(out, p.of(m[i]).value());
        }
        return out;
    }

    @Override
    public String toString() {
        return "AuthDealer[parties=" + seeds.length + "]";
    }
}
