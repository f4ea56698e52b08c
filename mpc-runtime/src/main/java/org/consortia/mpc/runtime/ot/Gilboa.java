package org.consortia.mpc.runtime.ot;

/**
 * Products over Z_2^64 of a value the sender holds and one the receiver holds, as additive shares (oblivious linear
 * evaluation), from 64 correlated OTs per product: Gilboa, "Two Party RSA Key Generation" (CRYPTO 1999). The receiver
 * chooses with the bits of b; for bit j the sender's pair is (x, x + a) modulo 2^(64 - j), the only bits that survive
 * the shift by j, so the correction it sends for bit j is 64 - j bits: 2,080 bits per product. The sender's share is
 * -sum 2^j x_j, the receiver's sum 2^j y_j, and they add up to a b.
 */
public final class Gilboa {
    /** Correction bits per product. */
    static final int BITS_PER_PRODUCT = 64 * 65 / 2;

    private Gilboa() {
    }

    /** One direction's state: the extension and the hash tweak counter (both sides count the same). */
    public static final class Sender {
        private final Iknp.Sender ot;
        private final AesHash hash = new AesHash();
        private long tweak;

        public Sender(Iknp.Sender ot) {
            this.ot = ot;
        }

        /** The sender's shares of a[k] b[k] for the receiver's b. */
        public long[] multiply(OtLink link, long[] a) {
            int m = 64 * a.length;
            long[] q = ot.extend(link, m);
            long[] x0 = hash.hash(q, 0, 0, tweak);
            long[] x1 = hash.hash(q, ot.s0, ot.s1, tweak);
            tweak += m;
            long[] packed = new long[(a.length * BITS_PER_PRODUCT + 63) / 64];
            long[] share = new long[a.length];
            int bit = 0;
            for (int k = 0; k < a.length; k++) {
                long u = 0;
                for (int j = 0; j < 64; j++) {
                    int width = 64 - j;
                    long mask = width == 64 ? -1L : (1L << width) - 1;
                    int i = 64 * k + j;
                    long x = x0[i] & mask;
                    long d = (x1[i] - x - a[k]) & mask;
                    bit = put(packed, bit, d, width);
                    u -= x << j;
                }
                share[k] = u;
            }
            link.send(Bits.bytes(packed));
            return share;
        }
    }

    /** The receiving direction. */
    public static final class Receiver {
        private final Iknp.Receiver ot;
        private final AesHash hash = new AesHash();
        private long tweak;

        public Receiver(Iknp.Receiver ot) {
            this.ot = ot;
        }

        /** The receiver's shares of a[k] b[k] for the sender's a. */
        public long[] multiply(OtLink link, long[] b) {
            int m = 64 * b.length;
            long[] t = ot.extend(link, b, m); // the choice bits of product k are the bits of b[k]
            long[] y = hash.hash(t, 0, 0, tweak);
            tweak += m;
            byte[] msg = link.receive();
            long[] packed = Bits.longs(msg, 0, msg.length / 8);
            long[] share = new long[b.length];
            int bit = 0;
            for (int k = 0; k < b.length; k++) {
                long v = 0;
                for (int j = 0; j < 64; j++) {
                    int width = 64 - j;
                    long mask = width == 64 ? -1L : (1L << width) - 1;
                    long d = get(packed, bit, width);
                    bit += width;
                    long value = y[64 * k + j] & mask;
                    if (((b[k] >>> j) & 1) == 1) {
                        value = (value - d) & mask;
                    }
                    v += value << j;
                }
                share[k] = v;
            }
            return share;
        }
    }

    /** Writes the low {@code width} bits of v at bit position {@code at}; returns the next position. */
    static int put(long[] out, int at, long v, int width) {
        int w = at >>> 6;
        int o = at & 63;
        out[w] |= v << o;
        if (o + width > 64) {
            out[w + 1] |= v >>> (64 - o);
        }
        return at + width;
    }

    static long get(long[] in, int at, int width) {
        int w = at >>> 6;
        int o = at & 63;
        long v = in[w] >>> o;
        if (o + width > 64) {
            v |= in[w + 1] << (64 - o);
        }
        return width == 64 ? v : v & ((1L << width) - 1);
    }
}
