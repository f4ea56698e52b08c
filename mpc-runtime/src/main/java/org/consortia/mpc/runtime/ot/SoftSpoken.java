package org.consortia.mpc.runtime.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * One direction of OT extension between two parties: SoftSpoken OT (Roy, "SoftSpoken OT: Quieter OT Extension from
 * Small-Field Silent VOLE in the Minicrypt Model", CRYPTO 2022), semi-honest, with k = {@value #K}. It generalises IKNP
 * (Ishai, Kilian, Nissim and Petrank, CRYPTO 2003; k = 1): the 128 columns of the extension come in 128 / k groups of
 * k, and each group is a small-field vector OLE over GF(2^k) made from a punctured PRF with 2^k leaves instead of one
 * pair of PRG seeds per column. So the receiver sends 128 / k bits per transfer (32 at k = 4, a quarter of IKNP's 128),
 * while both sides expand 2^k - 1 or 2^k PRG streams per group (at k = 4, 512 streams where IKNP's receiver expands 256
 * and 480 where its sender expands 128).
 *
 * <p>Per group g, with the sender's k secret bits p (its bits of s): the receiver knows all 2^k leaf streams r_x of a
 * GGM tree it grew from a fresh root, the sender all but r_p (one message of 2k blocks per group and session, the
 * level sums, each padded with a key of the k base OTs the sender chose with p: the sender learns the sums off its
 * path). The receiver's columns are v_t = sum over x with bit t of x set of r_x and its row of sums u = sum_x r_x;
 * the sender's w_t = sum over x != p with bit t of (x xor p) set of r_x, which is v_t xor p_t u. The receiver sends
 * d_g = u_g xor r (r: the choice bits) and the sender takes q_t = w_t xor p_t d_g = v_t xor p_t r. Over the 128
 * columns: t_i = q_i xor r_i s for every transfer i, the same correlated OTs IKNP makes, which the caller hashes.
 *
 * <p>Setup runs 128 base OTs with the roles reversed ({@link BaseOt}), or reuses those both sides keep in a
 * {@link BaseOtStore} (one message each way says which); each session grows fresh trees and pads their level sums with
 * keys derived from the kept ones and the session's nonces, so no two sessions share a stream.
 */
public final class SoftSpoken {
    /** Columns of the extension: the computational security parameter. */
    static final int KAPPA = 128;
    /** Bits per small field element: the group size. 4 measured best here (see the README). */
    static final int K = 4;
    /** The bits the receiver sends per transfer. */
    public static final int BITS_PER_OT = KAPPA / K;
    /** Words of one column worked on at a time: 2^k of them (64 KiB at k = 4) stay in the caches. */
    private static final int TILE = 512;

    private SoftSpoken() {
    }

    /**
     * A direction's working arrays, kept between extensions (one thread extends a direction at a time): the columns,
     * the leaves' tile and the rows, about 16 MiB at a full chunk, which a fresh allocation per chunk would zero and
     * collect again every few milliseconds. The rows an extension returns are valid until the next one.
     */
    private static final class Scratch {
        private long[][] cols = new long[KAPPA][0];
        private final long[][] tile = new long[1 << K][TILE];
        private long[] rows = new long[0];

        /** The 128 columns, at least {@code words} long each (their contents are overwritten). */
        long[][] cols(int words) {
            if (cols[0].length < words) {
                cols = new long[KAPPA][words];
            }
            return cols;
        }

        /** The columns transposed into rows of m transfers. */
        long[] transpose(int m) {
            if (rows.length != 2 * m) {
                rows = new long[2 * m];
            }
            return Bits.transpose(cols, m, rows);
        }
    }

    /** The hash tweaks a direction has used: every transfer hashes under its own, on both sides alike. */
    private static final class Tweaks {
        private long used;

        long next(int m) {
            long t = used;
            used += m;
            return t;
        }
    }

    /** The extension's sender: its secret s and, per group, the PRG of every leaf but the one at its bits of s. */
    public static final class Sender {
        final long s0;
        final long s1;
        /** leaves[g][y]: the stream of leaf y xor p_g (y = 0, the punctured leaf, is null). */
        private final AesPrg[][] leaves = new AesPrg[KAPPA / K][];
        private final Tweaks tweaks = new Tweaks();
        private final Scratch scratch = new Scratch();

        /** The first hash tweak of the next m transfers (both sides count the same). */
        long tweaks(int m) {
            return tweaks.next(m);
        }

        private Sender(long s0, long s1, byte[][] keys, long senderNonce, long receiverNonce, long[] sums) {
            this.s0 = s0;
            this.s1 = s1;
            for (int g = 0; g < KAPPA / K; g++) {
                int p = groupBits(s0, s1, g);
                byte[][] pads = new byte[K][];
                for (int l = 0; l < K; l++) {
                    pads[l] = BaseOtStore.sessionKey(keys[K * g + l], senderNonce, receiverNonce);
                }
                byte[][] known = Ggm.punctured(sums, g, p, pads);
                leaves[g] = new AesPrg[1 << K];
                for (int y = 1; y < 1 << K; y++) {
                    leaves[g][y] = new AesPrg(Seed.of(known[y ^ p]), 0);
                }
            }
        }

        /** Fresh base OTs, kept nowhere. */
        public static Sender setup(OtLink link, SecureRandom random) {
            return setup(link, random, null, -1);
        }

        /**
         * The sender's side with {@code peer}: names the base OTs it keeps in {@code store} (or none) and hears whether
         * the receiver keeps the same ones; if not, runs fresh ones and keeps them (store null: fresh, kept nowhere);
         * then reads the receiver's level sums.
         */
        public static Sender setup(OtLink link, SecureRandom random, BaseOtStore store, int peer) {
            BaseOtStore.Chosen kept = store == null ? null : store.chosen(peer);
            long nonce = random.nextLong();
            link.send(new long[] {kept == null ? 0 : kept.id(), nonce});
            long[] reply = link.receive(2);
            if (reply[0] != 0 && reply[0] != 1) {
                throw link.malformed("base OT: an answer " + reply[0] + " to the kept base OTs' id (0 or 1)");
            }
            if (kept == null || reply[0] == 0) {
                long id = BaseOtStore.id(nonce, reply[1]);
                long s0 = random.nextLong();
                long s1 = random.nextLong();
                boolean[] choices = new boolean[KAPPA];
                for (int j = 0; j < KAPPA; j++) {
                    choices[j] = bit(s0, s1, j) == 1;
                }
                kept = new BaseOtStore.Chosen(id, s0, s1, BaseOt.receive(link, choices, random));
                if (store != null) {
                    store.keep(peer, kept);
                }
            }
            long[] sums = link.receive(Ggm.MESSAGE_WORDS);
            return new Sender(kept.s0(), kept.s1(), kept.keys(), nonce, reply[1], sums);
        }

        /**
         * The rows q_i (2 words each) of m transfers (m a multiple of 64), reading the receiver's corrections d; valid
         * until the next extension.
         */
        long[] extend(OtLink link, int m) {
            int words = m / 64;
            long[] d = link.receive(KAPPA / K * words);
            long[][] cols = scratch.cols(words);
            long[][] tile = scratch.tile;
            for (int g = 0; g < KAPPA / K; g++) {
                int p = groupBits(s0, s1, g);
                for (int from = 0; from < words; from += TILE) {
                    int len = Math.min(TILE, words - from);
                    java.util.Arrays.fill(tile[0], 0, len, 0L);
                    for (int y = 1; y < 1 << K; y++) {
                        leaves[g][y].fill(tile[y], 0, len);
                    }
                    fold(tile, len, cols, K * g, from);
                    for (int t = 0; t < K; t++) {
                        if ((p >>> t & 1) == 1) {
                            xorInto(cols[K * g + t], from, d, g * words + from, len);
                        }
                    }
                }
            }
            return scratch.transpose(m);
        }
    }

    /** The extension's receiver: every leaf of every group's tree. */
    public static final class Receiver {
        /** leaves[g][x]: the stream of leaf x of group g's tree. */
        private final AesPrg[][] leaves = new AesPrg[KAPPA / K][1 << K];
        private final Tweaks tweaks = new Tweaks();
        private final Scratch scratch = new Scratch();

        /** The first hash tweak of the next m transfers (both sides count the same). */
        long tweaks(int m) {
            return tweaks.next(m);
        }

        private Receiver(byte[][][] trees) {
            for (int g = 0; g < KAPPA / K; g++) {
                for (int x = 0; x < 1 << K; x++) {
                    leaves[g][x] = new AesPrg(Seed.of(trees[g][x]), 0);
                }
            }
        }

        /** Fresh base OTs, kept nowhere. */
        public static Receiver setup(OtLink link, SecureRandom random) {
            return setup(link, random, null, -1);
        }

        /**
         * The receiver's side with {@code peer} (see {@link Sender#setup(OtLink, SecureRandom, BaseOtStore, int)}):
         * grows a fresh tree per group and sends its level sums, padded with this session's base OT keys.
         */
        public static Receiver setup(OtLink link, SecureRandom random, BaseOtStore store, int peer) {
            long[] hello = link.receive(2);
            BaseOtStore.Pairs kept = store == null ? null : store.pairs(peer);
            boolean same = kept != null && hello[0] != 0 && hello[0] == kept.id();
            long nonce = random.nextLong();
            link.send(new long[] {same ? 1 : 0, nonce});
            if (!same) {
                kept = new BaseOtStore.Pairs(BaseOtStore.id(hello[1], nonce), BaseOt.send(link, KAPPA, random));
                if (store != null) {
                    store.keep(peer, kept);
                }
            }
            byte[][][] trees = new byte[KAPPA / K][][];
            long[] sums = new long[Ggm.MESSAGE_WORDS];
            for (int g = 0; g < KAPPA / K; g++) {
                byte[][][] pads = new byte[K][2][];
                for (int l = 0; l < K; l++) {
                    for (int c = 0; c < 2; c++) {
                        pads[l][c] = BaseOtStore.sessionKey(kept.keys()[K * g + l][c], hello[1], nonce);
                    }
                }
                byte[] root = new byte[Seed.BYTES];
                random.nextBytes(root);
                trees[g] = Ggm.grow(root, pads, sums, g);
            }
            link.send(sums);
            return new Receiver(trees);
        }

        /**
         * The rows t_i of m transfers with choice bits {@code r} (m / 64 words), valid until the next extension; sends
         * d_g = u_g xor r per group.
         */
        long[] extend(OtLink link, long[] r, int m) {
            int words = m / 64;
            long[][] cols = scratch.cols(words);
            long[] d = new long[KAPPA / K * words];
            long[][] tile = scratch.tile;
            for (int g = 0; g < KAPPA / K; g++) {
                for (int from = 0; from < words; from += TILE) {
                    int len = Math.min(TILE, words - from);
                    for (int x = 0; x < 1 << K; x++) {
                        leaves[g][x].fill(tile[x], 0, len);
                    }
                    fold(tile, len, cols, K * g, from);
                    long[] u = tile[0];
                    int at = g * words + from;
                    for (int w = 0; w < len; w++) {
                        d[at + w] = u[w] ^ r[from + w];
                    }
                }
            }
            link.send(d);
            return scratch.transpose(m);
        }
    }

    /**
     * The small-field VOLE's sums over one tile: {@code tile[x]} holds leaf x's words (len of them); writes column t
     * (sum of the leaves with bit t of x set) to {@code cols[first + t]} at {@code from}, and leaves the sum of all
     * leaves in {@code tile[0]}. Folds the top bit's half onto the lower half, one bit at a time: 2 (2^k - 1) passes
     * of XOR instead of k 2^(k-1) + 2^k.
     */
    static void fold(long[][] tile, int len, long[][] cols, int first, int from) {
        for (int t = K - 1; t >= 0; t--) {
            int half = 1 << t;
            long[] col = cols[first + t];
            System.arraycopy(tile[half], 0, col, from, len);
            for (int y = half + 1; y < 2 * half; y++) {
                xorInto(col, from, tile[y], 0, len);
            }
            for (int y = 0; y < half; y++) {
                xorInto(tile[y], 0, tile[y + half], 0, len);
            }
        }
    }

    private static void xorInto(long[] dst, int dstAt, long[] src, int srcAt, int len) {
        for (int w = 0; w < len; w++) {
            dst[dstAt + w] ^= src[srcAt + w];
        }
    }

    /** Bit j of the sender's secret s = (s0, s1). */
    static long bit(long s0, long s1, int j) {
        return (j < 64 ? s0 >>> j : s1 >>> (j - 64)) & 1;
    }

    /** Group g's k bits of s (bit t is s's bit k g + t): the leaf the sender does not learn. */
    static int groupBits(long s0, long s1, int g) {
        int p = 0;
        for (int t = 0; t < K; t++) {
            p |= (int) bit(s0, s1, K * g + t) << t;
        }
        return p;
    }

    /**
     * A GGM tree of depth k per group (Goldreich, Goldwasser and Micali) as a punctured PRF: level l (from 0) decides bit l
     * of a leaf's index. Its message holds, per group and level, the XOR of the level's left children and that of its
     * right children, each padded (XOR) with a key of the level's base OT: the left sum under the key of choice 1, the
     * right sum under that of choice 0, so a sender who chose bit c learns the sum of the children on side 1 - c, off
     * its path, and with it every leaf but the one whose index bits are its choices.
     */
    static final class Ggm {
        /** Per group and level, two sums of two words. */
        static final int MESSAGE_WORDS = KAPPA / K * K * 4;

        private Ggm() {
        }

        /** The two children of a node: AES-CTR under the node's seed. */
        private static byte[][] children(byte[] node) {
            long[] w = AesPrg.scratch(Seed.of(node), 0).next(4);
            return new byte[][] {block(w[0], w[1]), block(w[2], w[3])};
        }

        /** Grows group g's tree from {@code root}; writes its padded level sums into {@code message}; returns its leaves. */
        static byte[][] grow(byte[] root, byte[][][] pads, long[] message, int g) {
            byte[][] level = {root};
            for (int l = 0; l < K; l++) {
                byte[][] next = new byte[2 * level.length][];
                byte[] left = new byte[Seed.BYTES];
                byte[] right = new byte[Seed.BYTES];
                for (int i = 0; i < level.length; i++) {
                    // node i's children are i (bit l clear) and i + 2^l (bit l set): bit l of a leaf's index is level l's
                    byte[][] c = children(level[i]);
                    next[i] = c[0];
                    next[i + level.length] = c[1];
                    xor(left, c[0]);
                    xor(right, c[1]);
                }
                xor(left, pads[l][1]);
                xor(right, pads[l][0]);
                int at = 4 * (K * g + l);
                put(message, at, left);
                put(message, at + 2, right);
                level = next;
            }
            return level;
        }

        /**
         * The sender's leaves of group g from the message: every leaf but {@code p}'s (null there), its level pads the
         * keys its choices (the bits of p) selected.
         */
        static byte[][] punctured(long[] message, int g, int p, byte[][] pads) {
            byte[][] level = new byte[1][];
            int path = 0; // the punctured node's index at the current depth
            for (int l = 0; l < K; l++) {
                int c = p >>> l & 1;
                int at = 4 * (K * g + l) + (c == 1 ? 0 : 2); // chose 1: the left sum is ours; chose 0: the right
                byte[] off = block(message[at], message[at + 1]);
                xor(off, pads[l]);
                byte[][] next = new byte[2 * level.length][];
                for (int i = 0; i < level.length; i++) {
                    if (i == path) {
                        continue;
                    }
                    byte[][] ch = children(level[i]);
                    next[i] = ch[0];
                    next[i + level.length] = ch[1];
                    xor(off, ch[1 - c]);
                }
                int sibling = c == 1 ? path : path + level.length;
                next[sibling] = off;
                path = c == 1 ? path + level.length : path;
                level = next;
            }
            return level;
        }

        private static byte[] block(long lo, long hi) {
            return ByteBuffer.allocate(Seed.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(lo).putLong(hi).array();
        }

        private static void put(long[] message, int at, byte[] b) {
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            message[at] = bb.getLong();
            message[at + 1] = bb.getLong();
        }

        private static void xor(byte[] into, byte[] b) {
            for (int i = 0; i < into.length; i++) {
                into[i] ^= b[i];
            }
        }
    }
}
