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
 * (gt_hi ^ (eq_hi &amp; gt_lo), eq_hi &amp; eq_lo). Each level's ANDs for all elements are one batched exchange
 * on densely packed fields. No carry-save layers are needed for any number of parties.
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
        if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
            maskedOpen(ctx, x, new long[n]);
            for (int half = 32; half >= 1; half >>>= 1) {
                int words = BitPack.words(n, half) * (half == 1 ? 1 : 2);
                Bool.and(ctx, new long[words], new long[words]);
            }
            return new long[BitPack.words(n, 1)];
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
        for (int width = 64; width > 1; width >>>= 1) {
            int half = width >>> 1;
            // fields of this level: hi = odd positions, lo = even positions, packed straight from gt and eq
            if (half == 1) {
                long[] t = Bool.and(ctx, packEven(eq, 1, 1), packEven(gt, 0, 1));
                for (int i = 0; i < n; i++) {
                    gt[i] = evenBits(gt[i] >>> 1) ^ BitPack.bit(t, i);
                }
            } else {
                int words = BitPack.words(n, half);
                long[] left = new long[2 * words]; // [eq_hi | eq_hi] AND [gt_lo | eq_lo], packed in place
                long[] right = new long[2 * words];
                packEven(eq, 1, half, left, 0);
                System.arraycopy(left, 0, left, words, words);
                packEven(gt, 0, half, right, 0);
                packEven(eq, 0, half, right, words);
                long[] t = Bool.and(ctx, left, right);
                long mask = (1L << half) - 1;
                for (int w = 0, i = 0; w < words; w++) { // word by word: no division per element
                    long tg = t[w];
                    long te = t[words + w];
                    for (int sh = 0; sh < 64 && i < n; sh += half, i++) {
                        gt[i] = evenBits(gt[i] >>> 1) ^ ((tg >>> sh) & mask);
                        eq[i] = (te >>> sh) & mask;
                    }
                }
            }
        }
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            bits[i] = ((rb[i] >>> 63) ^ (first ? c[i] >>> 63 : 0L) ^ gt[i]) & 1L;
        }
        return BitPack.pack(bits, 1);
    }

    /** XOR shares of [x == 0], one bit per element, packed 64 per word. */
    public static long[] isZero(PartyContext ctx, long[] x) {
        int n = x.length;
        if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
            maskedOpen(ctx, x, new long[n]);
            for (int half = 32; half >= 1; half >>>= 1) {
                int words = BitPack.words(n, half);
                Bool.and(ctx, new long[words], new long[words]);
            }
            return new long[BitPack.words(n, 1)];
        }
        boolean first = ctx.self() == 0;
        long[] rb = new long[n];
        long[] c = maskedOpen(ctx, x, rb);
        long[] eq = new long[n];
        for (int i = 0; i < n; i++) {
            eq[i] = first ? ~(rb[i] ^ c[i]) : rb[i];
        }
        for (int w = 64; w > 1; w >>>= 1) {
            int half = w >>> 1;
            eq = BitPack.unpack(Bool.and(ctx, packEven(eq, 1, half), packEven(eq, 0, half)), n, half);
        }
        return BitPack.pack(eq, 1);
    }

    /**
     * Bits 0, 2, 4, ... of {@code x} gathered into bits 0..31 (what {@code Long.compress(x, 0x5555...)} does;
     * shifts and masks, since the JIT does not turn compress into one instruction on every CPU).
     */
    static long evenBits(long x) {
        x &= 0x5555_5555_5555_5555L;
        x = (x | (x >>> 1)) & 0x3333_3333_3333_3333L;
        x = (x | (x >>> 2)) & 0x0F0F_0F0F_0F0F_0F0FL;
        x = (x | (x >>> 4)) & 0x00FF_00FF_00FF_00FFL;
        x = (x | (x >>> 8)) & 0x0000_FFFF_0000_FFFFL;
        return (x | (x >>> 16)) & 0x0000_0000_FFFF_FFFFL;
    }

    /** Packs the fields evenBits(src[i] &gt;&gt;&gt; shift) of {@code width} bits densely (see {@link BitPack}). */
    static long[] packEven(long[] src, int shift, int width) {
        long[] out = new long[BitPack.words(src.length, width)];
        packEven(src, shift, width, out, 0);
        return out;
    }

    /** As {@link #packEven(long[], int, int)}, into {@code out} from word {@code at}. */
    static void packEven(long[] src, int shift, int width, long[] out, int at) {
        int per = 64 / width;
        int n = src.length;
        int words = BitPack.words(n, width);
        for (int w = 0, i = 0; w < words; w++) {
            long acc = 0;
            int end = Math.min(n, i + per);
            for (int sh = 0; i < end; i++, sh += width) {
                acc |= evenBits(src[i] >>> shift) << sh;
            }
            out[at + w] = acc;
        }
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
