package org.consortia.mpc.protocols.bool;

import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * B2A of bits with dealer random bits held in both forms (daBits):
 * <pre>
 *   e = open(b ^ r)        (XOR-open, packed)
 *   [b] = e + [r] - 2 e [r]
 * </pre>
 * Cost for n bits: 1 round, ceil(n/64) words to each peer, n dealer correction words.
 */
public final class Convert {
    private Convert() {
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
