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
        AuthShare b = gather(bits, low);
        AuthShare g = times(b, notC);
        AuthShare e = times(b, sign).addPublic(Z128.fromSigned(notC), party.self(), party.key());
        int width = LOW;
        while (width > 1) {
            int pairs = width / 2;
            int next = pairs + (width & 1);
            boolean last = next == 1;
            int[] lo = new int[n * pairs];
            int[] hi = new int[n * pairs];
            int upper = last ? 0 : pairs - 1; // pairs above the lowest: the lowest group's e is never used
            int[] loE = new int[n * upper];
            int[] hiE = new int[n * upper];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < pairs; p++) {
                    lo[i * pairs + p] = i * width + 2 * p;
                    hi[i * pairs + p] = i * width + 2 * p + 1;
                    if (p > 0 && !last) {
                        loE[i * upper + p - 1] = i * width + 2 * p;
                        hiE[i * upper + p - 1] = i * width + 2 * p + 1;
                    }
                }
            }
            // g' = g_hi + e_hi g_lo for every pair and e' = e_hi e_lo above the lowest, in one batch
            AuthShare prod = AuthBeaver.multiply(party, concat(gather(e, hi), gather(e, hiE)),
                    concat(gather(g, lo), gather(e, loE)));
            AuthShare gNew = gather(g, hi).add(slice(prod, 0, n * pairs));
            AuthShare eNew = null;
            if (!last) { // a zero stands for the lowest group's e
                int[] at = new int[n * pairs];
                for (int i = 0; i < n; i++) {
                    at[i * pairs] = n * upper; // the zero appended below
                    for (int p = 1; p < pairs; p++) {
                        at[i * pairs + p] = i * upper + p - 1;
                    }
                }
                eNew = gather(concat(slice(prod, n * pairs, n * pairs + n * upper), new AuthShare(new long[2], new long[2])), at);
            }
            if ((width & 1) == 1) { // the most significant position waits for the next level
                int[] keep = new int[n];
                for (int i = 0; i < n; i++) {
                    keep[i] = i * width + width - 1;
                }
                gNew = interleave(gNew, gather(g, keep), n, pairs);
                eNew = interleave(eNew, gather(e, keep), n, pairs);
            }
            g = gNew;
            e = eNew;
            width = next;
        }
        // t = b_63 xor borrow = b_63 + borrow - 2 b_63 borrow; the sign is t, or 1 - t where c_63 = 1
        int[] top = new int[n];
        long[] flip = new long[n];
        long[] c63 = new long[n];
        for (int i = 0; i < n; i++) {
            top[i] = 64 * i + 63;
            c63[i] = c[2 * i] >>> 63;
            flip[i] = 1 - 2 * c63[i];
        }
        AuthShare b63 = gather(bits, top);
        AuthShare t = b63.add(g).sub(AuthBeaver.multiply(party, b63, g).scale(2));
        AuthShare out = times(t, flip).addPublic(Z128.fromSigned(c63), party.self(), party.key());
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, out.value()), out.mac());
    }

    /** Element i times the public signed integer k[i] (values and MACs). */
    static AuthShare times(AuthShare a, long[] k) {
        long[] kk = Z128.fromSigned(k);
        return new AuthShare(Z128.mul(a.value(), kk), Z128.mul(a.mac(), kk));
    }

    /** Element i of the result is element idx[i] of a. */
    static AuthShare gather(AuthShare a, int[] idx) {
        long[] v = new long[2 * idx.length];
        long[] m = new long[2 * idx.length];
        for (int i = 0; i < idx.length; i++) {
            int j = idx[i];
            v[2 * i] = a.value()[2 * j];
            v[2 * i + 1] = a.value()[2 * j + 1];
            m[2 * i] = a.mac()[2 * j];
            m[2 * i + 1] = a.mac()[2 * j + 1];
        }
        return new AuthShare(v, m);
    }

    static AuthShare slice(AuthShare a, int from, int to) {
        return new AuthShare(java.util.Arrays.copyOfRange(a.value(), 2 * from, 2 * to),
                java.util.Arrays.copyOfRange(a.mac(), 2 * from, 2 * to));
    }

    static AuthShare concat(AuthShare a, AuthShare b) {
        long[] v = java.util.Arrays.copyOf(a.value(), a.value().length + b.value().length);
        long[] m = java.util.Arrays.copyOf(a.mac(), v.length);
        System.arraycopy(b.value(), 0, v, a.value().length, b.value().length);
        System.arraycopy(b.mac(), 0, m, a.mac().length, b.mac().length);
        return new AuthShare(v, m);
    }

    /** Per element: its {@code per} values from {@code rows}, then its one value from {@code extra}. */
    private static AuthShare interleave(AuthShare rows, AuthShare extra, int n, int per) {
        AuthShare both = concat(rows, extra);
        int[] idx = new int[n * (per + 1)];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < per; p++) {
                idx[i * (per + 1) + p] = i * per + p;
            }
            idx[i * (per + 1) + per] = n * per + i;
        }
        return gather(both, idx);
    }
}
