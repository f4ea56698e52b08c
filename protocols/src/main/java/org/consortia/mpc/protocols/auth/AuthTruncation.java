package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;

/**
 * Probabilistic truncation of authenticated shares, the semi-honest {@code Truncation} lifted to Z_2^128: with the
 * dealer's authenticated r (uniform in Z_2^128), t = r_lo &gt;&gt;&gt; f and m = r_lo &gt;&gt;&gt; 63,
 * <pre>
 *   c = open(x + 2^62 + r)          (uniform in all 128 bits; kept for the MAC check)
 *   y = (c_lo &gt;&gt;&gt; f) - 2^(62-f) + m (1 - msb(c_lo)) 2^(64-f) - t
 * </pre>
 * whose low 64 bits are floor(x / 2^f) or one more, for x in [-2^62, 2^62) (in the low 64 bits). y is a public
 * constant plus a linear combination of authenticated values, so it stays authenticated; a party that adds an error
 * to it, or to its share of c, is caught by the next check of anything computed from it. Cost: 1 round, 2 words per
 * element to each peer.
 */
public final class AuthTruncation {
    private AuthTruncation() {
    }

    /** x / 2^bits of an authenticated share: the packed truncation's two halves on its values and MACs. */
    public static AuthShare truncate(AuthParty party, AuthShare x, int bits) {
        return AuthRing.unpack(finishPacked(party, startPacked(party, AuthRing.pack(x), 0, x.size(), bits)));
    }

    /** A truncation of packed shares in flight: its pair, the bits, and what this party sent and keeps. */
    record Started(AuthMaterial.Trunc pair, int bits, long[] sent, long[] macs) {
        @Override
        public String toString() {
            return "Started[" + pair.request() + "]";
        }
    }

    /**
     * The first half of {@link #truncate} on elements [from, to) of {@link AuthRing}'s packed layout: takes the pair
     * and sends this party's share of x + 2^62 + r; {@link #finishPacked} completes it (a pipelined truncation starts the
     * next chunk in between).
     */
    static Started startPacked(AuthParty party, long[] x, int from, int to, int bits) {
        checkBits(bits);
        if (x.length % 4 != 0 || from < 0 || from > to || 4L * to > x.length) {
            throw new MpcArgumentException("truncation: elements " + from + ".." + to + " of " + x.length / 4);
        }
        int n = to - from;
        AuthMaterial.Trunc t = party.take(new AuthRequest.TruncPair(n, bits), AuthMaterial.Trunc.class);
        long[] rv = t.r().value();
        long[] rm = t.r().mac();
        long vLo = party.self() == 0 ? 1L << 62 : 0;
        long kLo = party.key().lo();
        long mLo = kLo << 62;
        long mHi = (party.key().hi() << 62) | (kLo >>> 2);
        long[] values = new long[2 * n];
        long[] macs = new long[2 * n];
        // demand discovery: the result's values never count, so the dry run opens zeros without adding them up
        for (int j = 0, i = 4 * from; j < 2 * n && !party.dry(); j += 2, i += 4) {
            long lo = x[i] + rv[j];
            long hi = x[i + 1] + rv[j + 1] + (Long.compareUnsigned(lo, rv[j]) < 0 ? 1 : 0);
            long sum = lo + vLo;
            values[j] = sum;
            values[j + 1] = hi + (Long.compareUnsigned(sum, vLo) < 0 ? 1 : 0);
            lo = x[i + 2] + rm[j];
            hi = x[i + 3] + rm[j + 1] + (Long.compareUnsigned(lo, rm[j]) < 0 ? 1 : 0);
            sum = lo + mLo;
            macs[j] = sum;
            macs[j + 1] = hi + mHi + (Long.compareUnsigned(sum, mLo) < 0 ? 1 : 0);
        }
        return new Started(t, bits, AuthOpen.send(party, values, Tamper.Point.OPENING), macs);
    }

    /** The second half: receives the peers' shares of c and returns this party's packed shares of the truncated x. */
    static long[] finishPacked(AuthParty party, Started s) {
        long[] c = AuthOpen.receive(party, s.sent(), s.macs());
        long[] out = new long[2 * c.length];
        if (party.dry()) { // demand discovery: the result's values never count
            return out;
        }
        finish(party, s.pair(), s.bits(), c, out);
        return party.tamper().apply(Tamper.Point.TRUNCATION, -1, out);
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 61) {
            throw new MpcArgumentException("truncation by " + bits + " bits: expected 1..61");
        }
    }

    /**
     * y from the opened c (interleaved Z_2^128) into {@code out}, packed: element e's value and MAC at 4 e, each
     * m wrap - high + s pub with s = 1 at party 0 (else 0) for the value and s = the key share for the MAC.
     */
    private static void finish(AuthParty party, AuthMaterial.Trunc t, int bits, long[] c, long[] out) {
        long[][] ms = {t.msb().value(), t.msb().mac()};
        long[][] hs = {t.high().value(), t.high().mac()};
        long[] sLo = {party.self() == 0 ? 1 : 0, party.key().lo()};
        long[] sHi = {0, party.key().hi()};
        for (int j = 0, o = 0; j < c.length; j += 2, o += 4) {
            long lo = c[j];
            long wrap = (1L - (lo >>> 63)) << (64 - bits); // (1 - msb(c_lo)) 2^(64-f), times m
            long pubLo = (lo >>> bits) - (1L << (62 - bits)); // the public part, sign-extended
            long pubHi = pubLo >> 63;
            for (int h = 0; h < 2; h++) {
                long[] m = ms[h];
                long[] high = hs[h];
                long ml = m[j] * wrap;
                long mh = Math.unsignedMultiplyHigh(m[j], wrap) + m[j + 1] * wrap;
                long dl = ml - high[j];
                mh = mh - high[j + 1] - (Long.compareUnsigned(ml, high[j]) < 0 ? 1 : 0);
                long kl = sLo[h] * pubLo;
                long kh = Math.unsignedMultiplyHigh(sLo[h], pubLo) + sLo[h] * pubHi + sHi[h] * pubLo;
                long sum = dl + kl;
                out[o + 2 * h] = sum;
                out[o + 2 * h + 1] = mh + kh + (Long.compareUnsigned(sum, kl) < 0 ? 1 : 0);
            }
        }
    }
}
