package org.consortia.mpc.protocols.bool;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.ring.BitMatrix;

/**
 * Sign and zero tests on arithmetic shares, exact for every ring value, with a dealer mask r given both
 * arithmetically and bitwise:
 * <pre>
 *   c = open(x + r)                           x = c - r (mod 2^64), c public and uniform
 *   msb(x) = c_63 ^ r_63 ^ [c_low &lt; r_low]  (the borrow out of the low 63 bits)
 *   x == 0 &lt;=&gt; c == r                    (all 64 bits equal)
 * </pre>
 * The comparison of the public c with the shared r is a log-depth tree over (gt, eq) pairs; a parent of (hi, lo) is
 * (gt_hi ^ (eq_hi &amp; gt_lo), eq_hi &amp; eq_lo). Each level's ANDs for all elements are one batched exchange.
 * No carry-save layers are needed for any number of parties. The leaves are local since c is public:
 * <ul>
 * <li>with the dealer's chunk codes ({@link Request.MaskWithCodes}, {@link Comparisons#BOOLEAN}), 16 chunks of the
 * low 63 bits (15 of 4 bits, then 3): ([r_q &gt; c_q], [r_q = c_q]) = (u_q[c_q], u_q[c_q - 1] ^ u_q[c_q]) from the
 * thermometer code u_q[v] = [r_q &gt; v], 4 levels;
 * <li>bit by bit ({@link Comparisons#BITS}, sessions without a dealer, whose masks come from daBits): the 63 low
 * bits' (r_j &amp; ~c_j, ~(r_j ^ c_j)) and a neutral leaf 63, 6 levels.
 * </ul>
 *
 * <p>The tree runs bit-sliced: the leaves of each block of 64 elements are transposed once ({@link BitMatrix#transpose64}),
 * so that word j of a block holds bit j of its 64 elements, and every level is whole-word ANDs and XORs of
 * positions 2k + 1 and 2k, with no per-element bit packing (which took a quarter of a party's time in a LeNet
 * job); the root is a block's 64 results, packed one bit per element as {@link BitPack} packs them. What a level
 * sends is as dense as before ({@link Sliced}).
 * <p>Costs per element: {@link #msb} on codes 5 rounds, 8 bytes + 58 bits to each peer, from the dealer 1 mask,
 * 4 code words and 29 AND bits; bit by bit 7 rounds, 8 bytes + 250 bits to each peer, 1 mask + 125 AND bits;
 * {@link #isZero} on codes (the last chunk bits 60..63) 5 rounds, 8 bytes + 30 bits to each peer, bit by bit 7 rounds,
 * 8 bytes + 126 bits.
 */
public final class Compare {
    private static final long LOW63 = Long.MAX_VALUE;

    private Compare() {
    }

    /** {@link #msb} of {@code n} elements on the dealer's codes ({@link #msbCost(int, Comparisons)}). */
    public static Cost msbCost(int n) {
        return msbCost(n, Comparisons.BOOLEAN);
    }

    /**
     * {@link #msb} of {@code n} elements in {@code mode}: the masked opening, then the (gt, eq) tree's levels over 16
     * chunk leaves (4 levels; {@link Comparisons#BOOLEAN}, the dealer's codes) or over 64 bit leaves (6 levels;
     * {@link Comparisons#BITS}), each one AND of densely packed fields (both ANDs of a level in one exchange; the last
     * level only gt).
     */
    public static Cost msbCost(int n, Comparisons mode) {
        Cost c = Open.cost(n);
        for (int half = leafCount(mode) / 2; half > 1; half >>>= 1) {
            c = c.then(Bool.andCost(2L * BitPack.words(n, half)));
        }
        return c.then(Bool.andCost(BitPack.words(n, 1)));
    }

    /** The leaves of the tree in {@code mode}: 16 chunks with the dealer's codes, else 64 bits. */
    private static int leafCount(Comparisons mode) {
        return mode == Comparisons.BITS ? 64 : Request.MaskWithCodes.CHUNKS;
    }

    /** {@link #isZero} of {@code n} elements on the dealer's codes. */
    public static Cost isZeroCost(int n) {
        return isZeroCost(n, Comparisons.BOOLEAN);
    }

    /**
     * {@link #isZero} of {@code n} elements in {@code mode}: the masked opening, then the levels of ANDs of packed
     * equalities (4 over 16 chunks with the dealer's codes, 6 over 64 bits without).
     */
    public static Cost isZeroCost(int n, Comparisons mode) {
        Cost c = Open.cost(n);
        for (int half = leafCount(mode) / 2; half >= 1; half >>>= 1) {
            c = c.then(Bool.andCost(BitPack.words(n, half)));
        }
        return c;
    }

    /**
     * XOR shares of msb(x), one bit per element, packed 64 per word: on the dealer's chunk codes, or bit by bit in
     * {@link Comparisons#BITS} mode (sessions without a dealer).
     */
    public static long[] msb(PartyContext ctx, long[] x) {
        int b = BitPack.words(x.length, 1);
        if (leafCount(ctx.comparisons()) == 64) {
            if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
                maskedOpen(ctx, x, new long[x.length]);
                dryTree(ctx, x.length, 32, true);
                return new long[b];
            }
            return msbBits(ctx, x);
        }
        // on chunk codes: after c = open(x + r), chunk q's leaf is (gt, eq) = ([r_q > c_q], [r_q = c_q]) =
        // (u_q[c_q], u_q[c_q - 1] ^ u_q[c_q]), u_q[-1] = 1 (see leaves)
        Material.CodeMaskShare m = ctx.take(new Request.MaskWithCodes(x.length), Material.CodeMaskShare.class);
        long[] c = open(ctx, x, m.arithmetic());
        if (ctx.dryRun()) {
            dryTree(ctx, x.length, Request.MaskWithCodes.CHUNKS / 2, true);
            return new long[b];
        }
        return signOnCodes(ctx, m, c);
    }

    /** XOR shares of msb(x) from the opened c = x + r and the mask's codes. */
    private static long[] signOnCodes(PartyContext ctx, Material.CodeMaskShare m, long[] c) {
        int n = c.length;
        int b = BitPack.words(n, 1);
        long[] gt = new long[Request.MaskWithCodes.CHUNKS * b];
        long[] eq = new long[Request.MaskWithCodes.CHUNKS * b];
        leaves(ctx.self() == 0, m, c, gt, eq);
        Sliced g = gtTree(ctx, new Sliced(gt, n), new Sliced(eq, n), n, Request.MaskWithCodes.CHUNKS / 2);
        return signOut(m.bits(), c, ctx.self() == 0, g, n);
    }

    /**
     * The chunks' bit-sliced leaves ([r_q &gt; c_q] into {@code gt} unless it is null, [r_q = c_q] into {@code eq},
     * position q of block k at word q b + k) from the opened c and the codes; the last chunk has the item's
     * {@link Request.MaskWithCodes#topBits}. The codes come bit-sliced ({@link Request.MaskWithCodes}), so with c's bits
     * sliced the same way the leaves are whole-word selections: the public masks [c_q = v] (from c_q's four bit words)
     * pick u_q[v] and u_q[v - 1] for all 64 lanes of a block at once.
     */
    private static void leaves(boolean first, Material.CodeMaskShare m, long[] c, long[] gt, long[] eq) {
        int n = c.length;
        int b = BitPack.words(n, 1);
        boolean full = m.request().topBits() == 4;
        long below = first ? -1L : 0L; // u_q[-1] = 1 in every lane, a public constant party 0 holds
        long[] codes = m.codes();
        long[] bits = sliced(c, b); // word j b + k: bit j of c in block k's 64 lanes
        long[] lo = new long[4];
        long[] hi = new long[4];
        for (int k = 0; k < b; k++) {
            int len = Math.min(64, n - 64 * k);
            long lanes = len == 64 ? -1L : (1L << len) - 1; // a partial block's leaves are 0 past its elements
            int base = Request.MaskWithCodes.BLOCK_WORDS * k;
            for (int q = 0; q < Request.MaskWithCodes.CHUNKS; q++) {
                long b0 = bits[4 * q * b + k];
                long b1 = bits[(4 * q + 1) * b + k];
                long b2 = bits[(4 * q + 2) * b + k];
                long b3 = q == Request.MaskWithCodes.CHUNKS - 1 && !full ? 0L : bits[(4 * q + 3) * b + k]; // a sign's last: 60..62
                lo[0] = ~b0 & ~b1;
                lo[1] = b0 & ~b1;
                lo[2] = ~b0 & b1;
                lo[3] = b0 & b1;
                hi[0] = ~b2 & ~b3;
                hi[1] = b2 & ~b3;
                hi[2] = ~b2 & b3;
                hi[3] = b2 & b3;
                int at = base + 16 * q;
                long g = 0;
                long e = 0;
                long prev = below;
                for (int v = 0; v < 16; v++) {
                    long is = lo[v & 3] & hi[v >>> 2]; // [c_q = v], public
                    long u = codes[at + v];
                    g |= u & is;
                    e |= prev & is;
                    prev = u;
                }
                if (gt != null) {
                    gt[q * b + k] = g & lanes;
                }
                eq[q * b + k] = (e ^ g) & lanes;
            }
        }
    }

    /**
     * relu(x) = x - x msb(x) on chunk codes ({@link Comparisons#BOOLEAN} with a dealer), exact for every ring value: the
     * sign's opening and tree, then one opening of d = msb(x) ^ s for the mask's random bit s, after which
     * x msb(x) = d x + (1 - 2 d) (c s - r s) is local (c public, s and r s shared by the dealer). 6 rounds and 8 bytes
     * + 59 bits per element to each peer ({@link #reluCost}), against 7 rounds and 8 bytes + 59 bits + 2 words for the
     * sign, its conversion and a product.
     */
    public static long[] relu(PartyContext ctx, long[] x) {
        int n = x.length;
        Material.CodeMaskShare m = ctx.take(new Request.MaskWithCodes(n, Request.MaskWithCodes.Use.RELU), Material.CodeMaskShare.class);
        long[] c = open(ctx, x, m.arithmetic());
        if (ctx.dryRun()) {
            dryTree(ctx, n, Request.MaskWithCodes.CHUNKS / 2, true);
            Bool.openXor(ctx, new long[BitPack.words(n, 1)]);
            return new long[n];
        }
        long[] sign = signOnCodes(ctx, m, c);
        long[] s = m.productBits();
        for (int w = 0; w < sign.length; w++) {
            sign[w] ^= s[w];
        }
        long[] d = Bool.openXor(ctx, sign);
        long[] bit = m.productBit();
        long[] rBit = m.maskTimesBit();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long di = BitPack.bit(d, i);
            long xs = c[i] * bit[i] - rBit[i]; // a share of x s
            out[i] = x[i] - (di * x[i] + (1 - 2 * di) * xs);
        }
        return out;
    }

    /** {@link #relu} of {@code n} elements: the masked opening, the 4 levels of the tree, the opening of d. */
    public static Cost reluCost(int n) {
        return msbCost(n, Comparisons.BOOLEAN).then(Bool.openCost(BitPack.words(n, 1)));
    }

    /** msb bit by bit: the leaves are the 63 low bits' (gt, eq) pairs, leaf 63 neutral. */
    private static long[] msbBits(PartyContext ctx, long[] x) {
        int n = x.length;
        int b = BitPack.words(n, 1);
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
        Sliced g = gtTree(ctx, new Sliced(sliced(gt, b), n), new Sliced(sliced(eq, b), n), n, 32);
        return signOut(rb, c, first, g, n);
    }

    /** msb(x) = c_63 ^ r_63 ^ [c_low &lt; r_low]: the tree's root {@code g} XOR the top bits, packed. */
    private static long[] signOut(long[] rb, long[] c, boolean first, Sliced g, int n) {
        long[] out = new long[BitPack.words(n, 1)];
        for (int i = 0; i < n; i++) {
            out[i >>> 6] |= (((rb[i] ^ (first ? c[i] : 0L)) >>> 63) & 1L) << (i & 63);
        }
        for (int w = 0; w < out.length; w++) {
            out[w] ^= g.words[w];
        }
        return clearTail(out, n);
    }

    /**
     * The (gt, eq) tree from {@code 2 half} leaf positions to its root: a parent of (hi, lo) is (gt_hi ^ (eq_hi &amp;
     * gt_lo), eq_hi &amp; eq_lo), one batched AND exchange per level (the last level gt only); returns the root's gt.
     */
    private static Sliced gtTree(PartyContext ctx, Sliced g, Sliced e, int n, int top) {
        int b = BitPack.words(n, 1);
        for (int half = top; half >= 1; half >>>= 1) {
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
        return g;
    }

    /** XOR shares of [x == 0], one bit per element, packed 64 per word. */
    public static long[] isZero(PartyContext ctx, long[] x) {
        int n = x.length;
        int b = BitPack.words(n, 1); // blocks of 64 elements, the last one partial
        boolean codes = leafCount(ctx.comparisons()) != 64;
        Material.CodeMaskShare m = codes
                ? ctx.take(new Request.MaskWithCodes(n, Request.MaskWithCodes.Use.EQUALITY), Material.CodeMaskShare.class)
                : null;
        long[] rb = codes ? null : new long[n];
        long[] c = codes ? open(ctx, x, m.arithmetic()) : maskedOpen(ctx, x, rb);
        int top = codes ? Request.MaskWithCodes.CHUNKS / 2 : 32;
        if (ctx.dryRun()) { // demand discovery: the same items and exchanges, none of the local bit work
            dryTree(ctx, n, top, false);
            return new long[b];
        }
        Sliced e;
        if (codes) { // the 16 chunks' equalities, the last one bits 60..63
            long[] eq = new long[Request.MaskWithCodes.CHUNKS * b];
            leaves(ctx.self() == 0, m, c, null, eq);
            e = new Sliced(eq, n);
        } else { // the 64 bits' equalities
            boolean first = ctx.self() == 0;
            long[] eq = new long[n];
            for (int i = 0; i < n; i++) {
                eq[i] = first ? ~(rb[i] ^ c[i]) : rb[i];
            }
            e = new Sliced(sliced(eq, b), n);
        }
        for (int half = top; half >= 1; half >>>= 1) {
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
            BitMatrix.transpose64(tile);
            for (int j = 0; j < 64; j++) {
                out[j * b + k] = tile[j];
            }
        }
        return out;
    }

    /**
     * A dry run's tree from {@code 2 top} leaves: the same AND exchanges, zeros; a (gt, eq) tree ({@code pairs}) ANDs two
     * fields a level but the last, an equality tree one.
     */
    private static void dryTree(PartyContext ctx, int n, int top, boolean pairs) {
        for (int half = top; half >= 1; half >>>= 1) {
            int words = BitPack.words(n, half) * (pairs && half > 1 ? 2 : 1);
            Bool.and(ctx, new long[words], new long[words]);
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
        System.arraycopy(m.bits(), 0, rBits, 0, x.length);
        return open(ctx, x, m.arithmetic());
    }

    /** c = open(x + r). */
    private static long[] open(PartyContext ctx, long[] x, long[] r) {
        long[] masked = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            masked[i] = x[i] + r[i];
        }
        return Open.open(ctx, masked);
    }
}
