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
        if (bits < 1 || bits > 61) {
            throw new MpcArgumentException("truncation by " + bits + " bits: expected 1..61");
        }
        int n = x.size();
        AuthMaterial.Trunc t = party.take(new AuthRequest.TruncPair(n, bits), AuthMaterial.Trunc.class);
        long kLo = party.key().lo();
        long kHi = party.key().hi();
        // x + 2^62 + r: party 0 adds the public 2^62 to its value, every party its key share times 2^62 to its MAC
        long[] c = AuthOpen.open(party, new AuthShare(plus(x.value(), t.r().value(), party.self() == 0 ? 1L << 62 : 0, 0),
                plus(x.mac(), t.r().mac(), kLo << 62, (kHi << 62) | (kLo >>> 2))));
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        long[] mv = t.msb().value();
        long[] mm = t.msb().mac();
        long[] hv = t.high().value();
        long[] hm = t.high().mac();
        long p0 = party.self() == 0 ? 1 : 0;
        for (int j = 0; j < 2 * n; j += 2) {
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
            value[j] = s;
            value[j + 1] = vh + p0 * pubHi + (Long.compareUnsigned(s, ql) < 0 ? 1 : 0);
            // MAC: MAC(m) wrap - MAC(high) + key share times pub
            long ml = mm[j] * wrap;
            long mh = Math.unsignedMultiplyHigh(mm[j], wrap) + mm[j + 1] * wrap;
            long dl = ml - hm[j];
            mh = mh - hm[j + 1] - (Long.compareUnsigned(ml, hm[j]) < 0 ? 1 : 0);
            long kl = kLo * pubLo;
            long kh = Math.unsignedMultiplyHigh(kLo, pubLo) + kLo * pubHi + kHi * pubLo;
            s = dl + kl;
            mac[j] = s;
            mac[j + 1] = mh + kh + (Long.compareUnsigned(s, kl) < 0 ? 1 : 0);
        }
        return new AuthShare(party.tamper().apply(Tamper.Point.TRUNCATION, -1, value), mac);
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
