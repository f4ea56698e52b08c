package org.consortia.mpc.sharing.fss;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Distributed comparison functions for two parties (Boyle, Chandran, Gilboa, Gupta, Ishai, Kumaresan, Tessaro:
 * "Function Secret Sharing for Mixed-Mode and Fixed-Point Secure Computation", Eurocrypt 2021, figure 1): a key pair
 * for {@code f(x) = beta if x < alpha else 0}, {@code x} and {@code alpha} unsigned integers of {@code bits} bits and
 * {@code beta} a vector of {@code width} ring elements (width even: a pair for a sign or ReLU, four for a cubic
 * spline), such that each key alone tells nothing of alpha or beta and the two parties' evaluations at any public x
 * add up to f(x) in the payload's {@link Group} (Z_2^64 per word, Z_2^128 per pair of words, or bit vectors under XOR:
 * the construction holds in any abelian group, and in one of characteristic 2 its signs drop out).
 *
 * <p>A key is a root seed of the party's own (two words, derived from its PRG stream with the dealer, so never
 * sent) and correction words the two keys share ({@link #keyWords}: per level the seed's correction (two words) and
 * the value's ({@code width} words); the control bits' corrections of all levels packed in two words; the final
 * correction ({@code width} words)). A batch of n keys is laid out level by level, word w of every key together (at
 * w n + e), so that an evaluation streams through the keys in order. The tree's PRG is fixed-key AES in
 * Matyas-Meyer-Oseas form, H(y) = AES_k(y) xor y with a public key k (a correlation-robust hash, as in Google's DPF
 * library and LLAMA), y = the seed with a tweak in its high word: tweak 0 and 1 the left and right child seeds (their
 * lowest bit the control bit), 2 + 8q and 3 + 8q the left and right values' block q, 4 + 8q the leaf's value block q.
 * Evaluation takes 1 + width/2 blocks per level (the child on x's side and its value), for a slice of evaluations
 * in one ECB call per level. One key may be evaluated at several points ({@link #evalPoints}): each evaluation is
 * local and reveals nothing of the key.
 *
 * <p>Costs per element: a key of {@code (2 + width) bits + 2 + width} shared words; evaluation
 * {@code (1 + width/2) bits + width/2} AES blocks per point; key generation {@code 2 (2 + width) bits + width}.
 */
public final class Dcf {
    /** Words of one output of a sign key: a pair of ring elements. */
    public static final int PAYLOAD = 2;

    /** The widest payload: eight words (a polynomial of degree 7). */
    public static final int MAX_WIDTH = 8;

    /**
     * The payload's group: every word an element of Z_2^64; each pair of words (2b, 2b + 1) one element of Z_2^128
     * (low word first; the parties' outputs add up with carries); or every word a vector of 64 bits under XOR (the
     * parties' outputs XOR to the payload: malicious mode's comparison bit and its binary MAC).
     */
    public enum Group {
        Z64, Z128, XOR
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The public AES key of the tree's hash (the hexadecimal digits of pi's fraction). */
    private static final byte[] FIXED_KEY = {
        (byte) 0x24, (byte) 0x3F, (byte) 0x6A, (byte) 0x88, (byte) 0x85, (byte) 0xA3, (byte) 0x08, (byte) 0xD3,
        (byte) 0x13, (byte) 0x19, (byte) 0x8A, (byte) 0x2E, (byte) 0x03, (byte) 0x70, (byte) 0x73, (byte) 0x44};

    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(FIXED_KEY, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB is not available in this JVM", e);
        }
    });

    private static final int LEFT = 0;
    private static final int VALUE = 2;
    private static final int LEAF = 4;
    /** Tweak step between a value's blocks. */
    private static final int BLOCK_TWEAK = 8;

    private Dcf() {
    }

    /** Shared correction words of one key over {@code bits}-bit inputs with a pair payload. */
    public static int keyWords(int bits) {
        return keyWords(bits, PAYLOAD);
    }

    /** Shared correction words of one key over {@code bits}-bit inputs with a payload of {@code width} words. */
    public static int keyWords(int bits, int width) {
        checkBits(bits);
        checkWidth(width);
        return (2 + width) * bits + 2 + width;
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 64) {
            throw new MpcArgumentException("a comparison's input has 1 to 64 bits, not " + bits);
        }
    }

    private static void checkWidth(int width) {
        if (width < 2 || width > MAX_WIDTH || (width & 1) != 0) {
            throw new MpcArgumentException("a comparison's payload has an even number of words from 2 to " + MAX_WIDTH
                    + ", not " + width);
        }
    }

    /** {@link #gen(int, int, long[], long[], long[], long[], long[])} with a pair payload. */
    public static void gen(int bits, long[] alpha, long[] beta, long[] roots0, long[] roots1, long[] cw) {
        gen(bits, PAYLOAD, alpha, beta, roots0, roots1, cw);
    }

    /**
     * The dealer's part: for every element e, the correction words of the key pair for {@code alpha[e]} and the
     * payload {@code beta[width e .. width e + width)}, given the two parties' root seeds ({@code roots0[2e],
     * roots0[2e+1]} and likewise for party 1).
     *
     * @param cw out: {@link #keyWords(int, int)} words per element
     */
    public static void gen(int bits, int width, long[] alpha, long[] beta, long[] roots0, long[] roots1, long[] cw) {
        gen(bits, width, false, alpha, beta, roots0, roots1, cw);
    }

    /**
     * {@link #gen(int, int, long[], long[], long[], long[], long[])} in the payload group of the given width: with
     * {@code wide}, each pair of words (2b, 2b + 1) is one element of Z_2^128 (low word first; the parties' outputs
     * add up with carries), else every word is an element of Z_2^64. Malicious mode's keys are wide: their payload
     * is a value and its MAC.
     */
    public static void gen(int bits, int width, boolean wide, long[] alpha, long[] beta, long[] roots0, long[] roots1,
            long[] cw) {
        gen(bits, width, wide ? Group.Z128 : Group.Z64, alpha, beta, roots0, roots1, cw);
    }

    /** {@link #gen(int, int, long[], long[], long[], long[], long[])} in the payload group {@code group}. */
    public static void gen(int bits, int width, Group group, long[] alpha, long[] beta, long[] roots0, long[] roots1,
            long[] cw) {
        int k = keyWords(bits, width);
        int n = alpha.length;
        if (beta.length != (long) width * n || roots0.length != 2 * n || roots1.length != 2 * n || cw.length != (long) k * n) {
            throw new MpcArgumentException("comparison keys for " + n + " elements: mismatched arrays");
        }
        if (n <= GEN_SLICE) {
            genSlice(bits, width, group, alpha, beta, roots0, roots1, cw);
            return;
        }
        long[] part = new long[k * GEN_SLICE];
        for (int from = 0; from < n; from += GEN_SLICE) { // a slice through all levels while its blocks stay in cache
            int m = Math.min(GEN_SLICE, n - from);
            int to = from + m;
            if (m < GEN_SLICE) {
                part = new long[k * m];
            }
            genSlice(bits, width, group, java.util.Arrays.copyOfRange(alpha, from, to),
                    java.util.Arrays.copyOfRange(beta, width * from, width * to),
                    java.util.Arrays.copyOfRange(roots0, 2 * from, 2 * to),
                    java.util.Arrays.copyOfRange(roots1, 2 * from, 2 * to), part);
            for (int w = 0; w < k; w++) { // word w of the slice's keys to word w of the batch's
                System.arraycopy(part, w * m, cw, w * n + from, m);
            }
        }
    }

    /**
     * Keys made together through all levels at most: their blocks (2 (2 + width) per key, 320 bytes each way for a
     * pair payload) stay in cache. Made all at once, a batch's blocks (tens of MB) went through the cipher from memory
     * at a sixth of its rate: 11 against about 4 us per wide key of 8 words.
     */
    private static final int GEN_SLICE = 256;

    /** {@link #gen(int, int, Group, long[], long[], long[], long[], long[])} for keys laid out among themselves. */
    private static void genSlice(int bits, int width, Group group, long[] alpha, long[] beta, long[] roots0,
            long[] roots1, long[] cw) {
        boolean wide = group == Group.Z128;
        boolean xor = group == Group.XOR;
        int n = alpha.length;
        int stride = 2 + width; // words of one level
        int half = width / 2; // value blocks per child
        int per = 2 * (2 + width); // blocks per element and level: both parties, both sides, seed and value blocks
        int tAt = stride * bits;
        long[] s = new long[4 * n]; // per element: party 0's seed (lo, hi), party 1's
        long[] t = new long[n]; // bit 0: party 0's control bit, bit 1: party 1's
        long[] va = new long[width * n];
        for (int e = 0; e < n; e++) {
            s[4 * e] = roots0[2 * e];
            s[4 * e + 1] = roots0[2 * e + 1];
            s[4 * e + 2] = roots1[2 * e];
            s[4 * e + 3] = roots1[2 * e + 1];
            t[e] = 2; // t0 = 0, t1 = 1
            cw[tAt * n + e] = 0; // the control bits' corrections are or-ed in below
            cw[(tAt + 1) * n + e] = 0;
        }
        Blocks blocks = new Blocks(per * n);
        for (int i = 0; i < bits; i++) {
            int shift = bits - 1 - i;
            for (int e = 0; e < n; e++) {
                for (int b = 0; b < 2; b++) {
                    long lo = s[4 * e + 2 * b];
                    long hi = s[4 * e + 2 * b + 1];
                    int at = per * e + (2 + width) * b;
                    blocks.in(at, lo, hi);
                    blocks.in(at + 1, lo, hi ^ 1);
                    for (int q = 0; q < half; q++) {
                        blocks.in(at + 2 + 2 * q, lo, hi ^ (VALUE + BLOCK_TWEAK * q));
                        blocks.in(at + 3 + 2 * q, lo, hi ^ (VALUE + 1 + BLOCK_TWEAK * q));
                    }
                }
            }
            blocks.hash();
            for (int e = 0; e < n; e++) {
                int a = (int) (alpha[e] >>> shift) & 1;
                int keep = a;
                int lose = 1 - a;
                int base0 = per * e; // party 0's blocks: seeds at +side, value block q at +2+2q+side
                int base1 = base0 + 2 + width;
                long sLose0Lo = blocks.lo(base0 + lose) & ~1L;
                long sLose0Hi = blocks.hi(base0 + lose);
                long sLose1Lo = blocks.lo(base1 + lose) & ~1L;
                long sLose1Hi = blocks.hi(base1 + lose);
                long sCwLo = sLose0Lo ^ sLose1Lo;
                long sCwHi = sLose0Hi ^ sLose1Hi;
                long t1 = (t[e] >>> 1) & 1;
                long sign = t1 == 1 ? -1 : 1;
                int v = width * e;
                for (int b = 0; b < half; b++) { // block b: words 2b (its low half) and 2b + 1 (its high half)
                    int q = base0 + 2 + 2 * b;
                    int r = base1 + 2 + 2 * b;
                    int w = v + 2 * b;
                    if (xor) { // the same without signs, every sum an XOR
                        long fLo = blocks.lo(r + lose) ^ blocks.lo(q + lose) ^ va[w];
                        long fHi = blocks.hi(r + lose) ^ blocks.hi(q + lose) ^ va[w + 1];
                        if (lose == LEFT) {
                            fLo ^= beta[w];
                            fHi ^= beta[w + 1];
                        }
                        va[w] ^= blocks.lo(q + keep) ^ blocks.lo(r + keep) ^ fLo;
                        va[w + 1] ^= blocks.hi(q + keep) ^ blocks.hi(r + keep) ^ fHi;
                        cw[(stride * i + 2 + 2 * b) * n + e] = fLo;
                        cw[(stride * i + 3 + 2 * b) * n + e] = fHi;
                        continue;
                    }
                    // the value's correction: sign (lose1 - lose0 - va [+ beta where the lost side is the left])
                    long dLo = blocks.lo(r + lose) - blocks.lo(q + lose);
                    long dHi = blocks.hi(r + lose) - blocks.hi(q + lose) - borrow(wide, blocks.lo(r + lose), blocks.lo(q + lose));
                    long fLo = dLo - va[w];
                    long fHi = dHi - va[w + 1] - borrow(wide, dLo, va[w]);
                    if (lose == LEFT) {
                        long gLo = fLo + beta[w];
                        fHi = fHi + beta[w + 1] + carry(wide, gLo, fLo);
                        fLo = gLo;
                    }
                    long cwLo = sign == 1 ? fLo : -fLo;
                    long cwHi = sign == 1 ? fHi : negHi(wide, fLo, fHi);
                    // va' = va - keep1 + keep0 + sign vcw, and sign vcw = f
                    long kLo = blocks.lo(q + keep) - blocks.lo(r + keep);
                    long kHi = blocks.hi(q + keep) - blocks.hi(r + keep) - borrow(wide, blocks.lo(q + keep), blocks.lo(r + keep));
                    long vLo = va[w] + kLo;
                    long vHi = va[w + 1] + kHi + carry(wide, vLo, va[w]);
                    va[w] = vLo + fLo;
                    va[w + 1] = vHi + fHi + carry(wide, vLo + fLo, vLo);
                    cw[(stride * i + 2 + 2 * b) * n + e] = cwLo;
                    cw[(stride * i + 3 + 2 * b) * n + e] = cwHi;
                }
                long tl0 = blocks.lo(base0) & 1;
                long tr0 = blocks.lo(base0 + 1) & 1;
                long tl1 = blocks.lo(base1) & 1;
                long tr1 = blocks.lo(base1 + 1) & 1;
                long tcwL = tl0 ^ tl1 ^ a ^ 1;
                long tcwR = tr0 ^ tr1 ^ a;
                cw[(stride * i) * n + e] = sCwLo;
                cw[(stride * i + 1) * n + e] = sCwHi;
                cw[tAt * n + e] |= tcwL << i;
                cw[(tAt + 1) * n + e] |= tcwR << i;
                long tcwKeep = keep == LEFT ? tcwL : tcwR;
                long tNew = 0;
                for (int b = 0; b < 2; b++) {
                    int base = b == 0 ? base0 : base1;
                    long tb = (t[e] >>> b) & 1;
                    long lo = (blocks.lo(base + keep) & ~1L) ^ (tb == 1 ? sCwLo : 0);
                    long hi = blocks.hi(base + keep) ^ (tb == 1 ? sCwHi : 0);
                    long tk = (blocks.lo(base + keep) & 1) ^ (tb & tcwKeep);
                    s[4 * e + 2 * b] = lo;
                    s[4 * e + 2 * b + 1] = hi;
                    tNew |= tk << b;
                }
                t[e] = tNew;
            }
        }
        Blocks leaf = new Blocks(2 * half * n);
        for (int e = 0; e < n; e++) {
            for (int q = 0; q < half; q++) {
                leaf.in(2 * (half * e + q), s[4 * e], s[4 * e + 1] ^ (LEAF + BLOCK_TWEAK * q));
                leaf.in(2 * (half * e + q) + 1, s[4 * e + 2], s[4 * e + 3] ^ (LEAF + BLOCK_TWEAK * q));
            }
        }
        leaf.hash();
        int fAt = tAt + 2;
        for (int e = 0; e < n; e++) {
            long sign = ((t[e] >>> 1) & 1) == 1 ? -1 : 1;
            int v = width * e;
            for (int b = 0; b < half; b++) {
                int q = 2 * (half * e + b);
                int w = v + 2 * b;
                if (xor) {
                    cw[(fAt + 2 * b) * n + e] = leaf.lo(q + 1) ^ leaf.lo(q) ^ va[w];
                    cw[(fAt + 2 * b + 1) * n + e] = leaf.hi(q + 1) ^ leaf.hi(q) ^ va[w + 1];
                    continue;
                }
                long dLo = leaf.lo(q + 1) - leaf.lo(q);
                long dHi = leaf.hi(q + 1) - leaf.hi(q) - borrow(wide, leaf.lo(q + 1), leaf.lo(q));
                long fLo = dLo - va[w];
                long fHi = dHi - va[w + 1] - borrow(wide, dLo, va[w]);
                cw[(fAt + 2 * b) * n + e] = sign == 1 ? fLo : -fLo;
                cw[(fAt + 2 * b + 1) * n + e] = sign == 1 ? fHi : negHi(wide, fLo, fHi);
            }
        }
    }

    /** {@link #eval(int, int, int, long[], long[], long[], long[])} with a pair payload. */
    public static void eval(int party, int bits, long[] roots, long[] cw, long[] x, long[] out) {
        eval(party, bits, PAYLOAD, roots, cw, x, out);
    }

    /**
     * One party's evaluation at public points: {@code out[width e .. width e + width)} is this party's share of
     * f_e(x[e]) (the parties' outputs add up to beta_e where x[e] &lt; alpha_e, to 0 elsewhere). Only the low
     * {@code bits} bits of each x count.
     */
    public static void eval(int party, int bits, int width, long[] roots, long[] cw, long[] x, long[] out) {
        evalPoints(party, bits, width, roots, cw, x, 1, out);
    }

    /**
     * One party's evaluation of every key at {@code points} public points: point q of key e is
     * {@code x[points e + q]} and its share of f_e at that point goes to {@code out[width (points e + q) ..)}.
     */
    public static void evalPoints(int party, int bits, int width, long[] roots, long[] cw, long[] x, int points, long[] out) {
        evalPoints(party, bits, width, false, roots, cw, x, points, out);
    }

    /** {@link #evalPoints(int, int, int, long[], long[], long[], int, long[])} in the payload group of {@code wide}. */
    public static void evalPoints(int party, int bits, int width, boolean wide, long[] roots, long[] cw, long[] x,
            int points, long[] out) {
        evalPoints(party, bits, width, wide ? Group.Z128 : Group.Z64, roots, cw, x, points, out);
    }

    /** {@link #evalPoints(int, int, int, long[], long[], long[], int, long[])} in the payload group {@code group}. */
    public static void evalPoints(int party, int bits, int width, Group group, long[] roots, long[] cw, long[] x,
            int points, long[] out) {
        int k = keyWords(bits, width);
        if (party != 0 && party != 1) {
            throw new MpcArgumentException("a comparison key belongs to party 0 or 1, not " + party);
        }
        if (points < 1 || roots.length % 2 != 0) {
            throw new MpcArgumentException("comparison at " + points + " points per key: expected at least 1");
        }
        int n = roots.length / 2;
        long jobs = (long) n * points;
        if (cw.length != (long) k * n || x.length != jobs || out.length != jobs * width) {
            throw new MpcArgumentException("comparison of " + n + " elements: mismatched arrays");
        }
        Slice slice = new Slice(Math.min(n, SLICE), width, group);
        for (int from = 0; from < n; from += SLICE) { // every level of a slice of keys while its blocks stay in cache
            int to = Math.min(n, from + SLICE);
            for (int q = 0; q < points; q++) {
                slice.run(party, bits, n, points, q, from, to, roots, cw, x, out);
            }
        }
    }

    /** Keys evaluated together through all levels: their blocks (16 KiB per block of the value) stay in cache. */
    private static final int SLICE = 1024;

    /**
     * A slice of keys evaluated at one point each. Every loop runs over the keys with indices linear in the key and
     * no inner loop (the JIT then unrolls it and checks ranges once per loop): the value's blocks sit in their own
     * buffers, one per block, and the values add up in per-word accumulators. The pass that updates the seeds also
     * writes the next level's seed block and first value block, instead of a pass of its own for each (the update
     * holds the new seed and the point already; 53 -> 46 ms for 98,304 pair keys here).
     */
    private static final class Slice {
        private final boolean wide;
        private final boolean xor;
        private final int half;
        private final long[] s;
        private final long[] t;
        private final long[] points;
        private final long[][] acc;
        private final Blocks seeds;
        private final Blocks[] values;

        Slice(int size, int width, Group group) {
            this.wide = group == Group.Z128;
            this.xor = group == Group.XOR;
            half = width / 2;
            s = new long[2 * size];
            t = new long[size];
            points = new long[size];
            acc = new long[width][size];
            seeds = new Blocks(size);
            values = new Blocks[half];
            for (int b = 0; b < half; b++) {
                values[b] = new Blocks(size);
            }
        }

        void run(int party, int bits, int n, int stride, int q, int from, int to, long[] roots, long[] cw, long[] x,
                long[] out) {
            int m = to - from;
            int width = 2 * half;
            int level = 2 + width;
            long[] s = this.s;
            long[] t = this.t;
            long[] xs = this.points;
            System.arraycopy(roots, 2 * from, s, 0, 2 * m);
            java.util.Arrays.fill(t, 0, m, party);
            for (int j = 0; j < m; j++) {
                xs[j] = x[(from + j) * stride + q];
            }
            for (long[] a : acc) {
                java.util.Arrays.fill(a, 0, m, 0L);
            }
            int tAt = level * bits * n + from;
            Blocks v0 = values[0];
            for (int j = 0; j < m; j++) { // the first level's seed and first value block; later levels' in the update
                long bit = (xs[j] >>> (bits - 1)) & 1;
                seeds.in(j, s[2 * j], s[2 * j + 1] ^ bit);
                v0.in(j, s[2 * j], s[2 * j + 1] ^ (VALUE + bit));
            }
            for (int i = 0; i < bits; i++) {
                int shift = bits - 1 - i;
                seeds.hash(m);
                v0.hash(m);
                for (int b = 1; b < half; b++) {
                    Blocks v = values[b];
                    long tweak = VALUE + BLOCK_TWEAK * b;
                    for (int j = 0; j < m; j++) {
                        v.in(j, s[2 * j], s[2 * j + 1] ^ (tweak + ((xs[j] >>> shift) & 1)));
                    }
                    v.hash(m);
                }
                int sAt = level * i * n + from;
                for (int b = 0; b < half; b++) {
                    Blocks v = values[b];
                    long[] a0 = acc[2 * b];
                    long[] a1 = acc[2 * b + 1];
                    int c0 = sAt + (2 + 2 * b) * n;
                    int c1 = c0 + n;
                    if (xor) {
                        for (int j = 0; j < m; j++) {
                            long on = -t[j];
                            a0[j] ^= v.lo(j) ^ (cw[c0 + j] & on);
                            a1[j] ^= v.hi(j) ^ (cw[c1 + j] & on);
                        }
                    } else if (!wide) {
                        for (int j = 0; j < m; j++) {
                            long on = -t[j]; // all ones where the control bit is set: no branch on a random bit
                            a0[j] += v.lo(j) + (cw[c0 + j] & on);
                            a1[j] += v.hi(j) + (cw[c1 + j] & on);
                        }
                    } else {
                        for (int j = 0; j < m; j++) {
                            long on = -t[j];
                            long lo = v.lo(j) + (cw[c0 + j] & on);
                            long hi = v.hi(j) + (cw[c1 + j] & on) + (Long.compareUnsigned(lo, v.lo(j)) < 0 ? 1 : 0);
                            long sum = a0[j] + lo;
                            a1[j] += hi + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
                            a0[j] = sum;
                        }
                    }
                }
                int next = shift - 1; // the next level's bit (past the last level: unused blocks the leaf overwrites)
                for (int j = 0; j < m; j++) {
                    long point = xs[j];
                    int side = (int) (point >>> shift) & 1;
                    long tb = t[j];
                    long on = -tb;
                    long lo = seeds.lo(j);
                    t[j] = (lo & 1) ^ ((cw[tAt + side * n + j] >>> i) & tb);
                    long sLo = (lo & ~1L) ^ (cw[sAt + j] & on);
                    long sHi = seeds.hi(j) ^ (cw[sAt + n + j] & on);
                    s[2 * j] = sLo;
                    s[2 * j + 1] = sHi;
                    long bit = (point >>> next) & 1;
                    seeds.in(j, sLo, sHi ^ bit);
                    v0.in(j, sLo, sHi ^ (VALUE + bit));
                }
            }
            int fAt = level * bits * n + 2 * n + from;
            long sign = party == 0 ? 1 : -1;
            for (int b = 0; b < half; b++) {
                Blocks v = values[b];
                for (int j = 0; j < m; j++) {
                    v.in(j, s[2 * j], s[2 * j + 1] ^ (LEAF + BLOCK_TWEAK * b));
                }
                v.hash(m);
                long[] a0 = acc[2 * b];
                long[] a1 = acc[2 * b + 1];
                int c0 = fAt + 2 * b * n;
                int c1 = c0 + n;
                for (int j = 0; j < m; j++) {
                    long on = -t[j];
                    int o = ((from + j) * stride + q) * width + 2 * b;
                    if (xor) {
                        out[o] = a0[j] ^ v.lo(j) ^ (cw[c0 + j] & on);
                        out[o + 1] = a1[j] ^ v.hi(j) ^ (cw[c1 + j] & on);
                        continue;
                    }
                    long lo = v.lo(j) + (cw[c0 + j] & on);
                    long hi = v.hi(j) + (cw[c1 + j] & on) + carry(wide, lo, v.lo(j));
                    long sLo = a0[j] + lo;
                    long sHi = a1[j] + hi + carry(wide, sLo, lo);
                    out[o] = sign * sLo;
                    out[o + 1] = sign == 1 ? sHi : negHi(wide, sLo, sHi);
                }
            }
        }
    }

    /** The carry out of a low word's sum {@code sum = a + b} into the high word: 0 where words do not carry. */
    private static long carry(boolean wide, long sum, long a) {
        return wide && Long.compareUnsigned(sum, a) < 0 ? 1 : 0;
    }

    /** The borrow of a low word's difference {@code a - b} from the high word: 0 where words do not carry. */
    private static long borrow(boolean wide, long a, long b) {
        return wide && Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    /** The high word of -(lo, hi): in Z_2^128 it borrows where the low word is not zero; per word it is -hi. */
    private static long negHi(boolean wide, long lo, long hi) {
        return wide ? ~hi + (lo == 0 ? 1 : 0) : -hi;
    }

    /** A batch of 128-bit blocks hashed in place by H(y) = AES_k(y) xor y, in one ECB call. */
    private static final class Blocks {
        private final byte[] in;
        private final byte[] out;

        Blocks(int blocks) {
            in = new byte[16 * blocks];
            out = new byte[16 * blocks];
        }

        void in(int block, long lo, long hi) {
            LONG.set(in, 16 * block, lo);
            LONG.set(in, 16 * block + 8, hi);
        }

        void hash() {
            hash(in.length / 16);
        }

        /** Hashes the first {@code blocks} blocks. */
        void hash(int blocks) {
            int bytes = 16 * blocks;
            try {
                AES.get().update(in, 0, bytes, out, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The hashed block's low word: AES_k(y) xor y. */
        long lo(int block) {
            return (long) LONG.get(out, 16 * block) ^ (long) LONG.get(in, 16 * block);
        }

        long hi(int block) {
            return (long) LONG.get(out, 16 * block + 8) ^ (long) LONG.get(in, 16 * block + 8);
        }
    }
}
