package org.consortia.mpc.protocols.fss;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * The sign and ReLU of arithmetic shares between two parties in one online round, by function secret sharing (Boyle
 * et al., Eurocrypt 2021; LLAMA and SIGMA use the same gate). With the dealer's mask r and keys of a distributed
 * comparison function with alpha = r mod 2^63 and payload (1 - 2 r_63, (1 - 2 r_63) r) (see
 * {@link Request.SignKey}):
 * <pre>
 *   c = open(x + r)                         x = c - r (mod 2^64), c public and uniform
 *   lt = [c mod 2^63 &lt; r mod 2^63]          the borrow out of the low 63 bits (the key, evaluated at c)
 *   d = r_63 xor lt = r_63 + (1 - 2 r_63) lt
 *   msb(x) = c_63 xor d = c_63 + (1 - 2 c_63) d
 *   relu(x) = (1 - msb(x)) x = c_63 ? d x : x - d x,   d x = c d - d r = c d - (r_63 r + (1 - 2 r_63) r lt)
 * </pre>
 * All but the opening is local: the key's evaluation gives shares of (1 - 2 r_63) lt and (1 - 2 r_63) r lt, the
 * dealer shares r_63 and r_63 r. Exact for every ring value.
 *
 * <p>Costs per element: 1 round, 8 bytes to the peer; from the dealer, 5 words of mask (2 of them corrections to
 * party 0) and {@link Dcf#keyWords}(63) = 256 words of key to each party; 127 AES blocks of evaluation. Masks are
 * taken for the whole batch and opened in one round; keys are taken {@link #KEY_CHUNK} elements at a time, so a
 * batch holds about 2 KB of key per element of one chunk only.
 */
public final class FssSign {
    /** Elements per key item: 2^13 elements of 256 words, 16 MiB. */
    public static final int KEY_CHUNK = 1 << 13;

    private static final long LOW63 = Long.MAX_VALUE;

    private FssSign() {
    }

    /** A sign or ReLU of {@code n} elements: the masked opening only. */
    public static Cost cost(long n) {
        return Open.cost(n);
    }

    /** Dealer words each party receives for {@code n} elements: the keys' shared words, and at party 0 2 per element. */
    public static long dealerWords(long n) {
        return n * Dcf.keyWords(Request.SignKey.BITS);
    }

    /** Arithmetic shares of [x &lt; 0] (the sign bit), 0 or 1 per element. */
    public static long[] ltz(PartyContext ctx, long[] x) {
        return run(ctx, x, false);
    }

    /** Arithmetic shares of max(x, 0). */
    public static long[] relu(PartyContext ctx, long[] x) {
        return run(ctx, x, true);
    }

    private static long[] run(PartyContext ctx, long[] x, boolean relu) {
        MaskedBatch.requireTwoParties(ctx, "comparisons");
        int n = x.length;
        if (n == 0) {
            return new long[0];
        }
        MaskedBatch batch = MaskedBatch.open(ctx, x, 0, Request.SignMask::new);
        long[] open = batch.open;
        long[] out = new long[n];
        int party = ctx.self();
        batch.forEachChunk(ctx, (from, size, m, keys) -> {
            long[] low = new long[size];
            for (int j = 0; j < size; j++) {
                low[j] = open[from + j] & LOW63;
            }
            long[] y = new long[Dcf.PAYLOAD * size];
            Dcf.eval(party, Request.SignKey.BITS, m.roots(), keys, low, y);
            for (int j = 0; j < size; j++) {
                long cj = open[from + j];
                long c63 = cj >>> 63;
                if (!relu) {
                    out[from + j] = SignShares.bit(party, c63, m.rMsbPow(0, j), y[2 * j]);
                } else {
                    long d = m.rMsbPow(0, j) + y[2 * j];
                    long dx = cj * d - (m.rMsbPow(1, j) + y[2 * j + 1]);
                    out[from + j] = c63 == 1 ? dx : x[from + j] - dx;
                }
            }
        });
        return out;
    }
}
