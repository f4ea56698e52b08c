package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.ring.RingMatmul;

/**
 * A truncation and a matrix product by its result in one round: [V] (k x n) to [Y] = [V / 2^f] as {@link Truncation}
 * does, and [X Y] for a shared X (m x k), from one opening. The dealer's {@link Request.TruncMatTriple} gives the
 * truncation pair's r, r_hi, r_63 and a random A with shares of A r_hi and of every A_ij r_63,jl; the parties open
 * c = V + 2^62 + r and E = X - A together, and since Y = T - r_hi + 2^(64-f) (W o r_63) with T = (c &gt;&gt;&gt; f) -
 * 2^(62-f) and W = 1 - msb(c) public,
 * <pre>
 *   X Y = E Y + A Y,    A Y = A T - A r_hi + 2^(64-f) sum_j A_ij W_jl r_63,jl       all local
 * </pre>
 * (E public, Y's shares from the truncation, A's shares times the public T, the dealer's products). It is the Beaver
 * product with the triple's right factor the truncated value itself, which the truncation's opening already reveals
 * up to the dealer's r. The same integers as a {@link Truncation} followed by a {@link Beaver} product on its result;
 * c and E are uniform, so the opening reveals nothing.
 *
 * <p>Costs: 1 round, k n + m k words to each peer (two rounds and k n + m k + k n words apart); from the dealer,
 * 2 k n + m n + m k n correction words. Meant for a small right-hand side (a vector of weights, a column of a
 * batch's errors): the m k n term is the dealer's.
 */
public final class TruncMatmul {
    private TruncMatmul() {
    }

    /** One round, the truncated value's and the left factor's masked words to each peer. */
    public static Cost cost(int m, int k, int n) {
        return Open.cost((long) k * n + (long) m * k);
    }

    /**
     * {Y, X Y} for Y = V / 2^bits (as {@link Truncation}: V in [-2^62, 2^62), Y the floor or one above) and X the
     * {@code m x k} left factor, V {@code k x n}, row-major.
     */
    public static long[][] run(PartyContext ctx, long[] x, long[] v, int m, int k, int n, int bits) {
        if (x.length != m * k || v.length != k * n) {
            throw new MpcArgumentException("truncated product: operands of " + x.length + " and " + v.length
                    + " words for " + m + " x " + k + " times " + k + " x " + n);
        }
        Material.TruncMatShare t = ctx.take(new Request.TruncMatTriple(m, k, n, bits), Material.TruncMatShare.class);
        int kn = k * n;
        boolean first = ctx.self() == 0;
        long[] masked = new long[kn + m * k];
        Truncation.mask(v, t.r(), first, masked);
        long[] a = t.a();
        for (int j = 0; j < m * k; j++) {
            masked[kn + j] = x[j] - a[j];
        }
        long[] opened = Open.open(ctx, masked);
        long[] c = java.util.Arrays.copyOf(opened, kn);
        long[] e = java.util.Arrays.copyOfRange(opened, kn, opened.length);
        long[] y = Truncation.shares(first, c, t.rHigh(), t.rMsb(), bits);
        long[] pub = new long[kn];
        for (int j = 0; j < kn; j++) {
            pub[j] = Truncation.publicPart(c[j], bits);
        }
        long[] out = RingMatmul.multiply(e, y, m, k, n); // E Y
        long[] at = RingMatmul.multiply(a, pub, m, k, n); // A T
        long[] aHigh = t.aHigh();
        long[] aMsb = t.aMsb();
        int up = 64 - bits;
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < n; l++) {
                long wrap = 0; // sum_j A_ij W_jl r_63,jl
                for (int j = 0; j < k; j++) {
                    wrap += (1L - (c[j * n + l] >>> 63)) * aMsb[(i * k + j) * n + l];
                }
                int o = i * n + l;
                out[o] += at[o] - aHigh[o] + (wrap << up);
            }
        }
        return new long[][] {y, out};
    }
}
