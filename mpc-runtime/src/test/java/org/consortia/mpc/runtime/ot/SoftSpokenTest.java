package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * SoftSpoken's parts against their definitions: the punctured tree gives the sender every leaf but the one its bits
 * name, whatever they are; the fold computes the small-field VOLE's sums; and the extension's rows are IKNP's
 * correlation, t_i = q_i xor r_i s for every transfer, over several extensions in a row with kept and fresh base OTs.
 */
class SoftSpokenTest {
    @Test
    void thePuncturedTreeGivesTheSenderEveryLeafButItsOwnBits() throws Exception {
        System.out.println("[seed] SoftSpokenTest tree: 77");
        SecureRandom r = OtTriplesTest.seeded(77);
        for (int p = 0; p < 1 << SoftSpoken.K; p++) {
            byte[][][] pads = new byte[SoftSpoken.K][2][16];
            byte[][] chosen = new byte[SoftSpoken.K][];
            for (int l = 0; l < SoftSpoken.K; l++) {
                r.nextBytes(pads[l][0]);
                r.nextBytes(pads[l][1]);
                chosen[l] = pads[l][p >>> l & 1];
            }
            byte[] root = new byte[16];
            r.nextBytes(root);
            long[] message = new long[SoftSpoken.Ggm.MESSAGE_WORDS];
            int g = p % (SoftSpoken.KAPPA / SoftSpoken.K);
            byte[][] leaves = SoftSpoken.Ggm.grow(root, pads, message, g);
            byte[][] known = SoftSpoken.Ggm.punctured(message, g, p, chosen);
            assertEquals(1 << SoftSpoken.K, leaves.length);
            for (int x = 0; x < leaves.length; x++) {
                if (x == p) {
                    assertNull(known[x], "the leaf at the sender's bits stays unknown");
                } else {
                    assertNotNull(known[x], "leaf " + x + " of " + p);
                    assertArrayEquals(leaves[x], known[x], "leaf " + x + " with the sender's bits " + p);
                }
            }
        }
    }

    @Test
    void theFoldSumsTheLeavesWithEachBitSet() throws Exception {
        SecureRandom r = OtTriplesTest.seeded(78);
        int len = 37;
        long[][] tile = new long[1 << SoftSpoken.K][len];
        for (long[] t : tile) {
            for (int w = 0; w < len; w++) {
                t[w] = r.nextLong();
            }
        }
        long[][] expected = new long[SoftSpoken.K + 1][len];
        for (int x = 0; x < tile.length; x++) {
            for (int w = 0; w < len; w++) {
                for (int t = 0; t < SoftSpoken.K; t++) {
                    if ((x >>> t & 1) == 1) {
                        expected[t][w] ^= tile[x][w];
                    }
                }
                expected[SoftSpoken.K][w] ^= tile[x][w];
            }
        }
        long[][] cols = new long[SoftSpoken.K + 2][len + 5];
        SoftSpoken.fold(tile, len, cols, 2, 5);
        for (int t = 0; t < SoftSpoken.K; t++) {
            assertArrayEquals(expected[t], java.util.Arrays.copyOfRange(cols[2 + t], 5, 5 + len), "column " + t);
        }
        assertArrayEquals(expected[SoftSpoken.K], java.util.Arrays.copyOf(tile[0], len), "the sum of all leaves");
    }

    /** Rows of both sides for three extensions in a row (m = 64, 64 * 700, 64 * 9), with fresh then kept base OTs. */
    @Test
    void theRowsAreCorrelatedOtsUnderTheSendersSecret() throws Exception {
        System.out.println("[seed] SoftSpokenTest rows: sessions seeded 80, 81 and 82, 83; choices 84");
        BaseOtStore senderStore = new BaseOtStore();
        BaseOtStore receiverStore = new BaseOtStore();
        SecureRandom choices = OtTriplesTest.seeded(84);
        for (int session = 0; session < 2; session++) {
            OtLink[] l = OtLink.pair();
            long senderSeed = 80 + 2 * session;
            var senderOt = CompletableFuture.supplyAsync(() -> {
                try {
                    return SoftSpoken.Sender.setup(l[0], OtTriplesTest.seeded(senderSeed), senderStore, 1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, OtTriplesTest.THREADS);
            SoftSpoken.Receiver receiver = SoftSpoken.Receiver.setup(l[1], OtTriplesTest.seeded(senderSeed + 1),
                    receiverStore, 0);
            SoftSpoken.Sender sender = senderOt.get();
            assertEquals(1, senderStore.size());
            // the second session reuses the kept base OTs: the sender sends its 2-word hello only, no curve points; the
            // receiver its answer and the tree sums
            if (session == 0) {
                assertTrue(l[0].bytesSent() > 16, "fresh base OTs: the sender's points");
            } else {
                assertEquals(16, l[0].bytesSent(), "kept base OTs: the sender's hello only");
                assertEquals(16 + 8L * SoftSpoken.Ggm.MESSAGE_WORDS, l[1].bytesSent(), "the receiver's answer and tree sums");
            }
            for (int m : new int[] {64, 64 * 700, 64 * 9}) {
                long[] r = new long[m / 64];
                for (int w = 0; w < r.length; w++) {
                    r[w] = choices.nextLong();
                }
                var q = CompletableFuture.supplyAsync(() -> sender.extend(l[0], m), OtTriplesTest.THREADS);
                long before = l[1].bytesSent();
                long[] t = receiver.extend(l[1], r, m);
                assertEquals(SoftSpoken.BITS_PER_OT / 8 * m, l[1].bytesSent() - before, "the receiver's bytes: 32 bits per OT");
                long[] rows = q.get();
                for (int i = 0; i < m; i++) {
                    boolean chose = (r[i >>> 6] >>> (i & 63) & 1) == 1;
                    assertEquals(chose ? sender.s0 : 0, rows[2 * i] ^ t[2 * i], "session " + session + ", transfer " + i);
                    assertEquals(chose ? sender.s1 : 0, rows[2 * i + 1] ^ t[2 * i + 1], "session " + session + ", transfer " + i);
                }
            }
        }
    }
}
