package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * The sign of authenticated values, exact for every 64-bit ring value: [x &lt; 0] as an authenticated 0 or 1. With the
 * dealer's mask r (uniform in Z_2^128) and, for each 4-bit chunk r_q of its low 63 bits (the top chunk has 3), the
 * authenticated thermometer code u_q[v] = [r_q &gt; v] ({@link AuthRequest.MaskBits}),
 * <pre>
 *   c = open(x + r)                       (uniform: says nothing; kept for the MAC check)
 *   x = c_lo - r_lo  (mod 2^64), so msb(x) = c_63 xor r_63 xor [c_lo mod 2^63 &lt; r_lo mod 2^63]
 * </pre>
 * The borrow [c' &lt; r'] of the public c' against the shared r' is a prefix circuit over the 16 chunks: per chunk,
 * g_q = [c_q &lt; r_q] = u_q[c_q] and e_q = [c_q = r_q] = u_q[c_q - 1] - u_q[c_q] (u_q[-1] = 1, u_q[2^w - 1] = 0) are
 * entries of the code the public c_q selects, so they cost nothing; neighbours combine as (g_hi + e_hi g_lo, e_hi e_lo),
 * all pairs of a level in one Beaver batch (4 levels; the lowest group's e is never used, so it is never computed: no
 * product is dead weight), and one more product for the XOR. Every product is an authenticated Beaver product, so a
 * party that deviates anywhere (its share of c, of a product, of the result) leaves a MAC that fails the next check of
 * anything computed from the result. Cost: 6 rounds; 2 words per element for c and 4 per product, 27 products: 110
 * words per element to each peer ({@link #WORDS_PER_ELEMENT}; bit by bit, 63 leaves, it was 8 rounds and 478 words),
 * against 233 authenticated entries of mask per element from the dealer (64 bit by bit).
 */
public final class AuthCompare {
    /** Rounds of one comparison: the opening, the prefix circuit's 4 levels, the XOR. */
    public static final int ROUNDS = 6;
    /** Words one party sends each peer per element compared. */
    public static final int WORDS_PER_ELEMENT = 110;

    private static final int CHUNKS = AuthRequest.MaskBits.CHUNKS;
    private static final int PER = AuthRequest.MaskBits.ENTRIES;

    private AuthCompare() {
    }

    /** [x &lt; 0] (the sign of x's low 64 bits) per element, authenticated, value 0 or 1. */
    public static AuthShare ltz(AuthParty party, AuthShare x) {
        int n = x.size();
        AuthMaterial.Bits m = party.take(new AuthRequest.MaskBits(n), AuthMaterial.Bits.class);
        long[] c = AuthOpen.open(party, x.add(m.r()));
        AuthShare codes = m.codes();
        int zero = -1; // the entries past a code's ends: 0
        // leaves, element-major: position i * CHUNKS + q holds chunk q of element i (the lowest first)
        int[] gAt = new int[n * CHUNKS]; // u_q[c_q]
        int[] below = new int[n * CHUNKS]; // u_q[c_q - 1]
        long[] one = new long[n * CHUNKS]; // 1 where c_q = 0: u_q[-1]
        for (int i = 0; i < n; i++) {
            long ci = c[2 * i];
            for (int q = 0, at = 0; q < CHUNKS; q++) {
                int w = AuthRequest.MaskBits.chunkBits(q);
                int cq = (int) ((ci >>> at) & ((1L << w) - 1));
                at += w;
                int leaf = i * CHUNKS + q;
                gAt[leaf] = cq == (1 << w) - 1 ? zero : i * PER + AuthRequest.MaskBits.entry(q, cq);
                below[leaf] = cq == 0 ? zero : i * PER + AuthRequest.MaskBits.entry(q, cq - 1);
                one[leaf] = cq == 0 ? 1 : 0;
            }
        }
        AuthShare g = gather(codes, gAt);
        AuthShare e = gather(codes, below).sub(g).addPublic(Z128.fromSigned(one), party.self(), party.key());
        AuthShare borrow = borrow(party, g, e, n, CHUNKS);
        // t = r_63 xor borrow = r_63 + borrow - 2 r_63 borrow; the sign is t, or 1 - t where c_63 = 1
        int[] top = new int[n];
        long[] flip = new long[n];
        long[] c63 = new long[n];
        for (int i = 0; i < n; i++) {
            top[i] = i * PER + AuthRequest.MaskBits.TOP;
            c63[i] = c[2 * i] >>> 63;
            flip[i] = 1 - 2 * c63[i];
        }
        AuthShare r63 = codes.gather(top);
        AuthShare t = r63.add(borrow).sub(AuthBeaver.multiply(party, r63, borrow).scale(2));
        AuthShare out = t.times(flip).addPublic(Z128.fromSigned(c63), party.self(), party.key());
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, out.value()), out.mac());
    }

    /** Element i of the result is element idx[i] of {@code x}, or 0 where idx[i] is -1 (no copy of the codes). */
    private static AuthShare gather(AuthShare x, int[] idx) {
        long[] xv = x.value();
        long[] xm = x.mac();
        long[] v = new long[2 * idx.length];
        long[] m = new long[2 * idx.length];
        for (int i = 0; i < idx.length; i++) {
            int j = idx[i];
            if (j >= 0) {
                v[2 * i] = xv[2 * j];
                v[2 * i + 1] = xv[2 * j + 1];
                m[2 * i] = xm[2 * j];
                m[2 * i + 1] = xm[2 * j + 1];
            }
        }
        return new AuthShare(v, m);
    }

    /**
     * The borrow [c' &lt; r'] of every element from its {@code width} leaves (g_j, e_j) (element-major, most significant
     * last): neighbours combine as (g_hi + e_hi g_lo, e_hi e_lo), a level's products in one batch; the lowest group's e
     * is never used, so it is never computed (a zero stands in its place).
     */
    private static AuthShare borrow(AuthParty party, AuthShare g, AuthShare e, int n, int leaves) {
        int width = leaves;
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
