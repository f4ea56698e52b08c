package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.fss.Dcf;

/**
 * The two-party comparison under binary MACs that {@link AuthFssSign} and {@link AuthFssSpline} share: the masked
 * opening, the keys' evaluation at every public point, the opening of the masked bits with their check values for the
 * next {@link MacCheck}, and the authenticated bits times the mask's powers by linear steps ({@link Signs}), with a
 * small arithmetic of authenticated Z_2^128 elements ({@link Arith}).
 */
final class AuthFssCompare {
    /** Elements per key item: 2^10 elements of at most 256 words, 2 MiB. */
    static final int KEY_CHUNK = 1 << 10;

    private AuthFssCompare() {
    }

    /** Words of a message of {@code n} bits: whole pairs of words, 128 bits a pair. */
    static int bitWords(long n) {
        return (int) (2 * ((n + 127) / 128));
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
        long[] mine = new long[bitWords(count)];
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
        long[] e = party.dry() ? new long[mine.length] : openBits(party, mine, tags, count);
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
            return new long[] {a[0] - b[0], a[1] - b[1] - borrow(a[0], b[0]),
                a[2] - b[2], a[3] - b[3] - borrow(a[2], b[2])};
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
}
