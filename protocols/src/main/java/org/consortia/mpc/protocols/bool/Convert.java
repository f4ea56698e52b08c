package org.consortia.mpc.protocols.bool;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Conversions between arithmetic and boolean sharing.
 *
 * <p>A2B ({@link #arithmeticToBits}): with a dealer mask r given arithmetically and bitwise, c = open(x + r) is
 * public and x = (c + 1) + ~r (mod 2^64); a Kogge-Stone prefix adder with one public operand has local
 * leaves (g = a &amp; b, p = a ^ b) and 6 levels of 2 word-ANDs per element: 7 rounds, 8 + 22 x 8 bytes per
 * element to each peer, for any number of parties (no carry-save layers are needed since only one operand is
 * shared). Comparisons use the cheaper sign-only circuit in {@link Compare}.
 *
 * <p>B2A of bits with dealer random bits held in both forms (daBits):
 * <pre>
 *   e = open(b ^ r)        (XOR-open, packed)
 *   [b] = e + [r] - 2 e [r]
 * </pre>
 * Cost for n bits: 1 round, ceil(n/64) words to each peer, n dealer correction words.
 */
public final class Convert {
    private Convert() {
    }

    /** {@link #arithmeticToBits} of {@code n} elements: the masked opening, then six prefix levels (the last one AND). */
    public static Cost a2bCost(int n) {
        Cost c = Open.cost(n);
        for (int s = 1; s < 32; s <<= 1) {
            c = c.then(Bool.andCost(2L * n));
        }
        return c.then(Bool.andCost(n));
    }

    /** {@link #bitsToArithmetic} of {@code n} bits: 1 round, the packed masked bits to each peer. */
    public static Cost b2aCost(int n) {
        return Bool.openCost(BitPack.words(n, 1));
    }

    /** XOR shares of all 64 bits of each element of x (one word per element). */
    public static long[] arithmeticToBits(PartyContext ctx, long[] x) {
        int n = x.length;
        boolean first = ctx.self() == 0;
        Material.MaskShare m = ctx.take(
                new Request.MaskWithBits(n),
                Material.MaskShare.class);
        long[] masked = new long[n];
        for (int i = 0; i < n; i++) {
            masked[i] = x[i] + m.arithmetic()[i];
        }
        long[] c = Open.open(ctx, masked);
        long[] g = new long[n];
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            long a = c[i] + 1; // public
            long b = first ? ~m.bits()[i] : m.bits()[i]; // share of ~r
            g[i] = a & b;
            p[i] = first ? a ^ b : b;
        }
        long[] p0 = p.clone();
        for (int s = 1; s < 64; s <<= 1) {
            boolean last = s == 32;
            long[] left = new long[last ? n : 2 * n];
            long[] right = new long[left.length];
            for (int i = 0; i < n; i++) {
                left[i] = p[i];
                right[i] = g[i] << s;
                if (!last) {
                    left[n + i] = p[i];
                    right[n + i] = p[i] << s;
                }
            }
            long[] t = Bool.and(ctx, left, right);
            for (int i = 0; i < n; i++) {
                g[i] ^= t[i];
                if (!last) {
                    p[i] = t[n + i];
                }
            }
        }
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            bits[i] = p0[i] ^ (g[i] << 1);
        }
        return bits;
    }

    /** Arithmetic shares (0/1, scale 0) of {@code n} XOR-shared bits packed 64 per word. */
    public static long[] bitsToArithmetic(PartyContext ctx, long[] packed, int n) {
        Material.BitShare r = ctx.take(new Request.RandomBits(n), Material.BitShare.class);
        long[] masked = new long[packed.length];
        long[] rp = r.packed();
        for (int j = 0; j < packed.length; j++) {
            masked[j] = packed[j] ^ rp[j];
        }
        long[] e = Bool.openXor(ctx, masked);
        long[] ra = r.arithmetic();
        boolean first = ctx.self() == 0;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long ei = BitPack.bit(e, i);
            out[i] = (first ? ei : 0L) + ra[i] - 2 * ei * ra[i];
        }
        return out;
    }
}
