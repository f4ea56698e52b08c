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
        private final SoftSpoken.Sender ot;
        private final AesHash hash = new AesHash();

        public Sender(SoftSpoken.Sender ot) {
            this.ot = ot;
        }

        /**
         * The sender's two hashed pads of m fresh OTs, x0 (the receiver's choice 0) and x1 (choice 1), every OT's row
         * hashed w times, each with its own tweak (one pad per vector entry).
         */
        private long[][] pads(OtLink link, int m, int w) {
            long[] q = ot.extend(link, m);
            long tweak = ot.tweaks(m * w);
            long[] rows = w == 1 ? q : repeat(q, w);
            return new long[][] {hash.hash(rows, 0, 0, tweak), hash.hash(rows, ot.s0, ot.s1, tweak)};
        }

        /** The sender's shares of a[k] b[k] for the receiver's b. */
        public long[] multiply(OtLink link, long[] a) {
            long[][] x = pads(link, 64 * a.length, 1);
            long[] x0 = x[0];
            long[] x1 = x[1];
            long[] packed = new long[packedWords(a.length)];
            long[] share = new long[a.length];
            int bit = 0;
            for (int k = 0; k < a.length; k++) {
                long u = 0;
                for (int j = 0; j < 64; j++) {
                    int width = 64 - j;
                    long mask = width == 64 ? -1L : (1L << width) - 1;
                    int i = 64 * k + j;
                    long xi = x0[i];
                    bit = put(packed, bit, (x1[i] - xi - a[k]) & mask, width);
                    u -= xi << j; // only the low 64 - j bits of xi survive the shift: xi's own value mod 2^(64 - j)
                }
                share[k] = u;
            }
            link.send(packed);
            return share;
        }

        /**
         * Products over GF(2), bit-sliced (64 per word): the sender's bits a, the receiver's bits b, XOR shares of a AND
         * b from one correlated OT per bit and a one-bit correction (the bit-wise case of the same construction).
         */
        public long[] sendBits(OtLink link, long[] a) {
            int m = 64 * a.length;
            long[][] x = pads(link, m, 1);
            long[] x0 = x[0];
            long[] x1 = x[1];
            long[] d = new long[a.length];
            long[] share = new long[a.length];
            for (int i = 0; i < m; i++) {
                long bitA = (a[i >>> 6] >>> (i & 63)) & 1;
                long xi = x0[i] & 1;
                d[i >>> 6] |= ((x1[i] ^ xi ^ bitA) & 1) << (i & 63);
                share[i >>> 6] |= xi << (i & 63);
            }
            link.send(d);
            return share;
        }

        /**
         * Products of the sender's 64-bit values and the receiver's bits, as additive shares over Z_2^64: one
         * correlated OT per product with a 64-bit correction (the first step of a Gilboa product).
         */
        public long[] sendTimesBit(OtLink link, long[] a) {
            long[][] x = pads(link, (a.length + 63) / 64 * 64, 1);
            long[] x0 = x[0];
            long[] x1 = x[1];
            long[] d = new long[a.length];
            long[] share = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = x1[i] - x0[i] - a[i];
                share[i] = -x0[i];
            }
            link.send(d);
            return share;
        }

        /**
         * Vector products (vector OLE): for every l, the receiver's value b[l] times the sender's vector d[l] (all of
         * one length w), as additive shares per l: Gilboa with a vector correlation, 64 OTs per l and w (64 - t)-bit
         * corrections for bit t; each vector entry hashed with its own tweak. What matrix and convolution triples are
         * made of.
         */
        public long[][] sendVectors(OtLink link, long[][] d) {
            int count = d.length;
            int w = count == 0 ? 0 : d[0].length;
            long[][] x = pads(link, 64 * count, w);
            long[] x0 = x[0];
            long[] x1 = x[1];
            long[] packed = new long[packedWords((long) count * w)];
            long[][] share = new long[count][w];
            int bit = 0;
            for (int l = 0; l < count; l++) {
                for (int t = 0; t < 64; t++) {
                    int width = 64 - t;
                    long mask = width == 64 ? -1L : (1L << width) - 1;
                    int base = (64 * l + t) * w;
                    for (int v = 0; v < w; v++) {
                        long xv = x0[base + v];
                        bit = put(packed, bit, (x1[base + v] - xv - d[l][v]) & mask, width);
                        share[l][v] -= xv << t;
                    }
                }
            }
            link.send(packed);
            return share;
        }
    }

    /** The receiving direction. */
    public static final class Receiver {
        private final SoftSpoken.Receiver ot;
        private final AesHash hash = new AesHash();

        public Receiver(SoftSpoken.Receiver ot) {
            this.ot = ot;
        }

        /** The receiver's hashed pad of m fresh OTs with the given choice bits, every row hashed w times. */
        private long[] pad(OtLink link, long[] choices, int m, int w) {
            long[] t = ot.extend(link, choices, m);
            long[] rows = w == 1 ? t : repeat(t, w);
            return hash.hash(rows, 0, 0, ot.tweaks(m * w));
        }

        /** The receiver's shares of a[k] b[k] for the sender's a. */
        public long[] multiply(OtLink link, long[] b) {
            long[] y = pad(link, b, 64 * b.length, 1); // the choice bits of product k are the bits of b[k]
            long[] packed = padded(link.receive(packedWords(b.length)));
            long[] share = new long[b.length];
            int bit = 0;
            for (int k = 0; k < b.length; k++) {
                long v = 0;
                long bk = b[k];
                for (int j = 0; j < 64; j++) {
                    // (y - b_j d) mod 2^(64 - j), shifted by j: the shift drops the bits above, so no mask is needed
                    long d = peek(packed, bit);
                    bit += 64 - j;
                    v += (y[64 * k + j] - (-((bk >>> j) & 1) & d)) << j;
                }
                share[k] = v;
            }
            return share;
        }

        /** The receiver's side of {@link Sender#sendBits}. */
        public long[] receiveBits(OtLink link, long[] b) {
            int m = 64 * b.length;
            long[] y = pad(link, b, m, 1);
            long[] d = link.receive(b.length);
            long[] share = new long[b.length];
            for (int i = 0; i < m; i++) {
                long v = (y[i] & 1) ^ (((b[i >>> 6] & d[i >>> 6]) >>> (i & 63)) & 1);
                share[i >>> 6] |= v << (i & 63);
            }
            return share;
        }

        /** The receiver's side of {@link Sender#sendTimesBit}: {@code bits} packed 64 per word, {@code count} of them. */
        public long[] receiveTimesBit(OtLink link, long[] bits, int count) {
            int m = (count + 63) / 64 * 64;
            long[] y = pad(link, java.util.Arrays.copyOf(bits, m / 64), m, 1);
            long[] d = link.receive(count);
            long[] share = new long[count];
            for (int i = 0; i < count; i++) {
                share[i] = ((bits[i >>> 6] >>> (i & 63)) & 1) == 1 ? y[i] - d[i] : y[i];
            }
            return share;
        }

        /** The receiver's side of {@link Sender#sendVectors}: its values b, the vectors' length w. */
        public long[][] receiveVectors(OtLink link, long[] b, int w) {
            int count = b.length;
            long[] y = pad(link, b, 64 * count, w);
            long[] packed = padded(link.receive(packedWords((long) count * w)));
            long[][] share = new long[count][w];
            int bit = 0;
            for (int l = 0; l < count; l++) {
                for (int k = 0; k < 64; k++) {
                    int width = 64 - k;
                    long chosen = -((b[l] >>> k) & 1);
                    int base = (64 * l + k) * w;
                    long[] sh = share[l];
                    for (int v = 0; v < w; v++) {
                        long d = peek(packed, bit);
                        bit += width;
                        sh[v] += (y[base + v] - (chosen & d)) << k; // the shift drops the bits above 64 - k
                    }
                }
            }
            return share;
        }
    }

    /** The words of the packed corrections of {@code products} products: what the receiver expects from the sender. */
    static int packedWords(long products) {
        return Math.toIntExact((products * BITS_PER_PRODUCT + 63) / 64);
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

    /** {@code in} with one more word of zeros, so that {@link #peek} may read one word past any field. */
    static long[] padded(long[] in) {
        return java.util.Arrays.copyOf(in, in.length + 1);
    }

    /**
     * The 64 bits from bit position {@code at} of a {@link #padded} array: a field's bits, then the next field's (which
     * a caller's shift drops). No branch: the second word's part is shifted in two steps, so that at a word boundary
     * it is shifted out entirely.
     */
    static long peek(long[] in, int at) {
        int w = at >>> 6;
        int o = at & 63;
        return (in[w] >>> o) | ((in[w + 1] << 1) << (63 - o));
    }

    /** Every 128-bit row repeated w times (one hash tweak per vector entry). */
    private static long[] repeat(long[] rows, int w) {
        int n = rows.length / 2;
        long[] out = new long[2 * n * w];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < w; v++) {
                out[2 * (i * w + v)] = rows[2 * i];
                out[2 * (i * w + v) + 1] = rows[2 * i + 1];
            }
        }
        return out;
    }
}
