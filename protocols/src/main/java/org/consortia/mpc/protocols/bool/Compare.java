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
 * job); the root is a block's 64 results, packed one bit per element as {@link BitPack} packs them.
 * <p>Costs per element (n a multiple of 64; a last partial block costs as a whole one): {@link #msb} 7 rounds,
 * 8 bytes + 250 bits to each peer, 1 mask + 125 AND bits from the dealer; {@link #isZero} 7 rounds,
 * 8 bytes + 126 bits to each peer.
 */
public final class Compare {
    private static final long LOW63 = Long.MAX_VALUE;

    private Compare() {
    }

    /** Blocks of 64 elements (the last one partial) that the bit-sliced tree runs on. */
    public static int blocks(int n) {
        return (n + 63) >>> 6;
    }

    /**
     * {@link #msb} of {@code n} elements: the masked opening, then six levels of the (gt, eq) tree, each one AND of
     * whole words (both ANDs of a level in one exchange; the last level only gt).
     */
    public static Cost msbCost(int n) {
        Cost c = Open.cost(n);
        long b = blocks(n);
        for (int half = 32; half > 1; half >>>= 1) {
            c = c.then(Bool.andCost(2L * half * b));
        }
        return c.then(Bool.andCost(b));
    }

    /** {@link #isZero} of {@code n} elements: the masked opening, then six levels of ANDs of equalities. */
    public static Cost isZeroCost(int n) {
        Cost c = Open.cost(n);
        long b = blocks(n);
        for (int half = 32; half >= 1; half >>>= 1) {
            c = c.then(Bool.andCost(half * b));
        }
        return c;
    }

    /** XOR shares of msb(x), one bit per element, packed 64 per word. */
    public static long[] msb(PartyContext ctx, long[] x) {
        int n = x.length;
        int b = blocks(n);
        if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
            maskedOpen(ctx, x, new long[n]);
            for (int half = 32; half >= 1; half >>>= 1) {
                int words = half * b * (half == 1 ? 1 : 2);
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
        long[] g = sliced(gt, b); // position j of block k at j b + k
        long[] e = sliced(eq, b);
        for (int half = 32; half >= 1; half >>>= 1) {
            int words = half * b;
            long[] left = new long[half == 1 ? words : 2 * words]; // [eq_hi | eq_hi] AND [gt_lo | eq_lo]
            long[] right = new long[left.length];
            for (int k = 0; k < half; k++) {
                System.arraycopy(e, (2 * k + 1) * b, left, k * b, b);
                System.arraycopy(g, 2 * k * b, right, k * b, b);
                if (half > 1) {
                    System.arraycopy(e, (2 * k + 1) * b, left, words + k * b, b);
                    System.arraycopy(e, 2 * k * b, right, words + k * b, b);
                }
            }
            long[] t = Bool.and(ctx, left, right);
            long[] next = new long[words];
            for (int k = 0; k < half; k++) {
                int hi = (2 * k + 1) * b;
                for (int w = 0; w < b; w++) {
                    next[k * b + w] = g[hi + w] ^ t[k * b + w];
                }
            }
            g = next;
            if (half > 1) {
                e = java.util.Arrays.copyOfRange(t, words, 2 * words);
            }
        }
        long[] out = new long[b];
        for (int i = 0; i < n; i++) {
            out[i >>> 6] |= (((rb[i] ^ (first ? c[i] : 0L)) >>> 63) & 1L) << (i & 63);
        }
        for (int w = 0; w < b; w++) {
            out[w] ^= g[w];
        }
        return clearTail(out, n);
    }

    /** XOR shares of [x == 0], one bit per element, packed 64 per word. */
    public static long[] isZero(PartyContext ctx, long[] x) {
        int n = x.length;
        int b = blocks(n);
        if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
            maskedOpen(ctx, x, new long[n]);
            for (int half = 32; half >= 1; half >>>= 1) {
                Bool.and(ctx, new long[half * b], new long[half * b]);
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
        long[] e = sliced(eq, b);
        for (int half = 32; half >= 1; half >>>= 1) {
            long[] left = new long[half * b];
            long[] right = new long[half * b];
            for (int k = 0; k < half; k++) {
                System.arraycopy(e, (2 * k + 1) * b, left, k * b, b);
                System.arraycopy(e, 2 * k * b, right, k * b, b);
            }
            e = Bool.and(ctx, left, right);
        }
        return clearTail(e, n);
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

    /** In place: bit j of word i becomes bit i of word j (the 64 x 64 bit matrix transposed, in six swap stages). */
    static void transpose64(long[] a) {
        long m = 0x0000_0000_FFFF_FFFFL;
        for (int j = 32; j != 0; j >>>= 1, m ^= m << j) {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k | j]) & m;
                a[k] ^= t << j;
                a[k | j] ^= t;
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
