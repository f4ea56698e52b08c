package org.consortia.mpc.sharing.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixedPointTest {
    @ParameterizedTest(name = "f={0}")
    @ValueSource(ints = {8, 16, 24, 30})
    void roundTripWithinHalfLsb(int f) {
        FixedPoint fp = new FixedPoint(f);
        SplittableRandom r = new SplittableRandom(f);
        double[] v = new double[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextDouble() * 2 - 1) * Math.min(1e6, fp.maxAbs() / 2);
        }
        v[0] = 0;
        v[1] = -fp.lsb();
        v[2] = Math.nextDown(fp.maxAbs());
        v[3] = -Math.nextDown(fp.maxAbs());
        double[] back = fp.decode(fp.encode(v));
        for (int i = 0; i < v.length; i++) {
            assertTrue(Math.abs(back[i] - v[i]) <= fp.lsb() / 2, "element " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e30})
    void rejectsUnencodableValuesNamingIndexAndRange(double bad) {
        FixedPoint fp = new FixedPoint(16);
        var e = assertThrows(MpcArgumentException.class, () -> fp.encode(new double[] {1, 2, bad}));
        assertTrue(e.getMessage().startsWith("fixed-point encode: element 2 is "), e.getMessage());
        assertTrue(e.getMessage().endsWith("representable range is (-2^46, 2^46) with 16 fractional bits"), e.getMessage());
        assertFalse(e.getMessage().contains("1.0E30"), "the value itself is not printed");
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 31, -1})
    void rejectsFractionalBitsOutOfRange(int f) {
        var e = assertThrows(MpcArgumentException.class, () -> new FixedPoint(f));
        assertEquals("fractional bits = " + f + " is outside 8..30", e.getMessage());
    }
}
