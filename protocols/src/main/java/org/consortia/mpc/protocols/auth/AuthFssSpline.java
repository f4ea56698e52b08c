package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Spline;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * A public spline of authenticated values between two parties in four online rounds: the semi-honest spline gate of
 * {@code fss.FssSpline} (the clamp, then the pieces) with its comparisons as in {@link AuthFssSign}, the key's bit
 * under a binary MAC and opened masked by a random bit, so every product of a comparison bit and the mask's powers is
 * a linear step on the dealer's authenticated material. For the comparisons of v = y - a against public points a
 * (y = x in the clamp, u in the pieces), with the mask r (authenticated, with its powers r^i), m = bit B of r, per
 * point a random bit s_a (authenticated, with s_a r^i) and XOR shares of m xor s_a under a binary MAC:
 * <pre>
 *   c = open(y + r)                                              the round's masked opening, checked like every other
 *   lt_a = [(c - a) mod 2^B &gt;&gt; g &lt; (r mod 2^B) &gt;&gt; g]           the key (payload (1, delta)) at each point, local
 *   e_a = open(lt_a xor m xor s_a)                                bits under binary MACs (AuthFssSign.openBits)
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
    /** Elements per key item. */
    static final int KEY_CHUNK = AuthFssSign.KEY_CHUNK;

    private AuthFssSpline() {
    }

    /** A spline of {@code n} elements: two masked openings of 2 words an element, each followed by its bits. */
    public static Cost cost(long n, Spline s) {
        return new Cost(4, 4 * n + AuthFssSign.bitWords(2 * n) + AuthFssSign.bitWords(n * s.breaks().length));
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
        Signs signs = signs(party, x, new long[] {lo, hi}, 1, 63, 0);
        Arith a = new Arith(party);
        int n = x.size();
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        for (int el = 0; el < n; el++) {
            long[] c = {signs.open[2 * el], signs.open[2 * el + 1]};
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
        Signs signs = signs(party, u, breaks, d, s.bits(), s.slack());
        Arith a = new Arith(party);
        int n = u.size();
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        long[][] coef = new long[s.pieces()][d + 1];
        long[][] pow = new long[d + 1][];
        for (int el = 0; el < n; el++) {
            long z = signs.open[2 * el];
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

    /**
     * The comparisons of y against public points: the masks (chunk by chunk), the opened c = y + r (interleaved
     * Z_2^128) and the opened bits e (bit el P + q for element el and point q), and for each the public flip f.
     */
    record Signs(AuthMaterial.SplineMask[] masks, long[] open, long[] e, long[] at, int bits) {
        private AuthMaterial.SplineMask mask(int el) {
            return masks[el / KEY_CHUNK];
        }

        /** Element el's r^i, authenticated (r^0 = 1). */
        long[] power(Arith a, int el, int i) {
            AuthMaterial.SplineMask m = mask(el);
            int j = el % KEY_CHUNK;
            int size = m.request().size();
            return switch (i) {
                case 0 -> a.constant(1);
                case 1 -> Arith.get(m.r(), j);
                default -> Arith.get(m.powers(), (i - 2) * size + j);
            };
        }

        /** b_q r^i for element el: f ? r^i - s_q r^i : s_q r^i, f = bit B of (c - at[q]) xor e. */
        long[] bitTimesPower(Arith a, int q, int el, int i) {
            AuthMaterial.SplineMask m = mask(el);
            int j = el % KEY_CHUNK;
            int size = m.request().size();
            int points = at.length;
            long[] sr = i == 0 ? Arith.get(m.bits(), q * size + j)
                    : Arith.get(m.bitPowers(), (q * m.request().degree() + i - 1) * size + j);
            int bit = el * points + q;
            long f = (((open[2 * el] - at[q]) >>> bits) & 1) ^ ((e[bit >>> 6] >>> bit) & 1);
            return f == 1 ? Arith.sub(power(a, el, i), sr) : sr;
        }
    }

    /**
     * The comparisons of y against the public points {@code at}: masks of {@code degree} powers, keys over bits
     * {@code skip} to {@code bits - 1}, the opening of y + r and of the masked bits.
     */
    static Signs signs(AuthParty party, AuthShare y, long[] at, int degree, int bits, int skip) {
        int n = y.size();
        int points = at.length;
        int chunks = (n + KEY_CHUNK - 1) / KEY_CHUNK;
        AuthMaterial.SplineMask[] masks = new AuthMaterial.SplineMask[chunks];
        long[] rValue = new long[2 * n];
        long[] rMac = new long[2 * n];
        for (int c = 0; c < chunks; c++) {
            int size = Math.min(n, (c + 1) * KEY_CHUNK) - c * KEY_CHUNK;
            masks[c] = party.take(new AuthRequest.SplineMask(size, points, degree, bits, skip),
                    AuthMaterial.SplineMask.class);
            System.arraycopy(masks[c].r().value(), 0, rValue, 2 * c * KEY_CHUNK, 2 * size);
            System.arraycopy(masks[c].r().mac(), 0, rMac, 2 * c * KEY_CHUNK, 2 * size);
        }
        long[] open = AuthOpen.open(party, y.add(new AuthShare(rValue, rMac)));
        int count = n * points;
        long[] mine = new long[AuthFssSign.bitWords(count)];
        long[] tags = new long[count];
        int width = AuthRequest.SplineKey.WIDTH;
        long low = (1L << bits) - 1;
        for (int c = 0; c < chunks; c++) {
            AuthMaterial.SplineMask m = masks[c];
            AuthMaterial.SplineKey key = party.take(new AuthRequest.SplineKey(m.request(), chunks),
                    AuthMaterial.SplineKey.class);
            if (party.dry()) {
                continue; // demand discovery: the keys are taken, nothing is evaluated
            }
            int from = c * KEY_CHUNK;
            int size = m.request().size();
            long[] xs = new long[points * size];
            for (int j = 0; j < size; j++) {
                for (int q = 0; q < points; q++) {
                    xs[points * j + q] = ((open[2 * (from + j)] - at[q]) & low) >>> skip;
                }
            }
            long[] out = new long[width * points * size];
            Dcf.evalPoints(party.self(), bits - skip, width, Dcf.Group.XOR, key.roots(), key.shared(), xs, points, out);
            long[] masked = m.masked();
            for (int j = 0; j < size; j++) {
                for (int q = 0; q < points; q++) {
                    int bit = (from + j) * points + q;
                    int w = width * (points * j + q);
                    int mq = 2 * (q * size + j);
                    mine[bit >>> 6] |= ((out[w] ^ masked[mq]) & 1) << bit;
                    tags[bit] = out[w + 1] ^ masked[mq + 1];
                }
            }
        }
        long[] e = party.dry() ? new long[mine.length] : AuthFssSign.openBits(party, mine, tags, count);
        return new Signs(masks, open, e, at, bits);
    }

    /**
     * Authenticated Z_2^128 elements as {value lo, value hi, MAC lo, MAC hi}: sums, products by public constants (value
     * and MAC alike), and public constants (party 0's value, every party's MAC key share times it).
     */
    static final class Arith {
        private final boolean first;
        private final long k0;
        private final long k1;

        Arith(AuthParty party) {
            first = party.self() == 0;
            k0 = party.key().lo();
            k1 = party.key().hi();
        }

        /** The public value v (sign-extended), authenticated. */
        long[] constant(long v) {
            long[] mac = mul(v, v < 0 ? -1 : 0, k0, k1);
            return new long[] {first ? v : 0, first && v < 0 ? -1 : 0, mac[0], mac[1]};
        }

        static long[] get(AuthShare s, int j) {
            return new long[] {s.value()[2 * j], s.value()[2 * j + 1], s.mac()[2 * j], s.mac()[2 * j + 1]};
        }

        static void put(long[] value, long[] mac, int j, long[] t) {
            value[2 * j] = t[0];
            value[2 * j + 1] = t[1];
            mac[2 * j] = t[2];
            mac[2 * j + 1] = t[3];
        }

        static long[] add(long[] a, long[] b) {
            long v0 = a[0] + b[0];
            long m0 = a[2] + b[2];
            return new long[] {v0, a[1] + b[1] + carry(v0, a[0]), m0, a[3] + b[3] + carry(m0, a[2])};
        }

        static long[] sub(long[] a, long[] b) {
            return new long[] {a[0] - b[0], a[1] - b[1] - borrow(a[0], b[0]), a[2] - b[2], a[3] - b[3] - borrow(a[2], b[2])};
        }

        /** a times the public Z_2^128 constant (lo, hi). */
        static long[] times(long[] a, long lo, long hi) {
            long[] v = mul(a[0], a[1], lo, hi);
            long[] m = mul(a[2], a[3], lo, hi);
            return new long[] {v[0], v[1], m[0], m[1]};
        }

        private static long[] mul(long a0, long a1, long b0, long b1) {
            return new long[] {a0 * b0, Math.unsignedMultiplyHigh(a0, b0) + a0 * b1 + a1 * b0};
        }

        private static long carry(long sum, long addend) {
            return Long.compareUnsigned(sum, addend) < 0 ? 1 : 0;
        }

        private static long borrow(long a, long b) {
            return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
        }
    }
}
