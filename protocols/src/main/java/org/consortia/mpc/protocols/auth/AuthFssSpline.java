package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Spline;
import org.consortia.mpc.protocols.auth.AuthFssCompare.Arith;
import org.consortia.mpc.protocols.auth.AuthFssCompare.Signs;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthShare;

/**
 * A public spline of authenticated values between two parties in four online rounds: the semi-honest spline gate of
 * {@code fss.FssSpline} (the clamp, then the pieces) with its comparisons as in {@link AuthFssCompare}, the key's bit
 * under a binary MAC and opened masked by a random bit, so every product of a comparison bit and the mask's powers is
 * a linear step on the dealer's authenticated material. For the comparisons of v = y - a against public points a
 * (y = x in the clamp, u in the pieces), with the mask r (authenticated, with its powers r^i), m = bit B of r, per
 * point a random bit s_a (authenticated, with s_a r^i) and XOR shares of m xor s_a under a binary MAC:
 * <pre>
 *   c = open(y + r)                                              the round's masked opening, checked like every other
 *   lt_a = [(c - a) mod 2^B &gt;&gt; g &lt; (r mod 2^B) &gt;&gt; g]           the key (payload (1, delta)) at each point
 *   e_a = open(lt_a xor m xor s_a)                                bits under binary MACs (AuthFssCompare.openBits)
 *   b_a = [v &lt; 0] = bit B of (c - a) xor m xor lt_a = f xor s_a,  f = bit B of (c - a) xor e_a public
 *   b_a r^i = f ? r^i - s_a r^i : s_a r^i                         authenticated, linear (r^0 = 1, s_a r^0 = s_a)
 * </pre>
 * The clamp (B = 63, points lo and hi): u = b_hi x - b_lo x + lo b_lo - hi b_hi + hi, b x = c b - b r. The pieces
 * (B = the spline's bits, g its slack, a point per break, a fresh mask r): u = z - r with z opened, so piece k is
 * sum_i A_ki(z) r^i with public A_ki, and P(u) = sum_i A_Ki r^i + sum_k sum_i (A_ki - A_(k+1)i) b_k r^i. The same
 * integers as {@link Spline#valueAt} modulo 2^64 (up to the slack), at the spline's scale (the caller truncates).
 *
 * <p>Costs per element: 4 rounds; 4 words and 2 + K bits to the peer (K breaks); from the dealer, a 63-bit key and a
 * key of the spline's bits less its slack (256 and 4 (L - g) + 4 words, 2 words of payload a level), and party 0 gets
 * 3 correction words for each authenticated value: the masks' powers, a bit per point and its products by the powers.
 */
public final class AuthFssSpline {
    private AuthFssSpline() {
    }

    /** A spline of {@code n} elements: two masked openings of 2 words an element, each followed by its bits. */
    public static Cost cost(long n, Spline s) {
        return new Cost(4, 4 * n + AuthFssCompare.bitWords(2 * n) + AuthFssCompare.bitWords(n * s.breaks().length));
    }

    /** P_k(clamp(x)) at the spline's scale, authenticated. */
    public static AuthShare evaluate(AuthParty party, AuthShare x, Spline s) {
        if (party.parties() != 2) {
            throw new MpcArgumentException("FSS splines run between 2 parties, not " + party.parties());
        }
        if (x.size() == 0) {
            return new AuthShare(new long[0], new long[0]);
        }
        AuthShare u = clamp(party, x, s.lo(), s.hi());
        AuthShare out = pieces(party, u, s);
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, out.value()), out.mac());
    }

    /** u = clamp(x, lo, hi). */
    private static AuthShare clamp(AuthParty party, AuthShare x, long lo, long hi) {
        Signs signs = AuthFssCompare.signs(party, x, new long[] {lo, hi}, 1, 63, 0);
        Arith a = new Arith(party);
        int n = x.size();
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        for (int el = 0; el < n; el++) {
            long[] c = {signs.open()[2 * el], signs.open()[2 * el + 1]};
            long[] b0 = signs.bitTimesPower(a, 0, el, 0);
            long[] b1 = signs.bitTimesPower(a, 1, el, 0);
            long[] b0x = Arith.sub(Arith.times(b0, c[0], c[1]), signs.bitTimesPower(a, 0, el, 1)); // b x = c b - b r
            long[] b1x = Arith.sub(Arith.times(b1, c[0], c[1]), signs.bitTimesPower(a, 1, el, 1));
            long[] u = Arith.sub(b1x, b0x);
            u = Arith.add(u, Arith.times(b0, lo, lo < 0 ? -1 : 0));
            u = Arith.sub(u, Arith.times(b1, hi, hi < 0 ? -1 : 0));
            u = Arith.add(u, a.constant(hi));
            Arith.put(value, mac, el, u);
        }
        return new AuthShare(value, mac);
    }

    /** The pieces on clamped shares u. */
    private static AuthShare pieces(AuthParty party, AuthShare u, Spline s) {
        int d = s.degree();
        long[] breaks = s.breaks();
        int k = breaks.length;
        Signs signs = AuthFssCompare.signs(party, u, breaks, d, s.bits(), s.slack());
        Arith a = new Arith(party);
        int n = u.size();
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        long[][] coef = new long[s.pieces()][d + 1];
        long[][] pow = new long[d + 1][];
        for (int el = 0; el < n; el++) {
            long z = signs.open()[2 * el];
            for (int p = 0; p < s.pieces(); p++) {
                s.inPowersOfMask(p, z, coef[p]);
            }
            for (int i = 0; i <= d; i++) {
                pow[i] = signs.power(a, el, i);
            }
            long[] v = new long[4];
            for (int i = 0; i <= d; i++) {
                v = Arith.add(v, Arith.times(pow[i], coef[k][i], 0));
            }
            for (int q = 0; q < k; q++) {
                for (int i = 0; i <= d; i++) {
                    long diff = coef[q][i] - coef[q + 1][i];
                    if (diff != 0) {
                        v = Arith.add(v, Arith.times(signs.bitTimesPower(a, q, el, i), diff, 0));
                    }
                }
            }
            Arith.put(value, mac, el, v);
        }
        return new AuthShare(value, mac);
    }
}
