package org.consortia.mpc.sharing.prg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.consortia.mpc.sharing.Stats;
import org.junit.jupiter.api.Test;

class AesPrgTest {
    @Test
    void sameSeedAndStreamGiveSameWordsAcrossChunkBoundaries() {
        Seed s = Seed.random();
        long[] whole = new AesPrg(s, 7).next(100_003);
        AesPrg p = new AesPrg(s, 7);
        long[] parts = new long[100_003];
        p.fill(parts, 0, 10);
        parts[10] = p.nextLong();
        p.fill(parts, 11, 9000);
        p.fill(parts, 9011, 100_003 - 9011);
        assertArrayEquals(whole, parts);
        // small reads make small refills: still the one counter-mode keystream, as one JCA call over all of it makes it
        AesPrg q = new AesPrg(s, 7);
        long[] small = new long[100_003];
        for (int i = 0; i < 100; i++) {
            small[i] = q.nextLong();
        }
        q.fill(small, 100, 3);
        q.fill(small, 103, 100_003 - 103);
        assertArrayEquals(whole, small);
    }

    /**
     * Streams read in turn (as OT extension reads its leaves) in reads of random lengths, odd and even, short and
     * past the bulk path's piece, each against its own stream read whole: the thread's shared scratch carries nothing
     * from one stream to the next.
     */
    @Test
    void interleavedStreamsInRandomCutsAreEachTheirOwnStream() {
        long seed = 0xAE5L;
        System.out.println("AesPrgTest.interleaved seed " + seed);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int streams = 5;
        int total = 20_000;
        Seed[] seeds = new Seed[streams];
        AesPrg[] prgs = new AesPrg[streams];
        long[][] got = new long[streams][total];
        int[] at = new int[streams];
        for (int i = 0; i < streams; i++) {
            byte[] key = new byte[Seed.BYTES];
            key[0] = (byte) i;
            key[1] = (byte) seed;
            seeds[i] = Seed.of(key);
            prgs[i] = new AesPrg(seeds[i], i);
        }
        while (Arrays.stream(at).anyMatch(a -> a < total)) {
            int i = r.nextInt(streams);
            int len = Math.min(total - at[i], r.nextInt(4) == 0 ? r.nextInt(1, 5000) : r.nextInt(0, 9));
            if (len == 1 && r.nextBoolean()) {
                got[i][at[i]] = prgs[i].nextLong();
            } else {
                prgs[i].fill(got[i], at[i], len);
            }
            at[i] += len;
        }
        for (int i = 0; i < streams; i++) {
            assertArrayEquals(new AesPrg(seeds[i], i).next(total), got[i], "stream " + i);
        }
    }

    /**
     * As OT extension uses them: many streams of the same id (0) under different keys, read in turn, each against the
     * JCA's AES-CTR keystream of its key; and a seek to an odd word followed by a read longer than the bulk path's
     * piece (2,048 words).
     */
    @Test
    void sameIdStreamsUnderDifferentKeysAndAnOddSeekAreJcasCounterMode() throws Exception {
        int streams = 3;
        int total = 5_000;
        AesPrg[] prgs = new AesPrg[streams];
        Seed[] seeds = new Seed[streams];
        long[][] got = new long[streams][total];
        for (int i = 0; i < streams; i++) {
            seeds[i] = Seed.random();
            prgs[i] = new AesPrg(seeds[i], 0);
        }
        for (int at = 0; at < total; at += 500) {
            for (int i = 0; i < streams; i++) {
                prgs[i].fill(got[i], at, 500);
            }
        }
        for (int i = 0; i < streams; i++) {
            assertArrayEquals(ctr(seeds[i], 0, total), got[i], "stream " + i);
        }
        AesPrg p = new AesPrg(seeds[0], 0);
        p.seek(3);
        long[] tail = new long[4_099];
        p.fill(tail, 0, tail.length);
        assertArrayEquals(Arrays.copyOfRange(ctr(seeds[0], 0, 3 + tail.length), 3, 3 + tail.length), tail);
    }

    /** The first {@code words} words of the JCA's AES-CTR keystream of stream {@code id} under {@code s}. */
    private static long[] ctr(Seed s, long id, int words) throws Exception {
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        byte[] iv = java.nio.ByteBuffer.allocate(16).putLong(id).putLong(0).array();
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(s.key(), "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        byte[] ks = c.doFinal(new byte[8 * words]);
        long[] out = new long[words];
        java.nio.ByteBuffer.wrap(ks).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    @Test
    void aSeekReadsTheStreamFromThatWordOn() {
        Seed s = Seed.random();
        long[] whole = new AesPrg(s, 3).next(20_000);
        AesPrg p = new AesPrg(s, 3);
        p.fill(new long[77], 0, 77); // whatever was read before
        for (int word : new int[] {0, 1, 2, 8191, 8192, 8193, 19_999, 513}) { // even, odd, across refills, backwards
            p.seek(word);
            long[] got = new long[Math.min(600, 20_000 - word)];
            p.fill(got, 0, got.length);
            assertArrayEquals(Arrays.copyOfRange(whole, word, word + got.length), got, "from word " + word);
        }
        p.seek(5);
        assertEquals(whole[5], p.nextLong());
        assertEquals(whole[6], p.nextLong());
    }

    @Test
    void theThreadsScratchStreamIsTheSameStream() {
        Seed s = Seed.random();
        Seed t = Seed.random();
        long[] want = new AesPrg(s, 5).next(1000);
        AesPrg.scratch(t, 4).next(3000); // another stream read before, partly
        assertArrayEquals(want, AesPrg.scratch(s, 5).next(1000));
        assertArrayEquals(new AesPrg(t, 4).next(10), AesPrg.scratch(t, 4).next(10));
    }

    @Test
    void theStreamIsJcasCounterModeKeystream() throws Exception {
        Seed s = Seed.random();
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        byte[] iv = new byte[16];
        iv[7] = 9; // stream 9 in the IV's high 64 bits
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(s.key(), "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        byte[] ks = c.doFinal(new byte[8 * 20_000]);
        long[] want = new long[20_000];
        java.nio.ByteBuffer.wrap(ks).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(want);
        AesPrg p = new AesPrg(s, 9);
        long[] got = new long[20_000];
        p.fill(got, 0, 5);
        p.fill(got, 5, 19_995);
        assertArrayEquals(want, got);
    }

    @Test
    void streamsAndSeedsAreIndependent() {
        Seed s = Seed.random();
        long[] a = new AesPrg(s, 1).next(64);
        long[] b = new AesPrg(s, 2).next(64);
        long[] c = new AesPrg(Seed.random(), 1).next(64);
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void knownAnswerFromJcaAesCtr() throws Exception {
        // stream 0 under the all-zero key: the first block is AES_0(0^128), the FIPS-197 style known answer
        // 66e94bd4ef8a2c3b884cfa59ca342b2e, read as two little-endian words.
        long[] w = new AesPrg(Seed.of(new byte[16]), 0).next(2);
        assertEquals(0x3b2c8aefd44be966L, w[0]);
        assertEquals(0x2e2b34ca59fa4c88L, w[1]);
    }

    @Test
    void bytesAreUniform() {
        long[] w = new AesPrg(Seed.random(), 3).next(1 << 17);
        long[] counts = new long[256];
        for (long v : w) {
            for (int i = 0; i < 8; i++) {
                counts[(int) ((v >>> (8 * i)) & 0xff)]++;
            }
        }
        double chi = Stats.chiSquare256(counts);
        assertTrue(chi < Stats.CHI2_255_P1E6, "chi-square " + chi);
    }

    @Test
    void seedWordsRoundTripAndToStringHidesKey() {
        Seed s = Seed.random();
        assertEquals(s, Seed.fromWords(s.toWords()));
        assertEquals("Seed[redacted]", s.toString());
        assertNotEquals(s, Seed.random());
    }
}
