package org.consortia.mpc.protocols.bool;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Sign and zero tests on arithmetic shares, exact for every ring value, with a dealer mask r given both
 * arithmetically and bitwise:
 * <pre>
 *   c = open(x + r)                           x = c - r (mod 2^64), c public and uniform
 *   msb(x) = c_63 ^ r_63 ^ [c_low &lt; r_low]  (the borrow out of the low 63 bits)
 *   x == 0 &lt;=&gt; c == r                    (all 64 bits equal)
 * </pre>
 * The comparison of the public c with the shared bits of r is a log-depth tree over (gt, eq) pairs: a leaf is
 * (r_j &amp; ~c_j, ~(r_j ^ c_j)), local since c is public; a parent of (hi, lo) is
 * (gt_hi ^ (eq_hi &amp; gt_lo), eq_hi &amp; eq_lo). Each level's ANDs for all elements are one batched exchange.
 * No carry-save layers are needed for any number of parties.
 *
 * <p>The tree runs bit-sliced: the leaves of each block of 64 elements are transposed once ({@link #transpose64}),
 * so that word j of a block holds bit j of its 64 elements, and every level is whole-word ANDs and XORs of
 * positions 2k + 1 and 2k, with no per-element bit packing (which took a quarter of a party's time in a LeNet
 * job); the root is a block's 64 results, packed one bit per element as {@link BitPack} packs them. What a level
 * sends is as dense as before ({@link Sliced}).
 * <p>Costs per element: {@link #msb} 7 rounds, 8 bytes + 250 bits to each peer, 1 mask + 125 AND bits from the
 * dealer; {@link #isZero} 7 rounds, 8 bytes + 126 bits to each peer.
 */
public final class Compare {
    private static final long LOW63 = Long.MAX_VALUE;

    private Compare() {
    }

    /**
     * {@link #msb} of {@code n} elements: the masked opening, then six levels of the (gt, eq) tree, each one AND of
     * densely packed fields (both ANDs of a level in one exchange; the last level only gt).
     */
    public static Cost msbCost(int n) {
        Cost c = Open.cost(n);
        for (int half = 32; half > 1; half >>>= 1) {
            c = c.then(Bool.andCost(2L * BitPack.words(n, half)));
        }
        return c.then(Bool.andCost(BitPack.words(n, 1)));
    }

    /** {@link #isZero} of {@code n} elements: the masked opening, then six levels of ANDs of packed equalities. */
    public static Cost isZeroCost(int n) {
        Cost c = Open.cost(n);
        for (int half = 32; half >= 1; half >>>= 1) {
            c = c.then(Bool.andCost(BitPack.words(n, half)));
        }
        return c;
    }

    /** XOR shares of msb(x), one bit per element, packed 64 per word. */
    public static long[] msb(PartyContext ctx, long[] x) {
        int n = x.length;
        int b = BitPack.words(n, 1); // blocks of 64 elements, the last one partial
        if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
            maskedOpen(ctx, x, new long[n]);
            for (int half = 32; half >= 1; half >>>= 1) {
                int words = BitPack.words(n, half) * (half == 1 ? 1 : 2);
                Bool.and(ctx, new long[words], new long[words]);
            }
            return new long[b];
        }
        boolean first = ctx.self() == 0;
        long[] rb = new long[n];
        long[] c = maskedOpen(ctx, x, rb);
        long[] gt = new long[n];
        long[] eq = new long[n];
        for (int i = 0; i < n; i++) {
            gt[i] = rb[i] & ~c[i] & LOW63;
            long e = first ? ~(rb[i] ^ c[i]) : rb[i];
            eq[i] = first ? (e & LOW63) | Long.MIN_VALUE : e & LOW63; // leaf 63 is neutral: (gt 0, eq 1)
        }
        Sliced g = new Sliced(sliced(gt, b), n);
        Sliced e = new Sliced(sliced(eq, b), n);
        for (int half = 32; half >= 1; half >>>= 1) {
            int words = BitPack.words(n, half);
            boolean both = half > 1; // the last level needs gt only
            long[] left = new long[both ? 2 * words : words]; // [eq_hi | eq_hi] AND [gt_lo | eq_lo]
            long[] right = new long[left.length];
            e.gather(half, 1, left, 0);
            g.gather(half, 0, right, 0);
            if (both) {
                e.gather(half, 1, left, words);
                e.gather(half, 0, right, words);
            }
            long[] t = Bool.and(ctx, left, right);
            Sliced next = new Sliced(new long[half * b], n);
            next.scatter(half, t, 0);
            next.xorPositions(half, g, 1); // gt = gt_hi ^ (eq_hi & gt_lo)
            g = next;
            if (both) {
                e = new Sliced(new long[half * b], n);
                e.scatter(half, t, words);
            }
        }
        long[] out = new long[b];
        for (int i = 0; i < n; i++) {
            out[i >>> 6] |= (((rb[i] ^ (first ? c[i] : 0L)) >>> 63) & 1L) << (i & 63);
        }
        for (int w = 0; w < b; w++) {
            out[w] ^= g.words[w];
        }
        return clearTail(out, n);
    }

    /** XOR shares of [x == 0], one bit per element, packed 64 per word. */
    public static long[] isZero(PartyContext ctx, long[] x) {
        int n = x.length;
        int b = BitPack.words(n, 1); // blocks of 64 elements, the last one partial
        if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
            maskedOpen(ctx, x, new long[n]);
            for (int half = 32; half >= 1; half >>>= 1) {
                int words = BitPack.words(n, half);
                Bool.and(ctx, new long[words], new long[words]);
            }
            return new long[b];
        }
        boolean first = ctx.self() == 0;
        long[] rb = new long[n];
        long[] c = maskedOpen(ctx, x, rb);
        long[] eq = new long[n];
        for (int i = 0; i < n; i++) {
            eq[i] = first ? ~(rb[i] ^ c[i]) : rb[i];
        }
        Sliced e = new Sliced(sliced(eq, b), n);
        for (int half = 32; half >= 1; half >>>= 1) {
            int words = BitPack.words(n, half);
            long[] left = new long[words];
            long[] right = new long[words];
            e.gather(half, 1, left, 0);
            e.gather(half, 0, right, 0);
            e = new Sliced(new long[half * b], n);
            e.scatter(half, Bool.and(ctx, left, right), 0);
        }
        return clearTail(e.words, n);
    }

    /**
     * Bit-sliced positions of n elements: word {@code p b + k} holds position p of block k (bit i: element 64 k + i).
     * What a level sends is dense, as the per-element packing was: the whole blocks' words of the positions it reads,
     * then the last block's m = n mod 64 valid bits of each of those positions one after another (fields of m bits,
     * straddling words), so that a level of {@code half} positions costs {@link BitPack#words}(n, half) words.
     */
    private static final class Sliced {
        final long[] words;
        final int blocks;
        final int full;
        final int tail;

        Sliced(long[] words, int n) {
            this.words = words;
            this.blocks = BitPack.words(n, 1);
            this.full = n >>> 6;
            this.tail = n & 63;
        }

        /** Positions 2k + parity, k < half, densely into {@code out} from word {@code at}. */
        void gather(int half, int parity, long[] out, int at) {
            for (int k = 0; k < half; k++) {
                System.arraycopy(words, (2 * k + parity) * blocks, out, at + k * full, full);
            }
            if (tail > 0) {
                long base = (long) at * 64 + (long) half * full * 64;
                for (int k = 0; k < half; k++) {
                    putField(out, base + (long) k * tail, words[(2 * k + parity) * blocks + full], tail);
                }
            }
        }

        /** Positions k < half from a dense stream at word {@code at} of {@code t} (the inverse of {@link #gather}). */
        void scatter(int half, long[] t, int at) {
            for (int k = 0; k < half; k++) {
                System.arraycopy(t, at + k * full, words, k * blocks, full);
            }
            if (tail > 0) {
                long base = (long) at * 64 + (long) half * full * 64;
                for (int k = 0; k < half; k++) {
                    words[k * blocks + full] = getField(t, base + (long) k * tail, tail);
                }
            }
        }

        /** Position k ^= position 2k + parity of {@code src}, k < half. */
        void xorPositions(int half, Sliced src, int parity) {
            for (int k = 0; k < half; k++) {
                int from = (2 * k + parity) * blocks;
                for (int w = 0; w < blocks; w++) {
                    words[k * blocks + w] ^= src.words[from + w];
                }
            }
        }
    }

    /** Writes the low {@code width} bits of v (width < 64, v already masked) at bit {@code bit} of the stream s. */
    private static void putField(long[] s, long bit, long v, int width) {
        int w = (int) (bit >>> 6);
        int sh = (int) (bit & 63);
        s[w] |= v << sh;
        if (sh + width > 64) {
            s[w + 1] |= v >>> (64 - sh);
        }
    }

    /** The {@code width} bits (width < 64) at bit {@code bit} of the stream s. */
    private static long getField(long[] s, long bit, int width) {
        int w = (int) (bit >>> 6);
        int sh = (int) (bit & 63);
        long v = s[w] >>> sh;
        if (sh + width > 64) {
            v |= s[w + 1] << (64 - sh);
        }
        return v & ((1L << width) - 1);
    }

    /**
     * The n x 64 bit matrix {@code v} (element i's bit j) bit-sliced in blocks of 64 elements: word j b + k holds bit j
     * of elements 64 k .. 64 k + 63 (bit i of the word: element 64 k + i; a last partial block padded with zeros).
     */
    static long[] sliced(long[] v, int b) {
        long[] out = new long[64 * b];
        long[] tile = new long[64];
        for (int k = 0; k < b; k++) {
            int from = 64 * k;
            int len = Math.min(64, v.length - from);
            System.arraycopy(v, from, tile, 0, len);
            java.util.Arrays.fill(tile, len, 64, 0L);
            transpose64(tile);
            for (int j = 0; j < 64; j++) {
                out[j * b + k] = tile[j];
            }
        }
        return out;
    }

    /** The swap masks of {@link #transpose64}'s stages: stage s exchanges 2^s-bit fields. */
    private static final long[] SWAP = {0x5555_5555_5555_5555L, 0x3333_3333_3333_3333L, 0x0F0F_0F0F_0F0F_0F0FL,
        0x00FF_00FF_00FF_00FFL, 0x0000_FFFF_0000_FFFFL, 0x0000_0000_FFFF_FFFFL};

    /**
     * In place: bit j of word i becomes bit i of word j (the 64 x 64 bit matrix transposed in six stages; stage s swaps
     * the upper 2^s-bit fields of words k with the lower ones of words k + 2^s). Plain nested loops: 1.45x the
     * single-loop form with its index trick in a micro-benchmark.
     */
    static void transpose64(long[] a) {
        for (int s = 5; s >= 0; s--) {
            int j = 1 << s;
            long m = SWAP[s];
            for (int base = 0; base < 64; base += 2 * j) {
                for (int k = base; k < base + j; k++) {
                    long x = a[k];
                    long y = a[k + j];
                    long t = ((x >>> j) ^ y) & m;
                    a[k] = x ^ (t << j);
                    a[k + j] = y ^ t;
                }
            }
        }
    }

    /** Zeros the bits beyond element n - 1 of a packed bit vector (the padding of the last block). */
    private static long[] clearTail(long[] packed, int n) {
        if ((n & 63) != 0) {
            packed[packed.length - 1] &= (1L << (n & 63)) - 1;
        }
        return packed;
    }

    /** Opens c = x + r with a fresh dealer mask; leaves this party's XOR share of r's bits in {@code rBits}. */
    private static long[] maskedOpen(PartyContext ctx, long[] x, long[] rBits) {
        Material.MaskShare m = ctx.take(new Request.MaskWithBits(x.length), Material.MaskShare.class);
        long[] r = m.arithmetic();
        long[] masked = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            masked[i] = x[i] + r[i];
        }
        System.arraycopy(m.bits(), 0, rBits, 0, x.length);
        return Open.open(ctx, masked);
    }
}
