package org.consortia.mpc.sharing.fss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DcfTest {
    /** Test data only (alphas, payloads, points); the runtime's root seeds come from the dealer's AES streams. */
    private static SplittableRandom random(long seed) {
        System.out.println("DcfTest seed " + seed);
        return new SplittableRandom(seed);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 63, 64})
    void theTwoEvaluationsAddUpToBetaBelowAlphaAndZeroElsewhere(int bits) {
        SplittableRandom rnd = random(0xDCF0L + bits);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        int keys = 600; // past two of gen's slices of 256, the last one partial
        int points = 12;
        long[] alpha = new long[keys];
        long[] beta = new long[2 * keys];
        long[] r0 = new long[2 * keys];
        long[] r1 = new long[2 * keys];
        for (int e = 0; e < keys; e++) {
            alpha[e] = e == 0 ? 0 : e == 1 ? mask : rnd.nextLong() & mask;
            beta[2 * e] = rnd.nextLong();
            beta[2 * e + 1] = rnd.nextLong();
            r0[2 * e] = rnd.nextLong();
            r0[2 * e + 1] = rnd.nextLong();
            r1[2 * e] = rnd.nextLong();
            r1[2 * e + 1] = rnd.nextLong();
        }
        long[] cw = new long[Dcf.keyWords(bits) * keys];
        Dcf.gen(bits, alpha, beta, r0, r1, cw);
        for (int p = 0; p < points; p++) {
            long[] x = new long[keys];
            for (int e = 0; e < keys; e++) {
                long d = switch (p) {
                    case 0 -> 0; // at alpha
                    case 1 -> -1; // just below
                    case 2 -> 1; // just above
                    default -> rnd.nextLong();
                };
                x[e] = p == 3 ? 0 : p == 4 ? mask : (alpha[e] + d) & mask;
            }
            long[] y0 = new long[2 * keys];
            long[] y1 = new long[2 * keys];
            Dcf.eval(0, bits, r0, cw, x, y0);
            Dcf.eval(1, bits, r1, cw, x, y1);
            for (int e = 0; e < keys; e++) {
                boolean below = Long.compareUnsigned(x[e], alpha[e]) < 0;
                assertEquals(below ? beta[2 * e] : 0, y0[2 * e] + y1[2 * e], "bits " + bits + " key " + e + " point " + p);
                assertEquals(below ? beta[2 * e + 1] : 0, y0[2 * e + 1] + y1[2 * e + 1]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void wideKeysEvaluatedAtSeveralPointsGiveTheWholePayloadBelowAlpha(int width) {
        wideKeys(width, Dcf.Group.Z64);
    }

    /** Payloads in Z_2^128 (malicious mode's value and MAC): the two outputs add up with the carry between words. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void payloadsInTheWideRingAddUpWithCarries(int width) {
        wideKeys(width, Dcf.Group.Z128);
    }

    /** Payloads of bit vectors (malicious mode's comparison bit and its binary MAC): the two outputs XOR to beta. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void payloadsOfBitVectorsXorToBeta(int width) {
        wideKeys(width, Dcf.Group.XOR);
    }

    private static void wideKeys(int width, Dcf.Group group) {
        boolean wide = group == Dcf.Group.Z128;
        SplittableRandom rnd = random(0xDCF4L + width + 128L * group.ordinal());
        int bits = 63;
        long mask = Long.MAX_VALUE;
        int keys = 300; // past a slice of gen's
        int points = 7;
        long[] alpha = new long[keys];
        long[] beta = new long[width * keys];
        long[] r0 = new long[2 * keys];
        long[] r1 = new long[2 * keys];
        for (int e = 0; e < keys; e++) {
            alpha[e] = e == 0 ? 0 : e == 1 ? mask : rnd.nextLong() & mask;
            for (int w = 0; w < width; w++) {
                beta[width * e + w] = rnd.nextLong();
            }
            r0[2 * e] = rnd.nextLong();
            r0[2 * e + 1] = rnd.nextLong();
            r1[2 * e] = rnd.nextLong();
            r1[2 * e + 1] = rnd.nextLong();
        }
        long[] cw = new long[Dcf.keyWords(bits, width) * keys];
        Dcf.gen(bits, width, group, alpha, beta, r0, r1, cw);
        long[] x = new long[keys * points];
        for (int e = 0; e < keys; e++) {
            for (int q = 0; q < points; q++) {
                long d = q < 3 ? q - 1 : q == 3 ? 1L << 20 : q == 4 ? -(1L << 20) : rnd.nextLong();
                x[points * e + q] = (alpha[e] + d) & mask; // just below, at, just above alpha, further, random
            }
        }
        long[] y0 = new long[width * keys * points];
        long[] y1 = new long[width * keys * points];
        Dcf.evalPoints(0, bits, width, group, r0, cw, x, points, y0);
        Dcf.evalPoints(1, bits, width, group, r1, cw, x, points, y1);
        for (int e = 0; e < keys; e++) {
            for (int q = 0; q < points; q++) {
                int j = points * e + q;
                boolean below = Long.compareUnsigned(x[j], alpha[e]) < 0;
                if (wide) {
                    for (int w = 0; w < width; w += 2) {
                        long lo = y0[width * j + w] + y1[width * j + w];
                        long hi = y0[width * j + w + 1] + y1[width * j + w + 1]
                                + (Long.compareUnsigned(lo, y0[width * j + w]) < 0 ? 1 : 0);
                        assertEquals(below ? beta[width * e + w] : 0, lo, "key " + e + " point " + q + " element " + w / 2);
                        assertEquals(below ? beta[width * e + w + 1] : 0, hi, "key " + e + " point " + q + " element " + w / 2);
                    }
                    continue;
                }
                for (int w = 0; w < width; w++) {
                    long sum = group == Dcf.Group.XOR ? y0[width * j + w] ^ y1[width * j + w]
                            : y0[width * j + w] + y1[width * j + w];
                    assertEquals(below ? beta[width * e + w] : 0, sum,
                            "width " + width + " key " + e + " point " + q + " word " + w);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void oddOrOversizedPayloadsAreRefused() {
        assertThrows(MpcArgumentException.class, () -> Dcf.keyWords(63, 3));
        assertThrows(MpcArgumentException.class, () -> Dcf.keyWords(63, 10));
        assertEquals(4 * 63 + 4, Dcf.keyWords(63, 2));
        assertEquals(6 * 63 + 6, Dcf.keyWords(63, 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {63})
    void aKeysSharedWordsDependOnTheRootsNotJustOnAlpha(int bits) {
        long[] alpha = {5};
        long[] beta = {1, 1};
        long[] cwA = new long[Dcf.keyWords(bits)];
        long[] cwB = new long[Dcf.keyWords(bits)];
        Dcf.gen(bits, alpha, beta, new long[] {1, 2}, new long[] {3, 4}, cwA);
        Dcf.gen(bits, alpha, beta, new long[] {5, 6}, new long[] {7, 8}, cwB);
        assertNotEquals(cwA[0], cwB[0]);
        assertNotEquals(cwA[cwA.length - 1], cwB[cwB.length - 1]);
    }

    @org.junit.jupiter.api.Test
    void badShapesAreRefused() {
        assertThrows(MpcArgumentException.class, () -> Dcf.keyWords(0));
        assertThrows(MpcArgumentException.class, () -> Dcf.keyWords(65));
        assertThrows(MpcArgumentException.class, () -> Dcf.eval(2, 8, new long[2], new long[36], new long[1], new long[2]));
        assertThrows(MpcArgumentException.class, () -> Dcf.eval(0, 8, new long[2], new long[35], new long[1], new long[2]));
    }
}
