package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * The sign and ReLU of authenticated values between two parties in two online rounds, by function secret sharing with
 * binary MACs on the comparison bit: keys as small as the semi-honest ones (a bit and its 64-bit MAC under XOR, not a
 * Z_2^128 value and MAC per payload element). With the dealer's mask r (uniform in Z_2^128, authenticated, m = r_63),
 * a random bit s (authenticated), XOR shares of m xor s with its binary MAC (m xor s) delta, for a ReLU r s
 * (authenticated), and keys of a comparison function over the low 63 bits with alpha = r mod 2^63 and payload (1, delta):
 * <pre>
 *   c = open(x + r)                  uniform; checked with every other opening before any result
 *   lt = [c mod 2^63 &lt; r mod 2^63]    XOR shares and binary MAC shares: the keys' evaluation at c
 *   e = open(lt xor m xor s)         a uniform bit; its binary MAC checked with the next MAC check (MacCheck)
 *   d = m xor lt = e + (1 - 2 e) s   authenticated, by linear steps on s
 *   [x &lt; 0] = c_63 + (1 - 2 c_63) d
 *   relu(x) = c_63 ? d x : x - d x,   d x = c d - r d,  r d = e r + (1 - 2 e) r s   (x = c - r in Z_2^128)
 * </pre>
 * A party's messages are its share of c, which the MAC check covers, and its share of e, which the binary check
 * covers: a forged bit of e changes the opened e, so the parties' check values (their shares of the MAC of e xor e
 * times their shares of delta) differ by delta, which the forger does not know (it passes with probability 2^-64).
 * Every other step is local, so a deviation there is an additive error on its value or MAC shares, which fails the MAC
 * check of anything opened from the result. Exact for every 64-bit ring value.
 *
 * <p>Costs per element: 2 rounds, 2 words (Z_2^128) and 1 bit to the peer; from the dealer, {@link Dcf#keyWords}(63, 2)
 * = 256 words of key to each party for a sign or a ReLU, and 7 (10) correction words to party 0; 126 AES blocks of
 * evaluation per party. Masks for the whole batch, one opening, then keys {@link #KEY_CHUNK} elements at a time, then
 * one exchange of the bits.
 */
public final class AuthFssSign {
    /** Elements per key item: 2^10 elements of 256 words, 2 MiB. */
    public static final int KEY_CHUNK = 1 << 10;

    private static final long LOW63 = Long.MAX_VALUE;

    private AuthFssSign() {
    }

    /** A sign or ReLU of {@code n} elements: an opening of 2 words per element, then an exchange of 1 bit each. */
    public static Cost cost(long n) {
        return new Cost(2, 2 * n + bitWords(n));
    }

    /** Words of a message of {@code n} bits: whole pairs of words (2 bits' worth of 64 each). */
    static int bitWords(long n) {
        return (int) (2 * ((n + 127) / 128));
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
        long[] mine = new long[bitWords(n)]; // this party's shares of e, a bit an element
        long[] tags = new long[n]; // its shares of e's binary MAC
        int width = AuthRequest.SignKey.WIDTH;
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
            Dcf.evalPoints(party.self(), AuthRequest.SignKey.BITS, width, Dcf.Group.XOR, key.roots(), key.shared(), low,
                    1, y);
            long[] masked = m.masked();
            for (int j = 0; j < size; j++) {
                int e = from + j;
                mine[e >>> 6] |= ((y[width * j] ^ masked[2 * j]) & 1) << e;
                tags[e] = y[width * j + 1] ^ masked[2 * j + 1];
            }
        }
        if (party.dry()) {
            return new AuthShare(new long[2 * n], new long[2 * n]);
        }
        return result(party, x, masks, open, openBits(party, mine, tags, n), relu);
    }

    /**
     * Opens bits under binary MACs between the two parties: {@code mine} holds this party's XOR shares of {@code count}
     * bits (bit i of word i / 64), {@code tags} its shares of their MACs. Returns the opened bits; their check values
     * (a MAC share xor the bit times this party's share of delta, equal at both parties of an honest pair) go into the
     * party's running hash for the next MAC check. A peer's message with a bit set past the last one (an honest party
     * sends zeros there) makes this party's hash differ from every other's with a random word, so the check fails.
     */
    static long[] openBits(AuthParty party, long[] mine, long[] tags, int count) {
        int peer = 1 - party.self();
        PartyChannel ch = party.channel();
        long[] sent = party.tamper().apply(Tamper.Point.COMPARISON, peer, mine); // a cheater goes on from what it sent
        ch.send(peer, sent.clone());
        long[] theirs = ch.receive(peer, sent.length);
        long[] e = new long[sent.length];
        for (int w = 0; w < e.length; w++) {
            e[w] = sent[w] ^ theirs[w];
        }
        long delta = party.key().bits();
        long[] check = new long[count + 1];
        for (int j = 0; j < count; j++) {
            check[j] = tags[j] ^ (-((e[j >>> 6] >>> j) & 1) & delta);
        }
        if (paddingSet(theirs, count)) {
            check[count] = POISON.nextLong() | 1;
        }
        party.bitsOpened(check);
        return e;
    }

    private static final java.security.SecureRandom POISON = new java.security.SecureRandom();

    /** Whether a message of {@code count} bits has a bit set past the last one. */
    static boolean paddingSet(long[] bits, int count) {
        for (int i = count; i < 64 * bits.length; i = (i | 63) + 1) {
            long past = (i & 63) == 0 ? -1L : -1L << (i & 63);
            if ((bits[i >>> 6] & past) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The authenticated result from the opened c and e, by linear steps on the masks' shares. */
    private static AuthShare result(AuthParty party, AuthShare x, AuthMaterial.SignMask[] masks, long[] open, long[] e,
            boolean relu) {
        int n = x.size();
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        long one = party.self() == 0 ? 1 : 0; // a public 1: party 0's value share, every party's key share as MAC
        long k0 = party.key().lo();
        long k1 = party.key().hi();
        for (int c = 0; c < masks.length; c++) {
            AuthMaterial.SignMask m = masks[c];
            int from = c * KEY_CHUNK;
            int size = m.request().size();
            long[] sv = m.bit().value();
            long[] sm = m.bit().mac();
            for (int j = 0; j < size; j++) {
                int el = from + j;
                long eb = (e[el >>> 6] >>> el) & 1;
                long c63 = open[2 * el] >>> 63;
                // d = e ? 1 - s : s; the sign's result [x < 0] = c_63 ? 1 - d : d
                long dv0 = sv[2 * j];
                long dv1 = sv[2 * j + 1];
                long dm0 = sm[2 * j];
                long dm1 = sm[2 * j + 1];
                if (eb == 1) {
                    long v0 = one - dv0;
                    dv1 = -dv1 - borrow(one, dv0);
                    dv0 = v0;
                    long m0 = k0 - dm0;
                    dm1 = k1 - dm1 - borrow(k0, dm0);
                    dm0 = m0;
                }
                if (!relu) {
                    if (c63 == 0) {
                        set(value, el, dv0, dv1);
                        set(mac, el, dm0, dm1);
                    } else {
                        set(value, el, one - dv0, -dv1 - borrow(one, dv0));
                        set(mac, el, k0 - dm0, k1 - dm1 - borrow(k0, dm0));
                    }
                    continue;
                }
                // d x = c d - r d, r d = e ? r - r s : r s; relu = c_63 ? d x : x - d x, on values and MACs alike
                long cLo = open[2 * el];
                long cHi = open[2 * el + 1];
                long[] dxV = dx(cLo, cHi, dv0, dv1, m.r().value(), m.bitR().value(), j, eb);
                long[] dxM = dx(cLo, cHi, dm0, dm1, m.r().mac(), m.bitR().mac(), j, eb);
                if (c63 == 1) {
                    set(value, el, dxV[0], dxV[1]);
                    set(mac, el, dxM[0], dxM[1]);
                } else {
                    long xv0 = x.value()[2 * el];
                    long xm0 = x.mac()[2 * el];
                    set(value, el, xv0 - dxV[0], x.value()[2 * el + 1] - dxV[1] - borrow(xv0, dxV[0]));
                    set(mac, el, xm0 - dxM[0], x.mac()[2 * el + 1] - dxM[1] - borrow(xm0, dxM[0]));
                }
            }
        }
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, value), mac);
    }

    /**
     * c d - r d in Z_2^128 on one kind of share (values or MACs) of element j: d's share (d0, d1), r's and r s's shares
     * in {@code r} and {@code rs}, r d = e ? r - r s : r s.
     */
    private static long[] dx(long cLo, long cHi, long d0, long d1, long[] r, long[] rs, int j, long eb) {
        long p0 = cLo * d0;
        long p1 = Math.unsignedMultiplyHigh(cLo, d0) + cLo * d1 + cHi * d0;
        long q0 = rs[2 * j];
        long q1 = rs[2 * j + 1];
        if (eb == 1) {
            long t0 = r[2 * j] - q0;
            q1 = r[2 * j + 1] - q1 - borrow(r[2 * j], q0);
            q0 = t0;
        }
        return new long[] {p0 - q0, p1 - q1 - borrow(p0, q0)};
    }

    private static void set(long[] v, int e, long lo, long hi) {
        v[2 * e] = lo;
        v[2 * e + 1] = hi;
    }

    private static long borrow(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }
}
