package org.consortia.mpc.sharing.dealer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;

import org.consortia.mpc.sharing.AdditiveSharing;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fss.Dcf;
import org.consortia.mpc.sharing.prg.Seed;
import org.consortia.mpc.sharing.ring.RingMatmul;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DealerTest {
    static Stream<Arguments> parties() {
        return Stream.of(2, 3, 5).map(Arguments::of);
    }

    /** Every party's share of item {@code index}, party 0 with the dealer's correction. */
    private static Material[] shares(Seed[] seeds, Request r, long index) {
        long[] corr = new Dealer(seeds).correction(r, index);
        assertEquals(r.correctionWords(), corr.length);
        Material[] m = new Material[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            m[i] = Derivation.derive(i, seeds[i], index, r, i == 0 ? corr : null);
        }
        return m;
    }

    private static Seed[] seeds(int n) {
        Seed[] s = new Seed[n];
        for (int i = 0; i < n; i++) {
            s[i] = Seed.random();
        }
        return s;
    }

    private static long[] sum(Material[] m, java.util.function.Function<Material, long[]> part) {
        long[][] parts = Stream.of(m).map(part).toArray(long[][]::new);
        return AdditiveSharing.reconstruct(parts);
    }

    private static long[] xor(Material[] m, java.util.function.Function<Material, long[]> part) {
        return AdditiveSharing.reconstructXor(Stream.of(m).map(part).toArray(long[][]::new));
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void elementwiseTriples(int n) {
        Material[] m = shares(seeds(n), new Request.Triple(1000), 3);
        long[] a = sum(m, x -> ((Material.TripleShare) x).a());
        long[] b = sum(m, x -> ((Material.TripleShare) x).b());
        long[] c = sum(m, x -> ((Material.TripleShare) x).c());
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j] * b[j], c[j]);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void matrixTriples(int n) {
        Material[] m = shares(seeds(n), new Request.MatrixTriple(7, 5, 3), 0);
        long[] a = sum(m, x -> ((Material.TripleShare) x).a());
        long[] b = sum(m, x -> ((Material.TripleShare) x).b());
        assertArrayEquals(RingMatmul.multiply(a, b, 7, 5, 3), sum(m, x -> ((Material.TripleShare) x).c()));
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void truncationPairs(int n) {
        Request.TruncPair req = new Request.TruncPair(2000, 16);
        Material[] m = shares(seeds(n), req, 9);
        long[] r = sum(m, x -> ((Material.TruncShare) x).r());
        long[] hi = sum(m, x -> ((Material.TruncShare) x).rHigh());
        long[] msb = sum(m, x -> ((Material.TruncShare) x).rMsb());
        boolean sawHighBit = false;
        for (int j = 0; j < r.length; j++) {
            assertEquals(r[j] >>> 16, hi[j]);
            assertEquals(r[j] >>> 63, msb[j]);
            sawHighBit |= msb[j] == 1;
        }
        assertEquals(true, sawHighBit);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void truncatedProductTriples(int n) {
        int rows = 4;
        int k = 6;
        int cols = 3;
        Request.TruncMatTriple req = new Request.TruncMatTriple(rows, k, cols, 20);
        Material[] m = shares(seeds(n), req, 5);
        long[] r = sum(m, x -> ((Material.TruncMatShare) x).r());
        long[] hi = sum(m, x -> ((Material.TruncMatShare) x).rHigh());
        long[] msb = sum(m, x -> ((Material.TruncMatShare) x).rMsb());
        long[] a = sum(m, x -> ((Material.TruncMatShare) x).a());
        for (int j = 0; j < r.length; j++) {
            assertEquals(r[j] >>> 20, hi[j]);
            assertEquals(r[j] >>> 63, msb[j]);
        }
        assertArrayEquals(RingMatmul.multiply(a, hi, rows, k, cols), sum(m, x -> ((Material.TruncMatShare) x).aHigh()));
        long[] aMsb = sum(m, x -> ((Material.TruncMatShare) x).aMsb());
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < k; j++) {
                for (int l = 0; l < cols; l++) {
                    assertEquals(a[i * k + j] * msb[j * cols + l], aMsb[(i * k + j) * cols + l], "A_ij r_63,jl");
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void andTriples(int n) {
        Material[] m = shares(seeds(n), new Request.AndTriple(100), 1);
        long[] a = xor(m, x -> ((Material.AndShare) x).a());
        long[] b = xor(m, x -> ((Material.AndShare) x).b());
        long[] c = xor(m, x -> ((Material.AndShare) x).c());
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j] & b[j], c[j]);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void randomBitsInBothForms(int n) {
        Material[] m = shares(seeds(n), new Request.RandomBits(130), 4);
        long[] arith = sum(m, x -> ((Material.BitShare) x).arithmetic());
        long[] packed = xor(m, x -> ((Material.BitShare) x).packed());
        assertEquals(3, packed.length);
        assertEquals(0, packed[2] >>> 2, "bits past the end are clear");
        int ones = 0;
        for (int j = 0; j < 130; j++) {
            long bit = (packed[j >>> 6] >>> (j & 63)) & 1;
            assertEquals(bit, arith[j]);
            ones += (int) bit;
        }
        assertFalse(ones == 0 || ones == 130);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void masksWithTheirBits(int n) {
        Material[] m = shares(seeds(n), new Request.MaskWithBits(500), 6);
        assertArrayEquals(xor(m, x -> ((Material.MaskShare) x).bits()), sum(m, x -> ((Material.MaskShare) x).arithmetic()));
    }

    /**
     * Chunk codes against their definition: element e's code bit u_q[v] (word 256 (e / 64) + 16 q + v, lane e mod 64)
     * is [r_q &gt; v] for r's 4-bit chunks q &lt; 15 and its bits 60..62; a partial last block's other lanes are 0.
     */
    @ParameterizedTest(name = "n={0}, {1}")
    @org.junit.jupiter.params.provider.CsvSource({"2,SIGN", "3,SIGN", "5,SIGN", "2,RELU", "3,EQUALITY", "5,EQUALITY"})
    void masksWithTheirChunkCodes(int n, Request.MaskWithCodes.Use use) {
        int size = 130;
        Request.MaskWithCodes request = new Request.MaskWithCodes(size, use);
        long top = use == Request.MaskWithCodes.Use.EQUALITY ? 15 : 7;
        Material[] m = shares(seeds(n), request, 7);
        long[] r = xor(m, x -> ((Material.CodeMaskShare) x).bits());
        assertArrayEquals(r, sum(m, x -> ((Material.CodeMaskShare) x).arithmetic()));
        long[] codes = xor(m, x -> ((Material.CodeMaskShare) x).codes());
        assertEquals(request.codeWords(), codes.length);
        assertEquals(3 * 256, codes.length);
        for (int e = 0; e < 192; e++) {
            for (int q = 0; q < Request.MaskWithCodes.CHUNKS; q++) {
                long chunk = q == 15 ? (r[Math.min(e, size - 1)] >>> 60) & top : (r[Math.min(e, size - 1)] >>> (4 * q)) & 15;
                for (int v = 0; v < 16; v++) {
                    long bit = (codes[256 * (e >>> 6) + 16 * q + v] >>> (e & 63)) & 1;
                    assertEquals(e < size && chunk > v ? 1L : 0L, bit, "element " + e + ", chunk " + q + ", v " + v);
                }
            }
        }
        if (request.product()) { // s and r s
            Material.CodeMaskShare m0 = (Material.CodeMaskShare) m[0];
            long[] s = xor(m, x -> ((Material.CodeMaskShare) x).productBits());
            long[] bit = sum(m, x -> ((Material.CodeMaskShare) x).productBit());
            long[] rBit = sum(m, x -> ((Material.CodeMaskShare) x).maskTimesBit());
            assertEquals(size, m0.productBit().length);
            for (int e = 0; e < size; e++) {
                long se = (s[e >>> 6] >>> (e & 63)) & 1L;
                assertEquals(se, bit[e], "s of element " + e);
                assertEquals(se * r[e], rBit[e], "r s of element " + e);
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("parties")
    void differentItemsAreIndependent(int n) {
        Seed[] s = seeds(n);
        Material a = Derivation.derive(1, s[1], 0, new Request.Triple(8), null);
        Material b = Derivation.derive(1, s[1], 1, new Request.Triple(8), null);
        assertFalse(java.util.Arrays.equals(((Material.TripleShare) a).a(), ((Material.TripleShare) b).a()));
    }

    @org.junit.jupiter.api.Test
    void correctionsGoToPartyZeroOnly() {
        Seed[] s = seeds(2);
        var e = assertThrows(MpcArgumentException.class,
                () -> Derivation.derive(1, s[1], 0, new Request.Triple(2), new long[2]));
        assertEquals("only party 0 receives corrections, not party 1", e.getMessage());
        assertEquals("TripleShare" + new Request.Triple(2), Derivation.derive(1, s[1], 0, new Request.Triple(2), null).toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, 63, 0, 0", "3, 63, 0, 0", "3, 21, 0, 0", "3, 21, 8, 0", "2, 5, 4, 0",
        "1, 63, 0, 16"})
    void signMasksShareTheMaskItsSignBitTimesItsPowersAndTheLaterKeysCompareBelowTheMask(int degree, int bits, int skip,
            int shift) {
        Seed[] seeds = seeds(2);
        Dealer dealer = new Dealer(seeds);
        Request.SignMask mr = new Request.SignMask(300, degree, bits, skip, shift);
        Request.SignKey kr = new Request.SignKey(mr, 2);
        long low = (1L << (bits - skip)) - 1;
        assertEquals(mr, kr.mask());
        int width = kr.width();
        long[] corr = dealer.correction(mr, 5);
        Dealer.Answer a = dealer.answer(kr, 7);
        assertEquals(mr.correctionWords(), corr.length);
        assertEquals(0, a.correction().length);
        assertEquals(kr.sharedWords(), a.shared().length);
        var m0 = (Material.SignMaskShare) Derivation.derive(0, seeds[0], 5, mr, corr);
        var m1 = (Material.SignMaskShare) Derivation.derive(1, seeds[1], 5, mr, null);
        var k0 = (Material.SignKeyShare) Derivation.derive(0, seeds[0], 7, kr, a.correction(), a.shared());
        var k1 = (Material.SignKeyShare) Derivation.derive(1, seeds[1], 7, kr, null, a.shared());
        long[] c = new long[300];
        for (int j = 0; j < c.length; j++) { // points at and below the mask's low bits, and a spread
            long alpha = ((m0.r()[j] + m1.r()[j]) >>> skip) & low;
            c[j] = (j % 3 == 0 ? alpha : j % 3 == 1 ? alpha - 1 : alpha * 31 + j) & low;
        }
        long[] y0 = new long[width * 300];
        long[] y1 = new long[width * 300];
        Dcf.eval(0, kr.keyBits(), width, m0.roots(), k0.shared(), c, y0);
        Dcf.eval(1, kr.keyBits(), width, m1.roots(), k1.shared(), c, y1);
        for (int j = 0; j < c.length; j++) {
            long mask = m0.r()[j] + m1.r()[j];
            long msb = (mask >>> bits) & 1;
            long lt = Long.compareUnsigned(c[j], (mask >>> skip) & low) < 0 ? 1 : 0;
            long power = 1;
            for (int p = 0; p <= degree; p++) {
                if (p >= 1) {
                    assertEquals(power, m0.rPow(p, j) + m1.rPow(p, j), "r^" + p);
                }
                assertEquals(msb * power, m0.rMsbPow(p, j) + m1.rMsbPow(p, j), "r_L r^" + p);
                assertEquals(lt * (1 - 2 * msb) * power, y0[width * j + p] + y1[width * j + p], "payload word " + p);
                power *= mask;
            }
            if (shift > 0) {
                long rHi = mask >>> shift;
                assertEquals(rHi, m0.rHi()[j] + m1.rHi()[j], "r_hi");
                assertEquals(msb * rHi, m0.rHi()[300 + j] + m1.rHi()[300 + j], "r_63 r_hi");
                assertEquals(lt * (1 - 2 * msb) * rHi, y0[width * j + degree + 1] + y1[width * j + degree + 1]);
                assertEquals(lt * (1 - 2 * msb) * msb, y0[width * j + degree + 2] + y1[width * j + degree + 2]);
            } else {
                assertEquals(0, m0.rHi().length);
            }
        }
        assertThrows(MpcArgumentException.class, () -> new Dealer(seeds(3)).answer(kr, 7));
        assertThrows(MpcArgumentException.class, () -> new Dealer(seeds(3)).answer(mr, 7));
        assertThrows(MpcArgumentException.class, () -> Derivation.derive(1, seeds[1], 7, kr, null, new long[3]));
        assertThrows(MpcArgumentException.class, () -> new Request.SignKey(3, 0));
    }
}
