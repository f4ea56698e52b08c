package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * The sign of authenticated values, exact for every 64-bit ring value: [x &lt; 0] as an authenticated 0 or 1. With the
 * dealer's mask r (uniform in Z_2^128) and the authenticated bits b_j of its low word ({@link AuthRequest.MaskBits}),
 * <pre>
 *   c = open(x + r)                       (uniform: says nothing; kept for the MAC check)
 *   x = c_lo - r_lo  (mod 2^64), so msb(x) = c_63 xor b_63 xor [c_lo mod 2^63 &lt; r_lo mod 2^63]
 * </pre>
 * The borrow [c' &lt; r'] of the public c' against the shared bits is a prefix circuit on authenticated bits: per bit
 * j, g_j = b_j (1 - c_j) (r wins at j) and e_j = [b_j = c_j] are linear in b_j; pairs of neighbours combine as
 * (g, e) = (g_hi + e_hi g_lo, e_hi e_lo), all pairs of a level in one Beaver batch (6 levels for 63 bits; the lowest
 * group's e is never used, so it is never computed: no product is dead weight), and one more product for the XOR. Every product is an authenticated Beaver product, so a party that deviates anywhere
 * (its share of c, of a product, of the result) leaves a MAC that fails the next check of anything computed from
 * the result. Cost: 8 rounds; 2 words per element for c and 4 per product, 119 products: about 480 words (3.8 KB)
 * per element to each peer, against the semi-honest circuit's few hundred bytes: the price of MACs on every bit.
 */
public final class AuthCompare {
    /** Bits below the sign: the borrow circuit's width. */
    private static final int LOW = 63;

    private AuthCompare() {
    }

    /** [x &lt; 0] (the sign of x's low 64 bits) per element, authenticated, value 0 or 1. */
    public static AuthShare ltz(AuthParty party, AuthShare x) {
        int n = x.size();
        AuthMaterial.Bits m = party.take(new AuthRequest.MaskBits(n), AuthMaterial.Bits.class);
        long[] c = AuthOpen.open(party, x.add(m.r()));
        AuthShare bits = m.bits();
        // leaves, element-major: position i * LOW + j holds bit j of element i
        long[] notC = new long[n * LOW];  // 1 - c_j: g_j = b_j (1 - c_j)
        long[] sign = new long[n * LOW];  // 2 c_j - 1: e_j = (2 c_j - 1) b_j + (1 - c_j)
        int[] low = new int[n * LOW];
        for (int i = 0; i < n; i++) {
            long ci = c[2 * i];
            for (int j = 0; j < LOW; j++) {
                long cj = (ci >>> j) & 1L;
                notC[i * LOW + j] = 1 - cj;
                sign[i * LOW + j] = 2 * cj - 1;
                low[i * LOW + j] = 64 * i + j;
            }
        }
        AuthShare b = bits.gather(low);
        AuthShare e = b.times(sign).addPublic(Z128.fromSigned(notC), party.self(), party.key());
        AuthShare g = borrow(party, b.times(notC), e, n);
        // t = b_63 xor borrow = b_63 + borrow - 2 b_63 borrow; the sign is t, or 1 - t where c_63 = 1
        int[] top = new int[n];
        long[] flip = new long[n];
        long[] c63 = new long[n];
        for (int i = 0; i < n; i++) {
            top[i] = 64 * i + 63;
            c63[i] = c[2 * i] >>> 63;
            flip[i] = 1 - 2 * c63[i];
        }
        AuthShare b63 = bits.gather(top);
        AuthShare t = b63.add(g).sub(AuthBeaver.multiply(party, b63, g).scale(2));
        AuthShare out = t.times(flip).addPublic(Z128.fromSigned(c63), party.self(), party.key());
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, out.value()), out.mac());
    }

    /**
     * The borrow [c' &lt; r'] of every element from its leaves (g_j, e_j), j = 0..62 (element-major, most significant
     * last): neighbours combine as (g_hi + e_hi g_lo, e_hi e_lo), a level's products in one batch; the lowest group's e
     * is never used, so it is never computed (a zero stands in its place).
     */
    private static AuthShare borrow(AuthParty party, AuthShare g, AuthShare e, int n) {
        int width = LOW;
        while (width > 1) {
            int pairs = width / 2;
            int next = pairs + (width & 1);
            boolean last = next == 1;
            int upper = last ? 0 : pairs - 1; // pairs above the lowest
            int[] lo = new int[n * pairs];
            int[] hi = new int[n * pairs];
            int[] loE = new int[n * upper];
            int[] hiE = new int[n * upper];
            int[] eAt = new int[last ? 0 : n * pairs]; // the next level's e: [products above the lowest | a zero]
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < pairs; p++) {
                    lo[i * pairs + p] = i * width + 2 * p;
                    hi[i * pairs + p] = i * width + 2 * p + 1;
                    if (p > 0 && !last) {
                        loE[i * upper + p - 1] = i * width + 2 * p;
                        hiE[i * upper + p - 1] = i * width + 2 * p + 1;
                        eAt[i * pairs + p] = i * upper + p - 1;
                    } else if (!last) {
                        eAt[i * pairs] = n * upper;
                    }
                }
            }
            AuthShare prod = AuthBeaver.multiply(party, e.gather(hi).concat(e.gather(hiE)), g.gather(lo).concat(e.gather(loE)));
            AuthShare gNew = g.gather(hi).add(prod.slice(0, n * pairs));
            AuthShare eNew = last ? null
                    : prod.slice(n * pairs, n * (pairs + upper)).concat(new AuthShare(new long[2], new long[2])).gather(eAt);
            if ((width & 1) == 1) { // the most significant position waits for the next level
                int[] keep = new int[n];
                for (int i = 0; i < n; i++) {
                    keep[i] = i * width + width - 1;
                }
                gNew = interleave(gNew, g.gather(keep), n, pairs);
                eNew = interleave(eNew, e.gather(keep), n, pairs);
            }
            g = gNew;
            e = eNew;
            width = next;
        }
        return g;
    }

    /** Per element: its {@code per} values from {@code rows}, then its one value from {@code extra}. */
    private static AuthShare interleave(AuthShare rows, AuthShare extra, int n, int per) {
        AuthShare both = rows.concat(extra);
        int[] idx = new int[n * (per + 1)];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < per; p++) {
                idx[i * (per + 1) + p] = i * per + p;
            }
            idx[i * (per + 1) + per] = n * per + i;
        }
        return both.gather(idx);
    }
}
