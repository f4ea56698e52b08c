package org.consortia.mpc.protocols.arith;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Dealer-assisted probabilistic truncation (TruncAPr): [x] to [x / 2^f] with no failure probability.
 *
 * <p>Valid for every x in [-2^62, 2^62) ({@link #BOUND_BITS}); the result is floor(x / 2^f) or that plus one
 * (the ceiling), so the error against the exact real quotient is below one least significant bit. The
 * dealer supplies a random r with shares of r, of r_hi = r &gt;&gt;&gt; f and of r_msb = r &gt;&gt;&gt; 63:
 * <pre>
 *   x' = x + 2^62                 in [0, 2^63): the sum x' + r wraps mod 2^64 exactly when
 *   c  = open(x' + r)             msb(r) = 1 and msb(c) = 0, so the wrap bit is w = r_msb * (1 - msb(c))
 *   y  = (c &gt;&gt;&gt; f) - r_hi + w * 2^(64-f) - 2^(62-f)
 * </pre>
 * Over the integers x' = c - r + w 2^64, so y + 2^(62-f) = floor(x'/2^f) - floor((c_lo - r_lo)/2^f), which is
 * floor(x'/2^f) or one more. c is uniform, so opening it reveals nothing.
 * Cost: 1 round; each party sends {@code len} words to each of its n-1 peers.
 */
public final class Truncation {
    /** Inputs must satisfy |x| &lt;= 2^BOUND_BITS (precisely, x in [-2^62, 2^62)). */
    public static final int BOUND_BITS = 62;

    private Truncation() {
    }

    /** Truncating {@code len} values: 1 round, {@code len} masked words to each peer. */
    public static Cost cost(long len) {
        return Open.cost(len);
    }

    public static long wordsPerParty(long len, int parties) {
        return Open.wordsPerParty(len, parties);
    }

    public static long[] truncate(PartyContext ctx, long[] x, int bits) {
        return finish(ctx, start(ctx, x, bits));
    }

    /** A truncation whose masked value is on its way: {@link #finish} completes it. */
    public record Pending(Material.TruncShare pair, long[] masked, int bits) {
        @Override
        public String toString() { // shares never in a string
            return "Truncation.Pending[" + masked.length + " by " + bits + "]";
        }
    }

    /** Takes the pair and sends the masked value (the first half of {@link #truncate}). */
    public static Pending start(PartyContext ctx, long[] x, int bits) {
        if (bits < 1 || bits > 61) {
            throw new MpcArgumentException("truncation by " + bits + " bits: expected 1..61");
        }
        int n = x.length;
        Material.TruncShare t = ctx.take(new Request.TruncPair(n, bits), Material.TruncShare.class);
        long[] masked = new long[n];
        mask(x, t.r(), ctx.self() == 0, masked);
        Open.send(ctx, masked);
        return new Pending(t, masked, bits);
    }

    /** Receives the peers' masked values of {@code p} and returns the truncated share. */
    public static long[] finish(PartyContext ctx, Pending p) {
        long[] c = Open.receive(ctx, p.masked());
        Material.TruncShare t = p.pair();
        return shares(ctx.self() == 0, c, t.rHigh(), t.rMsb(), p.bits());
    }

    /** into[0, x.length) = x + 2^62 (at the first party) + r: the value to open, uniform. */
    static void mask(long[] x, long[] r, boolean first, long[] into) {
        long offset = first ? 1L << BOUND_BITS : 0L;
        for (int j = 0; j < x.length; j++) {
            into[j] = x[j] + offset + r[j];
        }
    }

    /** T = (c &gt;&gt;&gt; f) - 2^(62-f): the public part of the truncated value from the opened c. */
    static long publicPart(long c, int bits) {
        return (c >>> bits) - (1L << (BOUND_BITS - bits));
    }

    /** y = T - r_hi + w 2^(64-f) from the opened c (T at the first party only; {@link #publicPart}). */
    static long[] shares(boolean first, long[] c, long[] rHigh, long[] rMsb, int bits) {
        int n = c.length;
        int up = 64 - bits;
        long[] y = new long[n];
        for (int j = 0; j < n; j++) {
            long cj = c[j];
            long notMsb = 1L - (cj >>> 63);
            long v = (rMsb[j] * notMsb << up) - rHigh[j];
            if (first) {
                v += publicPart(cj, bits);
            }
            y[j] = v;
        }
        return y;
    }
}
