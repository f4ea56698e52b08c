package org.consortia.mpc.protocols.fss;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * relu(x / 2^s) of a product's shares in one online round (the truncation and the ReLU that follow a convolution or
 * a dense layer, fused as LLAMA fuses them): one mask r serves both, the keys' payload carries r_hi = r &gt;&gt;&gt; s and
 * r_63 besides 1, so every product of the sign with the truncated value is local:
 * <pre>
 *   c = open(x + 2^62 + r)                       the truncation's opening ({@link Truncation}), x in [-2^62, 2^62)
 *   y = (c &gt;&gt;&gt; s) - r_hi + w 2^(64-s) - 2^(62-s),  w = r_63 (1 - c_63)         x / 2^s within one bit
 *   b = msb(x) from c' = c - 2^62 = x + r         d = r_63 + (1 - 2 r_63)[c' mod 2^63 &lt; r mod 2^63], as FssSign
 *   b y = b ((c &gt;&gt;&gt; s) - 2^(62-s)) - b r_hi + (1 - c_63) 2^(64-s) b r_63
 *   relu = y - b y                                with b r_hi, b r_63 from d r_hi = r_63 r_hi + (1 - 2 r_63) r_hi lt
 *                                                 and d r_63 = r_63 + (1 - 2 r_63) r_63 lt
 * </pre>
 * The result is 0 for x &lt; 0 and the truncation of x otherwise (floor or one more): exactly relu of the truncation.
 *
 * <p>Costs per element: 1 round, 8 bytes to the peer; from the dealer, 4 words of masks to party 0 and a 63-bit key
 * with a payload of 4 words ({@link Dcf#keyWords}(63, 4) = 384 words) to each party.
 */
public final class FssTruncRelu {
    private FssTruncRelu() {
    }

    /** {@code n} elements: the masked opening only. */
    public static Cost cost(long n) {
        return Open.cost(n);
    }

    /** Shares of relu(x / 2^shift), x a value in [-2^62, 2^62). */
    public static long[] run(PartyContext ctx, long[] x, int shift) {
        MaskedBatch.requireTwoParties(ctx, "comparisons");
        if (shift < 1 || shift > 61) {
            throw new MpcArgumentException("truncation by " + shift + " bits: expected 1..61");
        }
        int n = x.length;
        if (n == 0) {
            return new long[0];
        }
        int party = ctx.self();
        MaskedBatch batch = MaskedBatch.open(ctx, x, 1L << Truncation.BOUND_BITS,
                size -> new Request.SignMask(size, 1, Request.SignKey.BITS, 0, shift));
        long[] open = batch.open;
        long[] out = new long[n];
        int up = 64 - shift;
        long unOffset = 1L << (Truncation.BOUND_BITS - shift);
        batch.forEachChunk(ctx, (from, size, m, keys) -> {
            int width = m.request().width();
            long[] points = new long[size];
            for (int j = 0; j < size; j++) {
                points[j] = (open[from + j] - (1L << Truncation.BOUND_BITS)) & Long.MAX_VALUE;
            }
            long[] y = new long[width * size];
            Dcf.eval(party, Request.SignKey.BITS, width, m.roots(), keys, points, y);
            for (int j = 0; j < size; j++) {
                long cj = open[from + j];
                long c63 = cj >>> 63;
                long masked63 = (cj - (1L << Truncation.BOUND_BITS)) >>> 63; // the top bit of x + r
                long r63 = m.rMsbPow(0, j);
                long rHi = m.rHi()[j];
                long r63RHi = m.rHi()[size + j];
                int at = width * j;
                long b = SignShares.bit(party, masked63, r63, y[at]);
                long bRHi = SignShares.times(masked63, rHi, r63RHi, y[at + 2]);
                long bR63 = SignShares.times(masked63, r63, r63, y[at + 3]); // r_63 r_63 = r_63
                long wrap = 1 - c63;
                long trunc = (r63 * wrap << up) - rHi + (party == 0 ? (cj >>> shift) - unOffset : 0);
                out[from + j] = trunc - SignShares.timesTruncation(b, bRHi, bR63, (cj >>> shift) - unOffset, wrap, up);
            }
        });
        return out;
    }
}
