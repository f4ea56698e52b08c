package org.consortia.mpc.runtime.ot;

import java.security.SecureRandom;

import org.consortia.mpc.sharing.prg.AesPrg;

/**
 * One direction of OT extension between two parties: Ishai, Kilian, Nissim and Petrank, "Extending Oblivious
 * Transfers Efficiently" (CRYPTO 2003), semi-honest. Setup runs 128 base OTs with the roles reversed ({@link BaseOt}),
 * or reuses those both sides keep in a {@link BaseOtStore} (one message each way says which);
 * each extension of m transfers costs the receiver one message of 128 m bits (the matrix U) and both sides AES-CTR
 * expansions and a bit-matrix transpose. Afterwards the sender holds a row q_i and the receiver t_i = q_i xor r_i s
 * for every transfer i (128 bits each), s being the sender's secret: the correlated OTs the caller hashes.
 */
public final class Iknp {
    static final int KAPPA = 128;

    private Iknp() {
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

    /** The extension's sender: its secret s and one PRG per base OT (the key its choice bit selected). */
    public static final class Sender {
        final long s0;
        final long s1;
        private final AesPrg[] prg = new AesPrg[KAPPA];
        private final Tweaks tweaks = new Tweaks();

        /** The first hash tweak of the next m transfers (both sides count the same). */
        long tweaks(int m) {
            return tweaks.next(m);
        }

        private Sender(long s0, long s1, byte[][] keys, long senderNonce, long receiverNonce) {
            this.s0 = s0;
            this.s1 = s1;
            for (int j = 0; j < KAPPA; j++) {
                prg[j] = new AesPrg(BaseOtStore.sessionSeed(keys[j], senderNonce, receiverNonce), 0);
            }
        }

        /** Fresh base OTs, kept nowhere. */
        public static Sender setup(OtLink link, SecureRandom random) {
            return setup(link, random, null, -1);
        }

        /**
         * The sender's side with {@code peer}: names the base OTs it keeps in {@code store} (or none) and hears whether
         * the receiver keeps the same ones; if not, runs fresh ones and keeps them (store null: fresh, kept nowhere).
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
                    choices[j] = ((j < 64 ? s0 >>> j : s1 >>> (j - 64)) & 1) == 1;
                }
                kept = new BaseOtStore.Chosen(id, s0, s1, BaseOt.receive(link, choices, random));
                if (store != null) {
                    store.keep(peer, kept);
                }
            }
            return new Sender(kept.s0(), kept.s1(), kept.keys(), nonce, reply[1]);
        }

        /** The rows q_i (2 words each) of m transfers (m a multiple of 64), reading the receiver's matrix U. */
        long[] extend(OtLink link, int m) {
            int words = m / 64;
            long[] u = link.receive(KAPPA * words);
            long[][] cols = new long[KAPPA][];
            for (int j = 0; j < KAPPA; j++) {
                long[] col = prg[j].next(words);
                if (((j < 64 ? s0 >>> j : s1 >>> (j - 64)) & 1) == 1) {
                    for (int w = 0; w < words; w++) {
                        col[w] ^= u[j * words + w];
                    }
                }
                cols[j] = col;
            }
            return Bits.transpose(cols, m);
        }
    }

    /** The extension's receiver: both keys of every base OT. */
    public static final class Receiver {
        private final AesPrg[] prg0 = new AesPrg[KAPPA];
        private final AesPrg[] prg1 = new AesPrg[KAPPA];
        private final Tweaks tweaks = new Tweaks();

        /** The first hash tweak of the next m transfers (both sides count the same). */
        long tweaks(int m) {
            return tweaks.next(m);
        }

        private Receiver(byte[][][] keys, long senderNonce, long receiverNonce) {
            for (int j = 0; j < KAPPA; j++) {
                prg0[j] = new AesPrg(BaseOtStore.sessionSeed(keys[j][0], senderNonce, receiverNonce), 0);
                prg1[j] = new AesPrg(BaseOtStore.sessionSeed(keys[j][1], senderNonce, receiverNonce), 0);
            }
        }

        /** Fresh base OTs, kept nowhere. */
        public static Receiver setup(OtLink link, SecureRandom random) {
            return setup(link, random, null, -1);
        }

        /** The receiver's side with {@code peer} (see {@link Sender#setup(OtLink, SecureRandom, BaseOtStore, int)}). */
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
            return new Receiver(kept.keys(), hello[1], nonce);
        }

        /** The rows t_i of m transfers with choice bits {@code r} (m / 64 words); sends U = T xor G(k1) xor r. */
        long[] extend(OtLink link, long[] r, int m) {
            int words = m / 64;
            long[][] cols = new long[KAPPA][];
            long[] u = new long[KAPPA * words];
            for (int j = 0; j < KAPPA; j++) {
                long[] t = prg0[j].next(words);
                long[] g1 = prg1[j].next(words);
                for (int w = 0; w < words; w++) {
                    u[j * words + w] = t[w] ^ g1[w] ^ r[w];
                }
                cols[j] = t;
            }
            link.send(u);
            return Bits.transpose(cols, m);
        }
    }
}
