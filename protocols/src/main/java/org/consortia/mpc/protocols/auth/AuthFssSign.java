package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * The sign and ReLU of authenticated values between two parties in one online round, by function secret sharing with
 * authenticated payloads: the semi-honest gate of {@code fss.FssSign} where the honest dealer's keys output a value
 * and its MAC. With the dealer's mask r (uniform in Z_2^128, authenticated, with m = r_63 and, for a ReLU, m r) and
 * keys of a comparison function over the low 63 bits with alpha = r mod 2^63 and payload (1 - 2 m) (1, alpha_mac)
 * (and (1 - 2 m) r (1, alpha_mac) for a ReLU):
 * <pre>
 *   c = open(x + r)                            uniform; checked with every other opening before any result
 *   d = m + (1 - 2 m) [c mod 2^63 &lt; r mod 2^63]   authenticated: m's shares plus the key's evaluation at c
 *   [x &lt; 0] = c_63 + (1 - 2 c_63) d
 *   relu(x) = c_63 ? d x : x - d x,   d x = c d - (m r + (1 - 2 m) r lt)   (x = c - r in Z_2^128)
 * </pre>
 * A party's only message is its share of c, which the MAC check covers; its evaluation is local, so a deviation
 * there is an additive error on its value or MAC shares of the result, which fails the MAC check of anything opened
 * from the result (the key's MAC output is alpha times the value: a cheater would have to guess alpha). Exact for
 * every 64-bit ring value.
 *
 * <p>Costs per element: 1 round, 2 words (Z_2^128) to the peer; from the dealer, {@link Dcf#keyWords}(63, 4) = 384
 * words of key to each party for a sign, (63, 8) = 640 for a ReLU, and 5 (8) correction words to party 0; 189 (315)
 * AES blocks of evaluation per party. Masks for the whole batch, one opening, then keys {@link #KEY_CHUNK} elements
 * at a time.
 */
public final class AuthFssSign {
    /** Elements per key item: 2^10 elements of at most 640 words, 5 MiB. */
    public static final int KEY_CHUNK = 1 << 10;

    private static final long LOW63 = Long.MAX_VALUE;

    private AuthFssSign() {
    }

    /** A sign or ReLU of {@code n} elements: one opening of 2 words per element. */
    public static Cost cost(long n) {
        return new Cost(1, 2 * n);
    }

    /** [x &lt; 0] per element, authenticated, value 0 or 1. */
    public static AuthShare ltz(AuthParty party, AuthShare x) {
        return run(party, x, false);
    }

    /** max(x, 0) per element (x's low 64 bits as a signed value), authenticated. */
    public static AuthShare relu(AuthParty party, AuthShare x) {
        return run(party, x, true);
    }

    private static AuthShare run(AuthParty party, AuthShare x, boolean relu) {
        if (party.parties() != 2) {
            throw new MpcArgumentException("FSS comparisons run between 2 parties, not " + party.parties());
        }
        int n = x.size();
        if (n == 0) {
            return new AuthShare(new long[0], new long[0]);
        }
        int chunks = (n + KEY_CHUNK - 1) / KEY_CHUNK;
        AuthMaterial.SignMask[] masks = new AuthMaterial.SignMask[chunks];
        long[] rValue = new long[2 * n];
        long[] rMac = new long[2 * n];
        for (int c = 0; c < chunks; c++) {
            int size = Math.min(n, (c + 1) * KEY_CHUNK) - c * KEY_CHUNK;
            masks[c] = party.take(new AuthRequest.SignMask(size, relu), AuthMaterial.SignMask.class);
            System.arraycopy(masks[c].r().value(), 0, rValue, 2 * c * KEY_CHUNK, 2 * size);
            System.arraycopy(masks[c].r().mac(), 0, rMac, 2 * c * KEY_CHUNK, 2 * size);
        }
        long[] open = AuthOpen.open(party, x.add(new AuthShare(rValue, rMac)));
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        int width = relu ? 8 : 4;
        int self = party.self();
        for (int c = 0; c < chunks; c++) {
            AuthMaterial.SignMask m = masks[c];
            AuthMaterial.SignKey key = party.take(new AuthRequest.SignKey(m.request(), chunks),
                    AuthMaterial.SignKey.class);
            if (party.dry()) {
                continue; // demand discovery: the keys are taken, nothing is evaluated
            }
            int from = c * KEY_CHUNK;
            int size = m.request().size();
            long[] low = new long[size];
            for (int j = 0; j < size; j++) {
                low[j] = open[2 * (from + j)] & LOW63;
            }
            long[] y = new long[width * size];
            Dcf.evalPoints(self, AuthRequest.SignKey.BITS, width, true, key.roots(), key.shared(), low, 1, y);
            for (int j = 0; j < size; j++) {
                int e = from + j;
                long cLo = open[2 * e];
                long cHi = open[2 * e + 1];
                long c63 = cLo >>> 63;
                // d = m + (1 - 2m) lt: its value and MAC shares
                long dv0 = m.msb().value()[2 * j] + y[width * j];
                long dv1 = m.msb().value()[2 * j + 1] + y[width * j + 1] + carry(dv0, y[width * j]);
                long dm0 = m.msb().mac()[2 * j] + y[width * j + 2];
                long dm1 = m.msb().mac()[2 * j + 1] + y[width * j + 3] + carry(dm0, y[width * j + 2]);
                if (!relu) { // the sign: d where c_63 = 0, else 1 - d
                    if (c63 == 0) {
                        set(value, e, dv0, dv1);
                        set(mac, e, dm0, dm1);
                    } else { // 1 - d: party 0 adds the 1 to its value, every party its key share to its MAC
                        long one = self == 0 ? 1 : 0;
                        set(value, e, one - dv0, -dv1 - borrow(one, dv0));
                        long k0 = party.key().lo();
                        set(mac, e, k0 - dm0, party.key().hi() - dm1 - borrow(k0, dm0));
                    }
                    continue;
                }
                // d x = c d - (m r + (1 - 2 m) r lt), on values and MACs alike
                long[] dxV = cTimesMinus(cLo, cHi, dv0, dv1, m.msbR().value(), j, y, width * j + 4);
                long[] dxM = cTimesMinus(cLo, cHi, dm0, dm1, m.msbR().mac(), j, y, width * j + 6);
                if (c63 == 1) {
                    set(value, e, dxV[0], dxV[1]);
                    set(mac, e, dxM[0], dxM[1]);
                } else {
                    long xv0 = x.value()[2 * e];
                    long xm0 = x.mac()[2 * e];
                    set(value, e, xv0 - dxV[0], x.value()[2 * e + 1] - dxV[1] - borrow(xv0, dxV[0]));
                    set(mac, e, xm0 - dxM[0], x.mac()[2 * e + 1] - dxM[1] - borrow(xm0, dxM[0]));
                }
            }
        }
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, value), mac);
    }

    /** c d - (t_j + y[at]) in Z_2^128: t is m r's share (value or MAC), y[at] the key's (1 - 2m) r lt share. */
    private static long[] cTimesMinus(long cLo, long cHi, long d0, long d1, long[] t, int j, long[] y, int at) {
        long p0 = cLo * d0;
        long p1 = Math.unsignedMultiplyHigh(cLo, d0) + cLo * d1 + cHi * d0;
        long s0 = t[2 * j] + y[at];
        long s1 = t[2 * j + 1] + y[at + 1] + carry(s0, y[at]);
        return new long[] {p0 - s0, p1 - s1 - borrow(p0, s0)};
    }

    private static void set(long[] v, int e, long lo, long hi) {
        v[2 * e] = lo;
        v[2 * e + 1] = hi;
    }

    private static long carry(long sum, long addend) {
        return Long.compareUnsigned(sum, addend) < 0 ? 1 : 0;
    }

    private static long borrow(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }
}
