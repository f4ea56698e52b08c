package org.consortia.mpc.protocols.fss;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Spline;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * A public spline of arithmetic shares between two parties in two online rounds, by function secret sharing (the
 * spline gate of Boyle et al., Eurocrypt 2021, and LLAMA, with one key per element evaluated at every break):
 * <pre>
 *   round 1, the clamp: c = open(x + r); one sign key (alpha = r mod 2^63, payload (1 - 2 r_63)(1, r)) evaluated at
 *            c - lo and c - hi gives b = [x &lt; lo], [x &lt; hi] and b r, so b x = c b - b r and
 *            u = x ([x &lt; hi] - [x &lt; lo]) + hi (1 - [x &lt; hi]) + lo [x &lt; lo]          all local
 *   round 2, the pieces: z = open(u + s), s a fresh mask; one key over the spline's L = bits() low bits with
 *            payload (1 - 2 s_L)(1, s, .., s^d), evaluated at z - breaks[k] for every k, gives b_k = [u &lt; breaks[k]]
 *            times s^i (the sign of u - breaks[k] as a value of L + 1 bits: c_L xor s_L xor [c mod 2^L &lt; s mod 2^L];
 *            with the spline's slack g the key compares bits g to L - 1 of c and s, so b_k may be 0 for
 *            u - breaks[k] in (-2^g, 0), the piece above taken there);
 *            each piece P_k(u) = P_k(z - s) = sum_i A_ki(z) s^i with public A_ki, so
 *            P(u) = sum_i A_Ki [s^i] + sum_k sum_i (A_ki - A_(k+1)i) [b_k s^i]             all local
 * </pre>
 * Exact in the ring: the same integers as {@link Spline#valueAt} (up to the slack), at the spline's scale (the
 * caller truncates).
 *
 * <p>Costs per element: 2 rounds, 2 words to the peer; from the dealer, a 63-bit pair key (256 words), a key of
 * {@code (2 + w) (L - g) + 2 + w} words (w = d + 1 rounded up to even; 84 words for a cubic spline on 21 bits with
 * a slack of 8), and 2 + 2 d words of masks to party 0; 2 evaluations of 63 levels and K of L - g.
 */
public final class FssSpline {
    private static final long LOW63 = Long.MAX_VALUE;

    private FssSpline() {
    }

    /** A spline of {@code n} elements: the two masked openings. */
    public static Cost cost(long n) {
        return Open.cost(n).then(Open.cost(n));
    }

    /** Dealer words each party receives per element: both keys' shared words. */
    public static long dealerWords(long n, Spline s) {
        int width = (s.degree() + 2) & ~1;
        return n * ((long) Dcf.keyWords(Request.SignKey.BITS) + Dcf.keyWords(s.bits() - s.slack(), width));
    }

    /** Shares of P_k(clamp(x)) at the spline's scale. */
    public static long[] evaluate(PartyContext ctx, long[] x, Spline s) {
        return evaluate(ctx, x, s, false, 0)[0];
    }

    /**
     * Shares of P_k(clamp(x / 2^shift)): x has {@code shift} more fractional bits than the spline's input (a product
     * not yet truncated, or a wider fixed point), and the clamp's opening truncates it too (the mask's r_hi and r_63
     * ride in the key's payload, as in {@link FssTruncRelu}): still two rounds. x in [-2^62, 2^62).
     */
    public static long[] evaluate(PartyContext ctx, long[] x, Spline s, int shift) {
        return evaluate(ctx, x, s, false, shift)[0];
    }

    /**
     * Shares of P_k(clamp(x)) at the spline's scale and of relu(x) (the clamp's key at a third point, 0), in the same
     * two rounds: what a GELU (relu(x) minus a bounded spline) takes.
     */
    public static long[][] evaluateWithRelu(PartyContext ctx, long[] x, Spline s) {
        return evaluate(ctx, x, s, true, 0);
    }

    private static long[][] evaluate(PartyContext ctx, long[] x, Spline s, boolean relu, int shift) {
        MaskedBatch.requireTwoParties(ctx, "splines");
        if (x.length == 0) {
            return new long[][] {new long[0], new long[0]};
        }
        if (shift < 0 || shift > 61 || (shift > 0 && Math.max(Math.abs(s.lo()), Math.abs(s.hi())) >= 1L << (61 - shift))) {
            throw new MpcArgumentException("a spline's input shifted by " + shift + " bits leaves the ring's range");
        }
        long[][] clamped = shift == 0 ? clamp(ctx, x, s.lo(), s.hi(), relu) : clampShifted(ctx, x, s.lo(), s.hi(), shift);
        return new long[][] {pieces(ctx, clamped[0], s), clamped[1]};
    }

    /** u = clamp(x, lo, hi) in one round, and where asked relu(x) = x - [x &lt; 0] x ({@code null} otherwise). */
    static long[][] clamp(PartyContext ctx, long[] x, long lo, long hi, boolean withRelu) {
        int n = x.length;
        MaskedBatch batch = MaskedBatch.open(ctx, x, 0, Request.SignMask::new);
        long[] open = batch.open;
        long[] u = new long[n];
        long[] relu = withRelu ? new long[n] : null;
        long[] at = withRelu ? new long[] {lo, hi, 0} : new long[] {lo, hi};
        int points = at.length;
        int party = ctx.self();
        long[] bx = new long[points]; // [x < at[q]] x
        long[] b = new long[points];
        batch.forEachChunk(ctx, (from, size, m, keys) -> {
            long[] xs = new long[points * size];
            for (int j = 0; j < size; j++) {
                for (int q = 0; q < points; q++) {
                    xs[points * j + q] = (open[from + j] - at[q]) & LOW63;
                }
            }
            long[] y = new long[points * Dcf.PAYLOAD * size];
            Dcf.evalPoints(party, Request.SignKey.BITS, Dcf.PAYLOAD, m.roots(), keys, xs, points, y);
            for (int j = 0; j < size; j++) {
                long xHat = open[from + j];
                for (int q = 0; q < points; q++) {
                    long c63 = (xHat - at[q]) >>> 63;
                    int w = Dcf.PAYLOAD * (points * j + q);
                    b[q] = SignShares.bit(party, c63, m.rMsbPow(0, j), y[w]);
                    bx[q] = xHat * b[q] - SignShares.times(c63, m.r()[j], m.rMsbPow(1, j), y[w + 1]); // b (c - r)
                }
                // u = x [x < hi] - x [x < lo] + lo [x < lo] + hi (1 - [x < hi])
                u[from + j] = bx[1] - bx[0] + lo * b[0] - hi * b[1] + (party == 0 ? hi : 0);
                if (withRelu) {
                    relu[from + j] = x[from + j] - bx[2];
                }
            }
        });
        return new long[][] {u, relu};
    }

    /**
     * u = clamp(x / 2^shift, lo, hi) in one round: one opening c = x + 2^62 + r serves the truncation y (as
     * {@link org.consortia.mpc.protocols.arith.Truncation}) and the signs b of x - lo 2^shift and x - hi 2^shift, and
     * b y = b T - b r_hi + (1 - c_63) 2^(64 - shift) b r_63 with T = (c &gt;&gt;&gt; shift) - 2^(62 - shift) public.
     */
    static long[][] clampShifted(PartyContext ctx, long[] x, long lo, long hi, int shift) {
        int n = x.length;
        int party = ctx.self();
        long top = 1L << Truncation.BOUND_BITS;
        MaskedBatch batch = MaskedBatch.open(ctx, x, top, size -> new Request.SignMask(size, 1, Request.SignKey.BITS, 0, shift));
        long[] open = batch.open;
        long[] u = new long[n];
        long[] at = {lo << shift, hi << shift};
        int up = 64 - shift;
        long unOffset = 1L << (Truncation.BOUND_BITS - shift);
        long[] b = new long[2];
        long[] by = new long[2];
        batch.forEachChunk(ctx, (from, size, m, keys) -> {
            int width = m.request().width();
            long[] xs = new long[2 * size];
            for (int j = 0; j < size; j++) {
                for (int q = 0; q < 2; q++) {
                    xs[2 * j + q] = (open[from + j] - top - at[q]) & LOW63;
                }
            }
            long[] y = new long[2 * width * size];
            Dcf.evalPoints(party, Request.SignKey.BITS, width, m.roots(), keys, xs, 2, y);
            for (int j = 0; j < size; j++) {
                long cj = open[from + j];
                long wrap = 1 - (cj >>> 63);
                long pub = (cj >>> shift) - unOffset;
                long r63 = m.rMsbPow(0, j);
                long rHi = m.rHi()[j];
                long r63RHi = m.rHi()[size + j];
                for (int q = 0; q < 2; q++) {
                    long cq63 = (cj - top - at[q]) >>> 63; // the sign bit of x - at[q] + r
                    int w = width * (2 * j + q);
                    b[q] = SignShares.bit(party, cq63, r63, y[w]);
                    long bRHi = SignShares.times(cq63, rHi, r63RHi, y[w + 2]);
                    long bR63 = SignShares.times(cq63, r63, r63, y[w + 3]); // r_63 r_63 = r_63
                    by[q] = SignShares.timesTruncation(b[q], bRHi, bR63, pub, wrap, up); // b times the truncation of x
                }
                // u = y [x < hi] - y [x < lo] + lo [x < lo] + hi (1 - [x < hi])
                u[from + j] = by[1] - by[0] + lo * b[0] - hi * b[1] + (party == 0 ? hi : 0);
            }
        });
        return new long[][] {u, null};
    }

    /** The pieces on clamped shares u, in one round. */
    static long[] pieces(PartyContext ctx, long[] u, Spline s) {
        int n = u.length;
        int d = s.degree();
        int bits = s.bits();
        int skip = s.slack();
        int width = (d + 2) & ~1;
        long[] breaks = s.breaks();
        int k = breaks.length;
        long low = (1L << bits) - 1;
        MaskedBatch batch = MaskedBatch.open(ctx, u, 0, size -> new Request.SignMask(size, d, bits, skip));
        long[] open = batch.open;
        long[] out = new long[n];
        int party = ctx.self();
        long[][] a = new long[s.pieces()][d + 1];
        long[] rPow = new long[d + 1];
        long[] bPow = new long[d + 1];
        batch.forEachChunk(ctx, (from, size, m, keys) -> {
            long[] points = new long[k * size];
            for (int j = 0; j < size; j++) {
                for (int q = 0; q < k; q++) {
                    points[k * j + q] = ((open[from + j] - breaks[q]) & low) >>> skip;
                }
            }
            long[] y = new long[width * k * size];
            Dcf.evalPoints(party, bits - skip, width, m.roots(), keys, points, k, y);
            for (int j = 0; j < size; j++) {
                long z = open[from + j];
                for (int p = 0; p < s.pieces(); p++) {
                    s.inPowersOfMask(p, z, a[p]);
                }
                rPow[0] = party == 0 ? 1 : 0;
                for (int i = 1; i <= d; i++) {
                    rPow[i] = m.rPow(i, j);
                }
                long v = 0;
                for (int i = 0; i <= d; i++) {
                    v += a[k][i] * rPow[i];
                }
                for (int q = 0; q < k; q++) {
                    long cl = ((z - breaks[q]) >>> bits) & 1;
                    int at = width * (k * j + q);
                    for (int i = 0; i <= d; i++) {
                        bPow[i] = SignShares.times(cl, rPow[i], m.rMsbPow(i, j), y[at + i]); // [b_q s^i]
                    }
                    for (int i = 0; i <= d; i++) {
                        v += (a[q][i] - a[q + 1][i]) * bPow[i];
                    }
                }
                out[from + j] = v;
            }
        });
        return out;
    }
}
