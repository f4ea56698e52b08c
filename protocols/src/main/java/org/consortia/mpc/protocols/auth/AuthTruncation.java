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

    public static AuthShare truncate(AuthParty party, AuthShare x, int bits) {
        checkBits(bits);
        int n = x.size();
        AuthMaterial.Trunc t = party.take(new AuthRequest.TruncPair(n, bits), AuthMaterial.Trunc.class);
        long kLo = party.key().lo();
        long kHi = party.key().hi();
        // x + 2^62 + r: party 0 adds the public 2^62 to its value, every party its key share times 2^62 to its MAC
        long[] c = AuthOpen.open(party, new AuthShare(plus(x.value(), t.r().value(), party.self() == 0 ? 1L << 62 : 0, 0),
                plus(x.mac(), t.r().mac(), kLo << 62, (kHi << 62) | (kLo >>> 2))));
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        finish(party, t, bits, c, value, 0, mac, 0, 2);
        return new AuthShare(party.tamper().apply(Tamper.Point.TRUNCATION, -1, value), mac);
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
        for (int j = 0, i = 4 * from; j < 2 * n; j += 2, i += 4) {
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
        finish(party, s.pair(), s.bits(), c, out, 0, out, 2, 4);
        return party.tamper().apply(Tamper.Point.TRUNCATION, -1, out);
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 61) {
            throw new MpcArgumentException("truncation by " + bits + " bits: expected 1..61");
        }
    }

    /**
     * y from the opened c (interleaved Z_2^128): element e's value share to {@code value[step e + vAt ..]} and its MAC
     * share to {@code mac[step e + mAt ..]} (two words each), so one loop writes both layouts.
     */
    private static void finish(AuthParty party, AuthMaterial.Trunc t, int bits, long[] c, long[] value, int vAt,
            long[] mac, int mAt, int step) {
        long kLo = party.key().lo();
        long kHi = party.key().hi();
        long[] mv = t.msb().value();
        long[] mm = t.msb().mac();
        long[] hv = t.high().value();
        long[] hm = t.high().mac();
        long p0 = party.self() == 0 ? 1 : 0;
        for (int j = 0, o = 0; j < c.length; j += 2, o += step) {
            long lo = c[j];
            long wrap = (1L - (lo >>> 63)) << (64 - bits); // (1 - msb(c_lo)) 2^(64-f), times m
            long pubLo = (lo >>> bits) - (1L << (62 - bits)); // the public part, sign-extended
            long pubHi = pubLo >> 63;
            // value: m wrap - high + pub (party 0)
            long vl = mv[j] * wrap;
            long vh = Math.unsignedMultiplyHigh(mv[j], wrap) + mv[j + 1] * wrap;
            long sl = vl - hv[j];
            vh = vh - hv[j + 1] - (Long.compareUnsigned(vl, hv[j]) < 0 ? 1 : 0);
            long ql = p0 * pubLo;
            long s = sl + ql;
            value[o + vAt] = s;
            value[o + vAt + 1] = vh + p0 * pubHi + (Long.compareUnsigned(s, ql) < 0 ? 1 : 0);
            // MAC: MAC(m) wrap - MAC(high) + key share times pub
            long ml = mm[j] * wrap;
            long mh = Math.unsignedMultiplyHigh(mm[j], wrap) + mm[j + 1] * wrap;
            long dl = ml - hm[j];
            mh = mh - hm[j + 1] - (Long.compareUnsigned(ml, hm[j]) < 0 ? 1 : 0);
            long kl = kLo * pubLo;
            long kh = Math.unsignedMultiplyHigh(kLo, pubLo) + kLo * pubHi + kHi * pubLo;
            s = dl + kl;
            mac[o + mAt] = s;
            mac[o + mAt + 1] = mh + kh + (Long.compareUnsigned(s, kl) < 0 ? 1 : 0);
        }
    }

    /** x + r + (cLo, cHi) elementwise in Z_2^128, in one pass. */
    private static long[] plus(long[] x, long[] r, long cLo, long cHi) {
        long[] out = new long[x.length];
        for (int j = 0; j < x.length; j += 2) {
            long lo = x[j] + r[j];
            long hi = x[j + 1] + r[j + 1] + (Long.compareUnsigned(lo, r[j]) < 0 ? 1 : 0);
            long s = lo + cLo;
            out[j] = s;
            out[j + 1] = hi + cHi + (Long.compareUnsigned(s, cLo) < 0 ? 1 : 0);
        }
        return out;
    }
}
