package org.consortia.mpc.sharing.fss;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Distributed comparison functions for two parties (Boyle, Chandran, Gilboa, Gupta, Ishai, Kumaresan, Tessaro:
 * "Function Secret Sharing for Mixed-Mode and Fixed-Point Secure Computation", Eurocrypt 2021, figure 1): a key pair
 * for {@code f(x) = beta if x < alpha else 0}, {@code x} and {@code alpha} unsigned integers of {@code bits} bits and
 * {@code beta} a pair of ring elements, such that each key alone tells nothing of alpha or beta and the two parties'
 * evaluations at any public x add up to f(x) in Z_2^64 x Z_2^64.
 *
 * <p>A key is a root seed of the party's own (two words, derived from its PRG stream with the dealer, so never
 * sent) and correction words the two keys share ({@link #keyWords}: per level the seed's and the value's
 * correction, two words each; the control bits' corrections of all levels packed in two words; the final
 * correction). A batch of n keys is laid out level by level, word w of every key together (at w n + e), so that an
 * evaluation streams through the keys in order. The tree's PRG is fixed-key AES in Matyas-Meyer-Oseas form, H(y) = AES_k(y) xor y with a public key k
 * (a correlation-robust hash, as in Google's DPF library and LLAMA), y = the seed with a tweak in its high word:
 * tweak 0 and 1 the left and right child seeds (their lowest bit the control bit), 2 and 3 the left and right
 * values, 4 the leaf's value. Evaluation takes two blocks per level (the child on x's side and its value), for
 * all elements of a batch in one ECB call per level.
 *
 * <p>Costs per element: a key of {@code 4 bits + 4} shared words; evaluation {@code 2 bits + 1} AES blocks; key
 * generation {@code 8 bits + 2}.
 */
public final class Dcf {
    /** Words of one output: a pair of ring elements. */
    public static final int PAYLOAD = 2;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The public AES key of the tree's hash (the hexadecimal digits of pi's fraction). */
    private static final byte[] FIXED_KEY = {
        (byte) 0x24, (byte) 0x3F, (byte) 0x6A, (byte) 0x88, (byte) 0x85, (byte) 0xA3, (byte) 0x08, (byte) 0xD3,
        (byte) 0x13, (byte) 0x19, (byte) 0x8A, (byte) 0x2E, (byte) 0x03, (byte) 0x70, (byte) 0x73, (byte) 0x44};

    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(FIXED_KEY, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB is not available in this JVM", e);
        }
    });

    private static final int LEFT = 0;
    private static final int VALUE = 2;
    private static final int LEAF = 4;

    private Dcf() {
    }

    /** Shared correction words of one key over {@code bits}-bit inputs. */
    public static int keyWords(int bits) {
        checkBits(bits);
        return 4 * bits + 4;
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 64) {
            throw new MpcArgumentException("a comparison's input has 1 to 64 bits, not " + bits);
        }
    }

    /**
     * The dealer's part: for every element e, the correction words of the key pair for {@code alpha[e]} and the
     * payload {@code beta[2e], beta[2e+1]}, given the two parties' root seeds ({@code roots0[2e], roots0[2e+1]}
     * and likewise for party 1).
     *
     * @param cw out: {@link #keyWords(int)} words per element
     */
    public static void gen(int bits, long[] alpha, long[] beta, long[] roots0, long[] roots1, long[] cw) {
        int k = keyWords(bits);
        int n = alpha.length;
        if (beta.length != PAYLOAD * n || roots0.length != 2 * n || roots1.length != 2 * n || cw.length != (long) k * n) {
            throw new MpcArgumentException("comparison keys for " + n + " elements: mismatched arrays");
        }
        long[] s = new long[4 * n]; // per element: party 0's seed (lo, hi), party 1's
        long[] t = new long[n]; // bit 0: party 0's control bit, bit 1: party 1's
        long[] va = new long[PAYLOAD * n];
        for (int e = 0; e < n; e++) {
            s[4 * e] = roots0[2 * e];
            s[4 * e + 1] = roots0[2 * e + 1];
            s[4 * e + 2] = roots1[2 * e];
            s[4 * e + 3] = roots1[2 * e + 1];
            t[e] = 2; // t0 = 0, t1 = 1
            cw[(4 * bits) * n + e] = 0; // the control bits' corrections are or-ed in below
            cw[(4 * bits + 1) * n + e] = 0;
        }
        Blocks blocks = new Blocks(8 * n);
        for (int i = 0; i < bits; i++) {
            int shift = bits - 1 - i;
            for (int e = 0; e < n; e++) {
                for (int b = 0; b < 2; b++) {
                    long lo = s[4 * e + 2 * b];
                    long hi = s[4 * e + 2 * b + 1];
                    for (int j = 0; j < 4; j++) {
                        blocks.in(8 * e + 4 * b + j, lo, hi ^ j);
                    }
                }
            }
            blocks.hash();
            for (int e = 0; e < n; e++) {
                int a = (int) (alpha[e] >>> shift) & 1;
                int keep = a;
                int lose = 1 - a;
                int base = 8 * e;
                // children of party b: seed block base + 4b + side, value block base + 4b + 2 + side
                long sLose0Lo = blocks.lo(base + lose) & ~1L;
                long sLose0Hi = blocks.hi(base + lose);
                long sLose1Lo = blocks.lo(base + 4 + lose) & ~1L;
                long sLose1Hi = blocks.hi(base + 4 + lose);
                long sCwLo = sLose0Lo ^ sLose1Lo;
                long sCwHi = sLose0Hi ^ sLose1Hi;
                long t1 = (t[e] >>> 1) & 1;
                long sign = t1 == 1 ? -1 : 1;
                int v = PAYLOAD * e;
                long vcw0 = sign * (blocks.lo(base + 4 + VALUE + lose) - blocks.lo(base + VALUE + lose) - va[v]);
                long vcw1 = sign * (blocks.hi(base + 4 + VALUE + lose) - blocks.hi(base + VALUE + lose) - va[v + 1]);
                if (lose == LEFT) {
                    vcw0 += sign * beta[v];
                    vcw1 += sign * beta[v + 1];
                }
                va[v] = va[v] - blocks.lo(base + 4 + VALUE + keep) + blocks.lo(base + VALUE + keep) + sign * vcw0;
                va[v + 1] = va[v + 1] - blocks.hi(base + 4 + VALUE + keep) + blocks.hi(base + VALUE + keep) + sign * vcw1;
                long tl0 = blocks.lo(base) & 1;
                long tr0 = blocks.lo(base + 1) & 1;
                long tl1 = blocks.lo(base + 4) & 1;
                long tr1 = blocks.lo(base + 5) & 1;
                long tcwL = tl0 ^ tl1 ^ a ^ 1;
                long tcwR = tr0 ^ tr1 ^ a;
                cw[(4 * i) * n + e] = sCwLo;
                cw[(4 * i + 1) * n + e] = sCwHi;
                cw[(4 * i + 2) * n + e] = vcw0;
                cw[(4 * i + 3) * n + e] = vcw1;
                cw[(4 * bits) * n + e] |= tcwL << i;
                cw[(4 * bits + 1) * n + e] |= tcwR << i;
                long tcwKeep = keep == LEFT ? tcwL : tcwR;
                long tNew = 0;
                for (int b = 0; b < 2; b++) {
                    long tb = (t[e] >>> b) & 1;
                    long lo = (blocks.lo(base + 4 * b + keep) & ~1L) ^ (tb == 1 ? sCwLo : 0);
                    long hi = blocks.hi(base + 4 * b + keep) ^ (tb == 1 ? sCwHi : 0);
                    long tk = (blocks.lo(base + 4 * b + keep) & 1) ^ (tb & tcwKeep);
                    s[4 * e + 2 * b] = lo;
                    s[4 * e + 2 * b + 1] = hi;
                    tNew |= tk << b;
                }
                t[e] = tNew;
            }
        }
        Blocks leaf = new Blocks(2 * n);
        for (int e = 0; e < n; e++) {
            leaf.in(2 * e, s[4 * e], s[4 * e + 1] ^ LEAF);
            leaf.in(2 * e + 1, s[4 * e + 2], s[4 * e + 3] ^ LEAF);
        }
        leaf.hash();
        for (int e = 0; e < n; e++) {
            long sign = ((t[e] >>> 1) & 1) == 1 ? -1 : 1;
            int v = PAYLOAD * e;
            cw[(4 * bits + 2) * n + e] = sign * (leaf.lo(2 * e + 1) - leaf.lo(2 * e) - va[v]);
            cw[(4 * bits + 3) * n + e] = sign * (leaf.hi(2 * e + 1) - leaf.hi(2 * e) - va[v + 1]);
        }
    }

    /**
     * One party's evaluation at public points: {@code out[2e], out[2e+1]} is this party's share of f_e(x[e]) (the
     * parties' outputs add up to beta_e where x[e] &lt; alpha_e, to 0 elsewhere). Only the low {@code bits} bits of
     * each x count.
     */
    public static void eval(int party, int bits, long[] roots, long[] cw, long[] x, long[] out) {
        int k = keyWords(bits);
        int n = x.length;
        if (party != 0 && party != 1) {
            throw new MpcArgumentException("a comparison key belongs to party 0 or 1, not " + party);
        }
        if (roots.length != 2 * n || cw.length != (long) k * n || out.length != PAYLOAD * n) {
            throw new MpcArgumentException("comparison of " + n + " elements: mismatched arrays");
        }
        long sign = party == 0 ? 1 : -1;
        java.util.Arrays.fill(out, 0L);
        Blocks blocks = new Blocks(2 * Math.min(n, SLICE));
        long[] s = new long[2 * Math.min(n, SLICE)];
        long[] t = new long[Math.min(n, SLICE)];
        for (int from = 0; from < n; from += SLICE) { // every level of a slice of elements while its blocks stay in cache
            int to = Math.min(n, from + SLICE);
            System.arraycopy(roots, 2 * from, s, 0, 2 * (to - from));
            java.util.Arrays.fill(t, party);
            evalSlice(sign, bits, n, from, to, cw, x, out, s, t, blocks);
        }
    }

    /** Elements evaluated together through all levels: their blocks (32 KiB each way) stay in the first-level cache. */
    private static final int SLICE = 1024;

    private static void evalSlice(long sign, int bits, int n, int from, int to, long[] cw, long[] x, long[] out, long[] s,
            long[] t, Blocks blocks) {
        int m = to - from;
        int tAt = 4 * bits * n + from;
        for (int i = 0; i < bits; i++) {
            int shift = bits - 1 - i;
            for (int j = 0; j < m; j++) {
                long side = (x[from + j] >>> shift) & 1;
                blocks.in(2 * j, s[2 * j], s[2 * j + 1] ^ side);
                blocks.in(2 * j + 1, s[2 * j], s[2 * j + 1] ^ (VALUE + side));
            }
            blocks.hash(2 * m);
            int sAt = 4 * i * n + from;
            for (int j = 0; j < m; j++) {
                int side = (int) (x[from + j] >>> shift) & 1;
                long tb = t[j];
                long lo = blocks.lo(2 * j);
                long hi = blocks.hi(2 * j);
                long tNew = lo & 1;
                lo &= ~1L;
                long v0 = blocks.lo(2 * j + 1);
                long v1 = blocks.hi(2 * j + 1);
                long on = -tb; // all ones where the control bit is set: no branch on a random bit
                lo ^= cw[sAt + j] & on;
                hi ^= cw[sAt + n + j] & on;
                tNew ^= (cw[tAt + side * n + j] >>> i) & tb;
                v0 += cw[sAt + 2 * n + j] & on;
                v1 += cw[sAt + 3 * n + j] & on;
                out[2 * (from + j)] += sign * v0;
                out[2 * (from + j) + 1] += sign * v1;
                s[2 * j] = lo;
                s[2 * j + 1] = hi;
                t[j] = tNew;
            }
        }
        for (int j = 0; j < m; j++) {
            blocks.in(j, s[2 * j], s[2 * j + 1] ^ LEAF);
        }
        blocks.hash(m);
        int fAt = (4 * bits + 2) * n + from;
        for (int j = 0; j < m; j++) {
            long on = -t[j];
            out[2 * (from + j)] += sign * (blocks.lo(j) + (cw[fAt + j] & on));
            out[2 * (from + j) + 1] += sign * (blocks.hi(j) + (cw[fAt + n + j] & on));
        }
    }

    /** A batch of 128-bit blocks hashed in place by H(y) = AES_k(y) xor y, in one ECB call. */
    private static final class Blocks {
        private final byte[] in;
        private final byte[] out;

        Blocks(int blocks) {
            in = new byte[16 * blocks];
            out = new byte[16 * blocks];
        }

        void in(int block, long lo, long hi) {
            LONG.set(in, 16 * block, lo);
            LONG.set(in, 16 * block + 8, hi);
        }

        void hash() {
            hash(in.length / 16);
        }

        /** Hashes the first {@code blocks} blocks. */
        void hash(int blocks) {
            int bytes = 16 * blocks;
            try {
                AES.get().update(in, 0, bytes, out, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The hashed block's low word: AES_k(y) xor y. */
        long lo(int block) {
            return (long) LONG.get(out, 16 * block) ^ (long) LONG.get(in, 16 * block);
        }

        long hi(int block) {
            return (long) LONG.get(out, 16 * block + 8) ^ (long) LONG.get(in, 16 * block + 8);
        }
    }
}
