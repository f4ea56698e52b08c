package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * The sign of authenticated values, exact for every 64-bit ring value: [x &lt; 0] as an authenticated 0 or 1. With the
 * dealer's mask r (uniform in Z_2^128), the authenticated thermometer code u_q[v] = [r_q &gt; v] of each 4-bit chunk
 * r_q of bits 0..59 of its low word, and the authenticated one-hot vector h[v] = [r_lo &gt;&gt;&gt; 60 = v] of its top
 * 4 bits ({@link AuthRequest.MaskBits}),
 * <pre>
 *   c = open(x + r)                       (uniform: says nothing; kept for the MAC check)
 *   x = c_lo - r_lo  (mod 2^64), so msb(x) = c_63 xor t,  t = r_63 xor [c_lo mod 2^63 &lt; r_lo mod 2^63]
 * </pre>
 * t is a prefix circuit over 16 leaves: per chunk q &lt; 15, g_q = [c_q &lt; r_q] = u_q[c_q] and
 * e_q = [c_q = r_q] = u_q[c_q - 1] - u_q[c_q] (u_q[-1] = 1, u_q[15] = 0), entries the public c_q selects; neighbours
 * combine as (g_hi + e_hi g_lo, e_hi e_lo), which computes g_15 + e_15 (g_14 + e_14 (... g_0)) whatever the leaves'
 * values. The top leaf folds in the XOR with r_63: with rho = bits 60..62 of r, b = r_63 and gamma the public bits
 * 60..62 of c, t = b xor (g + e T') for the lower chunks' borrow T', which is L1 + L2 T' with
 * L1 = (rho = gamma) ? b : b xor [gamma &lt; rho] and L2 = (rho = gamma) ? 1 - 2 b : 0: functions of r's top 4 bits,
 * so sums of entries of h (no product). 4 levels of authenticated products, all pairs of a level in one Beaver
 * batch (the lowest group's e is never used, so it is never computed: no product is dead weight). Every product is
 * an authenticated Beaver product, so a party that deviates anywhere (its share of c, of a product, of the result)
 * leaves a MAC that fails the next check of anything computed from the result. Cost: 5 rounds; 2 words per element
 * for c and 2 per opened factor, 26 products of which 22 in 11 pairs with a common left factor (opened once,
 * {@link AuthBeaver#multiplyShared}): 84 words per element to each peer ({@link #WORDS_PER_ELEMENT}; 106 with every
 * product on its own triple; bit by bit,
 * 63 leaves and a product for the XOR, it was 8 rounds and 478 words), against {@link AuthRequest.MaskBits#ENTRIES}
 * = 241 authenticated entries of mask per element from the dealer (64 bit by bit).
 */
public final class AuthCompare {
    /** Rounds of one comparison: the opening, the prefix circuit's 4 levels. */
    public static final int ROUNDS = 5;
    /** Words one party sends each peer per element compared. */
    public static final int WORDS_PER_ELEMENT = 84;

    private static final int CHUNKS = AuthRequest.MaskBits.CHUNKS;
    private static final int PER = AuthRequest.MaskBits.ENTRIES;

    private AuthCompare() {
    }

    /** [x &lt; 0] (the sign of x's low 64 bits) per element, authenticated, value 0 or 1. */
    public static AuthShare ltz(AuthParty party, AuthShare x) {
        int n = x.size();
        AuthMaterial.Bits m = party.take(new AuthRequest.MaskBits(n), AuthMaterial.Bits.class);
        long[] c = AuthOpen.open(party, x.add(m.r()));
        if (party.dry()) { // demand discovery: the same products of zeros, no leaves (its codes are not even made)
            borrow(party, null, null, n, CHUNKS); // a dry run's levels read no leaves
            return zeros(n);
        }
        AuthShare codes = m.codes();
        int zero = -1; // the entries past a code's ends: 0
        int low = CHUNKS - 1; // the chunks of bits 0..59; the top leaf comes from the one-hot vector
        // leaves, element-major: position i * low + q holds chunk q of element i (the lowest first)
        int[] gAt = new int[n * low]; // u_q[c_q]
        int[] below = new int[n * low]; // u_q[c_q - 1]
        long[] one = new long[n * low]; // 1 where c_q = 0: u_q[-1]
        for (int i = 0; i < n; i++) {
            long ci = c[2 * i];
            for (int q = 0; q < low; q++) {
                int leaf = i * low + q;
                int cq = (int) ((ci >>> (AuthRequest.MaskBits.CHUNK * q)) & 15);
                gAt[leaf] = cq == 15 ? zero : i * PER + AuthRequest.MaskBits.entry(q, cq);
                below[leaf] = cq == 0 ? zero : i * PER + AuthRequest.MaskBits.entry(q, cq - 1);
                one[leaf] = cq == 0 ? 1 : 0;
            }
        }
        AuthShare g = gather(codes, gAt);
        AuthShare e = gather(codes, below).sub(g).addPublic(Z128.fromSigned(one), party.self(), party.key());
        AuthShare[] top = topLeaf(codes, c, n);
        AuthShare t = borrow(party, interleave(g, top[0], n, low), interleave(e, top[1], n, low), n, CHUNKS);
        // the sign: c_63 xor t = t, or 1 - t where c_63 = 1
        long[] flip = new long[n];
        long[] c63 = new long[n];
        for (int i = 0; i < n; i++) {
            c63[i] = c[2 * i] >>> 63;
            flip[i] = 1 - 2 * c63[i];
        }
        AuthShare out = t.times(flip).addPublic(Z128.fromSigned(c63), party.self(), party.key());
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, out.value()), out.mac());
    }

    /**
     * The top leaf {L1, L2} of every element (see the class comment), sums of entries of the one-hot vector h indexed
     * by v = rho + 8 b: L1 takes, for each rho, h[rho + 8] where rho &lt;= gamma (b = 1: L1 = b, or b where
     * gamma &gt; rho) and h[rho] where rho &gt; gamma (b = 0: b xor 1); L2 = h[gamma] - h[gamma + 8].
     */
    private static AuthShare[] topLeaf(AuthShare codes, long[] c, int n) {
        int[][] l1 = new int[8][n];
        int[] plus = new int[n];
        int[] minus = new int[n];
        for (int i = 0; i < n; i++) {
            int gamma = (int) ((c[2 * i] >>> 60) & 7);
            int h = i * PER + AuthRequest.MaskBits.top(0);
            for (int rho = 0; rho < 8; rho++) {
                l1[rho][i] = h + rho + (rho <= gamma ? 8 : 0);
            }
            plus[i] = h + gamma;
            minus[i] = h + gamma + 8;
        }
        AuthShare sum = codes.gather(l1[0]);
        for (int rho = 1; rho < 8; rho++) {
            sum = sum.add(codes.gather(l1[rho]));
        }
        return new AuthShare[] {sum, codes.gather(plus).sub(codes.gather(minus))};
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
            if (party.dry()) { // demand discovery: the level's product of zeros (the same triple), nothing gathered
                if (last) {
                    AuthBeaver.multiply(party, zeros(n * pairs), zeros(n * pairs));
                } else {
                    AuthBeaver.multiplyShared(party, zeros(n * pairs), zeros(n * (pairs + upper)));
                }
                g = zeros(n * next);
                e = last ? null : zeros(n * next);
                width = next;
                continue;
            }
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
            // e_hi g_lo for every pair and e_hi e_lo for the upper ones share e_hi: the upper pairs' first (their
            // e_hi opened once for both products), then the lowest pair's of each element
            int[] hi0 = new int[last ? 0 : n];
            int[] lo0 = new int[hi0.length];
            int[] gAt = new int[last ? 0 : n * pairs]; // (element, pair) -> its g product in that order
            for (int i = 0; i < hi0.length; i++) {
                hi0[i] = i * width + 1;
                lo0[i] = i * width;
                for (int p = 0; p < pairs; p++) {
                    gAt[i * pairs + p] = p > 0 ? i * upper + p - 1 : n * upper + i;
                }
            }
            AuthShare prod = last ? AuthBeaver.multiply(party, e.gather(hi), g.gather(lo))
                    : AuthBeaver.multiplyShared(party, e.gather(hiE).concat(e.gather(hi0)),
                            g.gather(loE).concat(g.gather(lo0)).concat(e.gather(loE)));
            AuthShare gNew = g.gather(hi).add(last ? prod : prod.slice(0, n * pairs).gather(gAt));
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

    private static AuthShare zeros(int n) {
        return new AuthShare(new long[2 * n], new long[2 * n]);
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
