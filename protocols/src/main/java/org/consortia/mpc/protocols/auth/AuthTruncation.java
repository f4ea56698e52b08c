package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

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
        long[] offset = new long[2 * n];
        for (int j = 0; j < offset.length; j += 2) {
            offset[j] = 1L << 62;
        }
        long[] c = AuthOpen.open(party, x.addPublic(offset, party.self(), party.key()).add(t.r()));
        long[] wrap = new long[2 * n]; // (1 - msb(c_lo)) 2^(64-f)
        long[] pub = new long[2 * n];
        for (int j = 0; j < 2 * n; j += 2) {
            long lo = c[j];
            wrap[j] = (1L - (lo >>> 63)) << (64 - bits);
            pub[j] = (lo >>> bits) - (1L << (62 - bits));
            pub[j + 1] = pub[j] >> 63;
        }
        AuthShare m = t.msb();
        AuthShare y = new AuthShare(Z128.mul(m.value(), wrap), Z128.mul(m.mac(), wrap)).sub(t.high())
                .addPublic(pub, party.self(), party.key());
        return new AuthShare(party.tamper().apply(Tamper.Point.TRUNCATION, -1, y.value()), y.mac());
    }
}
