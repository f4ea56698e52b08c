package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

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
    public static Cost cost(Bilinear op) {
        Cost c = Open.cost((long) op.leftSize() + op.rightSize());
        boolean elementwise = op.triple() instanceof Request.Triple
                && op.leftSize() == op.outSize() && op.rightSize() == op.outSize();
        return elementwise ? c.pipelined(op.outSize()) : c; // large elementwise products run in chunks (MpcBackend)
    }

    public static long wordsPerParty(Bilinear op, int parties) {
        return Open.wordsPerParty((long) op.leftSize() + op.rightSize(), parties);
    }

    public static long[] multiply(PartyContext ctx, long[] x, long[] y, Bilinear op) {
        return finish(ctx, start(ctx, x, y, op));
    }

    /** A product whose masked operands are on their way: {@link #finish} completes it. */
    public record Pending(Bilinear op, Material.TripleShare triple, long[] masked) {
        @Override
        public String toString() { // shares never in a string
            return "Beaver.Pending[" + op.triple() + "]";
        }
    }

    /** Takes the triple and sends the masked operands (the first half of {@link #multiply}). */
    public static Pending start(PartyContext ctx, long[] x, long[] y, Bilinear op) {
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
        Open.send(ctx, masked);
        return new Pending(op, t, masked);
    }

    /** Receives the peers' masked operands of {@code p} and returns the product's share. */
    public static long[] finish(PartyContext ctx, Pending p) {
        long[] opened = Open.receive(ctx, p.masked());
        if (ctx.dryRun()) {
            return new long[p.op().outSize()];
        }
        Material.TripleShare t = p.triple();
        return p.op().combine(opened, t.a(), t.b(), t.c(), ctx.self() == 0);
    }

    /**
     * Several independent products in one exchange: every masked operand of every product opened together, so
     * {@code k} products cost 1 round (not k) and the same words as k separate calls.
     */
    public static long[][] multiplyAll(PartyContext ctx, long[][] xs, long[][] ys, Bilinear[] ops) {
        int k = ops.length;
        if (xs.length != k || ys.length != k) {
            throw new MpcArgumentException("beaver: " + xs.length + " left and " + ys.length + " right operands for " + k
                    + " products");
        }
        Material.TripleShare[] t = new Material.TripleShare[k];
        long total = 0;
        for (int i = 0; i < k; i++) {
            if (xs[i].length != ops[i].leftSize() || ys[i].length != ops[i].rightSize()) {
                throw new MpcArgumentException("beaver: operand sizes " + xs[i].length + " and " + ys[i].length
                        + " do not match " + ops[i].triple());
            }
            t[i] = ctx.take(ops[i].triple(), Material.TripleShare.class);
            total += xs[i].length + ys[i].length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new MpcArgumentException("beaver: " + total + " words in one batch; split it");
        }
        long[] masked = new long[(int) total];
        int at = 0;
        for (int i = 0; i < k; i++) {
            long[] a = t[i].a();
            long[] b = t[i].b();
            for (int j = 0; j < xs[i].length; j++) {
                masked[at++] = xs[i][j] - a[j];
            }
            for (int j = 0; j < ys[i].length; j++) {
                masked[at++] = ys[i][j] - b[j];
            }
        }
        long[] opened = Open.open(ctx, masked);
        long[][] out = new long[k][];
        at = 0;
        for (int i = 0; i < k; i++) {
            int len = xs[i].length + ys[i].length;
            out[i] = ctx.dryRun() ? new long[ops[i].outSize()]
                    : ops[i].combine(java.util.Arrays.copyOfRange(opened, at, at + len), t[i].a(), t[i].b(), t[i].c(),
                            ctx.self() == 0);
            at += len;
        }
        return out;
    }
}
