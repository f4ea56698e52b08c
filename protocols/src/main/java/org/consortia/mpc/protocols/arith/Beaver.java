package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Material;

/**
 * Beaver's protocol for any bilinear op, on arithmetic shares (MulAA / MatMulAA). With a triple
 * ([a], [b], [c] = op(a, b)):
 * <pre>
 *   e = open(x - a), f = open(y - b)                       (one batched exchange)
 *   z_i = c_i + op(e, b_i) + op(a_i, f)   (+ op(e, f) on party 0, folded in as op(e, b_0 + f))
 * </pre>
 * Cost: 1 round; each party sends {@code leftSize + rightSize} words to each of its n-1 peers; each party
 * computes two local products. The result carries the sum of the operands' fractional bits (no truncation).
 */
public final class Beaver {
    private Beaver() {
    }

    /** Words one party sends for one call. */
    /** One Beaver product: 1 round, the masked left and right operands to each peer. */
    public static org.consortia.mpc.protocols.Cost cost(Bilinear op) {
        return Open.cost((long) op.leftSize() + op.rightSize());
    }

    public static long wordsPerParty(Bilinear op, int parties) {
        return Open.wordsPerParty((long) op.leftSize() + op.rightSize(), parties);
    }

    public static long[] multiply(PartyContext ctx, long[] x, long[] y, Bilinear op) {
        if (x.length != op.leftSize() || y.length != op.rightSize()) {
            throw new MpcArgumentException("beaver: operand sizes " + x.length + " and " + y.length + " do not match "
                    + op.triple());
        }
        Material.TripleShare t = ctx.take(op.triple(), Material.TripleShare.class);
        int nx = x.length;
        long[] masked = new long[nx + y.length];
        long[] a = t.a();
        long[] b = t.b();
        for (int j = 0; j < nx; j++) {
            masked[j] = x[j] - a[j];
        }
        for (int j = 0; j < y.length; j++) {
            masked[nx + j] = y[j] - b[j];
        }
        long[] opened = Open.open(ctx, masked);
        if (ctx.dryRun()) {
            return new long[op.outSize()];
        }
        return op.combine(opened, a, b, t.c(), ctx.self() == 0);
    }
}
