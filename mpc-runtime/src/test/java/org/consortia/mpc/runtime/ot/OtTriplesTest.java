package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

import org.consortia.mpc.sharing.ring.Conv2d;
import org.consortia.mpc.sharing.ring.RingMatmul;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OT building blocks against their definitions: the receiver of a base OT holds exactly the chosen key; Gilboa
 * shares add up to the product for edge values too; n-party triples satisfy c = ab for 2, 3 and 5 parties, and a
 * party's share of c is uniform (chi-square on its low byte, significance 0.001); AND triples satisfy c = a AND b, and
 * arithmetic triples made after them on the same extensions are still right.
 */
class OtTriplesTest {
    /** A thread per task (the common pool may have one thread on this machine, and the parties wait on each other). */
    static final java.util.concurrent.Executor THREADS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    /** A party's work in a test: its side of the protocol. */
    interface Side<T> {
        T run(int party) throws Exception;
    }

    /** Runs every party's side at once (they wait on each other) and returns the results in party order. */
    static <T> java.util.List<T> everyParty(int n, Side<T> side) throws Exception {
        java.util.List<CompletableFuture<T>> fs = new java.util.ArrayList<>();
        for (int p = 0; p < n; p++) {
            int self = p;
            fs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return side.run(self);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, THREADS));
        }
        java.util.List<T> out = new java.util.ArrayList<>();
        for (CompletableFuture<T> f : fs) {
            out.add(f.get());
        }
        return out;
    }

    /** The simulated parties' kept base OTs, as nodes keep them across jobs (the first test with a pair makes them). */
    private static final BaseOtStore[] KEPT = {new BaseOtStore(), new BaseOtStore(), new BaseOtStore(), new BaseOtStore(),
        new BaseOtStore()};

    /** Parties 0..n-1's stores of kept base OTs. */
    static BaseOtStore[] kept(int n) {
        return java.util.Arrays.copyOf(KEPT, n);
    }

    static SecureRandom seeded(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG"); // deterministic once seeded: test randomness only
        r.setSeed(seed);
        return r;
    }

    /** One seeded generator per party: {@code base + p} for party p. */
    static SecureRandom[] seededParties(int n, long base) throws Exception {
        SecureRandom[] rs = new SecureRandom[n];
        for (int p = 0; p < n; p++) {
            rs[p] = seeded(base + p);
        }
        return rs;
    }

    @Test
    void theReceiverHoldsExactlyTheChosenKey() throws Exception {
        OtLink[] l = OtLink.pair();
        boolean[] choices = new boolean[128];
        SecureRandom r = seeded(1);
        for (int i = 0; i < choices.length; i++) {
            choices[i] = r.nextBoolean();
        }
        var sent = CompletableFuture.supplyAsync(() -> {
            try {
                return BaseOt.send(l[0], 128, seeded(2));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        byte[][] got = BaseOt.receive(l[1], choices, seeded(3));
        byte[][][] keys = sent.get();
        for (int i = 0; i < 128; i++) {
            assertArrayEquals(keys[i][choices[i] ? 1 : 0], got[i], "transfer " + i);
            assertFalse(java.util.Arrays.equals(keys[i][choices[i] ? 0 : 1], got[i]), "transfer " + i + ": not the other key");
        }
    }

    @Test
    void gilboaSharesAddUpToTheProduct() throws Exception {
        OtLink[] l = OtLink.pair();
        var senderOt = CompletableFuture.supplyAsync(() -> {
            try {
                return SoftSpoken.Sender.setup(l[0], seeded(4));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        SoftSpoken.Receiver receiverOt = SoftSpoken.Receiver.setup(l[1], seeded(5));
        Gilboa.Sender s = new Gilboa.Sender(senderOt.get());
        Gilboa.Receiver rc = new Gilboa.Receiver(receiverOt);
        SecureRandom r = seeded(6);
        for (int round = 0; round < 3; round++) { // the extension and the hash tweaks carry on across calls
            long[] a = new long[1000];
            long[] b = new long[1000];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextLong();
                b[i] = r.nextLong();
            }
            a[0] = 0;
            b[1] = 0;
            a[2] = -1;
            b[2] = -1;
            a[3] = Long.MIN_VALUE;
            b[3] = 3;
            var u = CompletableFuture.supplyAsync(() -> s.multiply(l[0], a), THREADS);
            long[] v = rc.multiply(l[1], b);
            long[] us = u.get();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i] * b[i], us[i] + v[i], "product " + i + " of round " + round);
            }
        }
    }

    /** One session's extension in both directions' stead: the Gilboa shares of a b, sender's first. */
    private static long[][] productsWithStores(BaseOtStore senderStore, BaseOtStore receiverStore, long seed, long[] a,
            long[] b) throws Exception {
        OtLink[] l = OtLink.pair();
        var senderOt = CompletableFuture.supplyAsync(() -> {
            try {
                return SoftSpoken.Sender.setup(l[0], seeded(seed), senderStore, 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        Gilboa.Receiver rc = new Gilboa.Receiver(SoftSpoken.Receiver.setup(l[1], seeded(seed + 1), receiverStore, 0));
        Gilboa.Sender s = new Gilboa.Sender(senderOt.get());
        var u = CompletableFuture.supplyAsync(() -> s.multiply(l[0], a), THREADS);
        long[] v = rc.multiply(l[1], b);
        return new long[][] {u.get(), v};
    }

    /** A session's key is a function of the base OT key and both nonces: the same for both sides, another if one differs. */
    @Test
    void aSessionsKeyDependsOnTheKeyAndBothNonces() {
        byte[] key = new byte[16];
        key[3] = 7;
        byte[] other = key.clone();
        other[15] = 1;
        byte[] words = BaseOtStore.sessionKey(key, 5, 9);
        assertArrayEquals(words, BaseOtStore.sessionKey(key, 5, 9), "deterministic");
        for (byte[] w : new byte[][] {BaseOtStore.sessionKey(key, 6, 9), BaseOtStore.sessionKey(key, 5, 10),
            BaseOtStore.sessionKey(key, 9, 5), BaseOtStore.sessionKey(other, 5, 9)}) {
            assertFalse(java.util.Arrays.equals(words, w), "another nonce, order or key, another key");
        }
    }

    @Test
    void keptBaseOtsAreReusedWhileBothSidesHoldThemAndRunFreshOtherwise() throws Exception {
        System.out.println("[seed] OtTriplesTest kept base OTs: sessions seeded 40, 50, 60, 70");
        BaseOtStore senderStore = new BaseOtStore();
        BaseOtStore receiverStore = new BaseOtStore();
        SecureRandom r = seeded(41);
        long[] a = new long[640];
        long[] b = new long[640];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextLong();
            b[i] = r.nextLong();
        }
        long[][] first = productsWithStores(senderStore, receiverStore, 40, a, b);
        long id = senderStore.chosen(1).id();
        assertEquals(id, receiverStore.pairs(0).id(), "both sides keep the base OTs of the first session under one id");
        long[][] second = productsWithStores(senderStore, receiverStore, 50, a, b);
        assertEquals(id, senderStore.chosen(1).id(), "the second session reused the kept base OTs");
        assertEquals(id, receiverStore.pairs(0).id());
        for (long[][] sh : new long[][][] {first, second}) {
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i] * b[i], sh[0][i] + sh[1][i], "product " + i);
            }
        }
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += first[0][i] == second[0][i] ? 1 : 0;
        }
        assertEquals(0, same, "a session reading the kept keys reads fresh streams: the same products, other shares");

        receiverStore.clear(); // the receiver restarted: the sender's id is answered 0 and both run fresh base OTs
        long[][] third = productsWithStores(senderStore, receiverStore, 60, a, b);
        long fresh = senderStore.chosen(1).id();
        assertTrue(fresh != id, "fresh base OTs after a disagreement");
        assertEquals(fresh, receiverStore.pairs(0).id(), "and both keep them");
        long[][] storeless = productsWithStores(null, receiverStore, 70, a, b); // no store at the sender: fresh, kept by the other
        for (long[][] sh : new long[][][] {third, storeless}) {
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i] * b[i], sh[0][i] + sh[1][i], "product " + i);
            }
        }
        assertTrue(receiverStore.pairs(0).id() != fresh, "the receiver keeps the store-less session's base OTs");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void triplesSatisfyCEqualsAB(int n) throws Exception {
        SecureRandom[] rs = seededParties(n, 100);
        System.out.println("[seed] OtTriplesTest parties seeded 100.." + (99 + n));
        OtTriples[] parties = OtTriples.inMemory(n, rs, kept(n));
        int count = n == 2 ? 51_200 : 5_000;
        long[][][] shares = everyParty(n, p -> parties[p].triples(count, rs[p])).toArray(long[][][]::new);
        for (int i = 0; i < count; i++) {
            long a = 0;
            long b = 0;
            long c = 0;
            for (int p = 0; p < n; p++) {
                a += shares[p][0][i];
                b += shares[p][1][i];
                c += shares[p][2][i];
            }
            assertEquals(a * b, c, "triple " + i);
        }
        if (n == 2) { // party 0's share of c: uniform low byte
            long[] cells = new long[256];
            for (long v : shares[0][2]) {
                cells[(int) (v & 255)]++;
            }
            double e = count / 256.0;
            double chi = 0;
            for (long o : cells) {
                chi += (o - e) * (o - e) / e;
            }
            System.out.printf("party 0's c shares: chi-square %.1f over 256 cells (critical 330.5 at 0.001)%n", chi);
            assertTrue(chi < 330.5, "chi-square " + chi);
        }
        System.out.printf("%d parties, %d triples: party 0 sent %d bytes (%.0f per triple)%n", n, count, parties[0].bytesSent(),
                (double) parties[0].bytesSent() / count);
        for (OtTriples t : parties) {
            t.close();
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void andTriplesSatisfyCEqualsAAndB(int n) throws Exception {
        SecureRandom[] rs = seededParties(n, 200);
        OtTriples[] parties = OtTriples.inMemory(n, rs, kept(n));
        int words = 500;
        // AND triples, then arithmetic triples on the same extensions
        long[][][][] out = everyParty(n, p -> new long[][][] {parties[p].andTriples(words, rs[p]), parties[p].triples(300, rs[p])})
                .toArray(long[][][][]::new);
        for (int i = 0; i < words; i++) {
            long a = 0;
            long b = 0;
            long c = 0;
            for (int p = 0; p < n; p++) {
                a ^= out[p][0][0][i];
                b ^= out[p][0][1][i];
                c ^= out[p][0][2][i];
            }
            assertEquals(a & b, c, "AND word " + i);
        }
        for (int i = 0; i < 300; i++) {
            long a = 0;
            long b = 0;
            long c = 0;
            for (int p = 0; p < n; p++) {
                a += out[p][1][0][i];
                b += out[p][1][1][i];
                c += out[p][1][2][i];
            }
            assertEquals(a * b, c, "triple " + i + " after the AND triples");
        }
        for (OtTriples t : parties) {
            t.close();
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void randomBitsAndTruncationPairsAgreeWithTheirDefinitions(int n) throws Exception {
        SecureRandom[] rs = seededParties(n, 300);
        OtTriples[] parties = OtTriples.inMemory(n, rs, kept(n));
        int count = 1000;
        int pairs = 50;
        long[][][][] out = everyParty(n, p -> new long[][][] {parties[p].randomBits(count, rs[p]),
            parties[p].truncationPairs(pairs, 16, rs[p])}).toArray(long[][][][]::new);
        int ones = 0;
        for (int i = 0; i < count; i++) {
            long xor = 0;
            long sum = 0;
            for (int p = 0; p < n; p++) {
                xor ^= (out[p][0][0][i >>> 6] >>> (i & 63)) & 1;
                sum += out[p][0][1][i];
            }
            assertEquals(xor, sum, "bit " + i + ": the additive sharing holds the XOR-shared bit");
            ones += (int) xor;
        }
        assertTrue(ones > 400 && ones < 600, ones + " ones in " + count + " random bits");
        for (int e = 0; e < pairs; e++) {
            long r = 0;
            long high = 0;
            long msb = 0;
            for (int p = 0; p < n; p++) {
                r += out[p][1][0][e];
                high += out[p][1][1][e];
                msb += out[p][1][2][e];
            }
            assertEquals(r >>> 16, high, "r >>> f of pair " + e);
            assertEquals(r >>> 63, msb, "msb of pair " + e);
        }
        for (OtTriples t : parties) {
            t.close();
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void matrixTriplesSatisfyCEqualsAB(int n) throws Exception {
        SecureRandom[] rs = seededParties(n, 400);
        OtTriples[] parties = OtTriples.inMemory(n, rs, kept(n));
        int m = 5;
        int k = 4;
        int cols = 3;
        java.util.List<long[][]> sh = everyParty(n, p -> parties[p].matrixTriple(m, k, cols, rs[p]));
        long[] a = new long[m * k];
        long[] b = new long[k * cols];
        long[] c = new long[m * cols];
        for (long[][] part : sh) {
            for (int i = 0; i < a.length; i++) {
                a[i] += part[0][i];
            }
            for (int i = 0; i < b.length; i++) {
                b[i] += part[1][i];
            }
            for (int i = 0; i < c.length; i++) {
                c[i] += part[2][i];
            }
        }
        assertArrayEquals(RingMatmul.multiply(a, b, m, k, cols), c, "C = A B");
        for (OtTriples t : parties) {
            t.close();
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void convolutionTriplesSatisfyCEqualsConvAB(int n) throws Exception {
        SecureRandom[] rs = seededParties(n, 500);
        OtTriples[] parties = OtTriples.inMemory(n, rs, kept(n));
        var conv = new Conv2d(2, 2, 5, 5, 3, 3, 2, 1);
        java.util.List<long[][]> sh = everyParty(n, p -> parties[p].convTriple(conv, rs[p]));
        long[] a = new long[conv.inputSize()];
        long[] b = new long[conv.weightSize()];
        long[] c = new long[conv.outSize()];
        for (long[][] part : sh) {
            for (int i = 0; i < a.length; i++) {
                a[i] += part[0][i];
            }
            for (int i = 0; i < b.length; i++) {
                b[i] += part[1][i];
            }
            for (int i = 0; i < c.length; i++) {
                c[i] += part[2][i];
            }
        }
        assertArrayEquals(conv.apply(a, b), c, "C = conv(A, B)");
        for (OtTriples t : parties) {
            t.close();
        }
    }

    /** Requests larger than one extension call are made in chunks (triples, bits) and groups (matrix entries). */
    @org.junit.jupiter.api.Test
    void largeRequestsAreMadeInChunks() throws Exception {
        SecureRandom[] rs = {seeded(600), seeded(601)};
        OtTriples[] parties = OtTriples.inMemory(2, rs, kept(2));
        int count = OtTriples.CHUNK + 100;
        int bits = 64 * OtTriples.CHUNK + 640;
        java.util.List<long[][][]> out = everyParty(2, p -> new long[][][] {parties[p].triples(count, rs[p]),
            parties[p].randomBits(bits, rs[p]), parties[p].matrixTriple(3, 100, 100, rs[p])});
        for (int i = 0; i < count; i++) {
            long a = out.get(0)[0][0][i] + out.get(1)[0][0][i];
            long b = out.get(0)[0][1][i] + out.get(1)[0][1][i];
            assertEquals(a * b, out.get(0)[0][2][i] + out.get(1)[0][2][i], "triple " + i);
        }
        for (int i = 0; i < bits; i++) {
            long xor = ((out.get(0)[1][0][i >>> 6] ^ out.get(1)[1][0][i >>> 6]) >>> (i & 63)) & 1;
            assertEquals(xor, out.get(0)[1][1][i] + out.get(1)[1][1][i], "bit " + i);
        }
        long[] a = new long[300];
        long[] b = new long[10_000];
        long[] c = new long[300];
        for (long[][][] p : out) {
            for (int i = 0; i < a.length; i++) {
                a[i] += p[2][0][i];
                c[i] += p[2][2][i];
            }
            for (int i = 0; i < b.length; i++) {
                b[i] += p[2][1][i];
            }
        }
        assertArrayEquals(RingMatmul.multiply(a, b, 3, 100, 100), c, "C = A B in groups");
        for (OtTriples t : parties) {
            t.close();
        }
    }

    /**
     * Truncation pairs and masks over more than one chunk of elements (their daBits folded chunk by chunk), and a
     * matrix triple whose vectors (columns of A, m entries) are longer than a chunk, so they go in slices.
     */
    @org.junit.jupiter.api.Test
    void truncationPairsMasksAndLongVectorsSpanChunks() throws Exception {
        SecureRandom[] rs = {seeded(700), seeded(701)};
        OtTriples[] parties = OtTriples.inMemory(2, rs, kept(2));
        int pairs = OtTriples.CHUNK + 7;
        int m = 2 * OtTriples.CHUNK + 5;
        java.util.List<long[][][]> out = everyParty(2, p -> new long[][][] {parties[p].truncationPairs(pairs, 20, rs[p]),
            parties[p].masksWithBits(pairs, rs[p]), parties[p].matrixTriple(m, 1, 2, rs[p])});
        for (int e = 0; e < pairs; e++) {
            long r = out.get(0)[0][0][e] + out.get(1)[0][0][e];
            assertEquals(r >>> 20, out.get(0)[0][1][e] + out.get(1)[0][1][e], "r >>> f of pair " + e);
            assertEquals(r >>> 63, out.get(0)[0][2][e] + out.get(1)[0][2][e], "msb of pair " + e);
            long mask = out.get(0)[1][0][e] + out.get(1)[1][0][e];
            assertEquals(mask, out.get(0)[1][1][e] ^ out.get(1)[1][1][e], "the mask's XOR-shared bits, element " + e);
        }
        long[] a = new long[m];
        long[] b = new long[2];
        long[] c = new long[2 * m];
        for (long[][][] p : out) {
            for (int i = 0; i < m; i++) {
                a[i] += p[2][0][i];
            }
            b[0] += p[2][1][0];
            b[1] += p[2][1][1];
            for (int i = 0; i < c.length; i++) {
                c[i] += p[2][2][i];
            }
        }
        assertArrayEquals(RingMatmul.multiply(a, b, m, 1, 2), c, "C = A B in slices");
        for (OtTriples t : parties) {
            t.close();
        }
    }
}
