package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.auth.AuthFssCompare.Arith;
import org.consortia.mpc.protocols.auth.AuthFssCompare.Signs;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * The sign and ReLU of authenticated values between two parties in two online rounds, by function secret sharing with
 * binary MACs on the comparison bit: keys as small as the semi-honest ones (a bit and its 64-bit MAC under XOR, not a
 * Z_2^128 value and MAC per payload element). The comparison of {@link AuthFssCompare} at the one point 0: with the
 * dealer's mask r (uniform in Z_2^128, authenticated, m = r_63), a random bit s (authenticated), XOR shares of m xor s
 * with its binary MAC (m xor s) delta, for a ReLU r s (authenticated), and keys of a comparison function over the low
 * 63 bits with alpha = r mod 2^63 and payload (1, delta):
 * <pre>
 *   c = open(x + r)                  uniform; checked with every other opening before any result
 *   lt = [c mod 2^63 &lt; r mod 2^63]    XOR shares and binary MAC shares: the keys' evaluation at c
 *   e = open(lt xor m xor s)         a uniform bit; its binary MAC checked with the next MAC check (MacCheck)
 *   [x &lt; 0] = c_63 xor m xor lt = f xor s, f = c_63 xor e public: f ? 1 - s : s     authenticated, linear
 *   relu(x) = x - [x &lt; 0] x,  b x = c b - b r,  b r = f ? r - r s : r s             (x = c - r in Z_2^128)
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
    public static final int KEY_CHUNK = AuthFssCompare.KEY_CHUNK;

    private AuthFssSign() {
    }

    /** A sign or ReLU of {@code n} elements: an opening of 2 words per element, then an exchange of 1 bit each. */
    public static Cost cost(long n) {
        return new Cost(2, 2 * n + AuthFssCompare.bitWords(n));
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
        Signs signs = AuthFssCompare.signs(party, x, new long[] {0}, relu ? 1 : 0, 63, 0);
        if (party.dry()) { // demand discovery: the material is zeros and the result's values never count
            return new AuthShare(new long[2 * n], new long[2 * n]);
        }
        Arith a = new Arith(party);
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        for (int el = 0; el < n; el++) {
            long[] b = signs.bitTimesPower(a, 0, el, 0);
            if (relu) { // x - b x, b x = c b - b r
                long[] bx = Arith.sub(Arith.times(b, signs.open()[2 * el],
                        signs.open()[2 * el + 1]), signs.bitTimesPower(a, 0, el, 1));
                b = Arith.sub(Arith.get(x, el), bx);
            }
            Arith.put(value, mac, el, b);
        }
        return new AuthShare(party.tamper().apply(Tamper.Point.COMPARISON, -1, value), mac);
    }
}
