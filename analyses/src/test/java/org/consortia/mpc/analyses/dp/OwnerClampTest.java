package org.consortia.mpc.analyses.dp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.Test;

/** The owner's clamp: every value inside the public bounds, NaN at the lower one, and nothing left that fails encoding. */
class OwnerClampTest {
    @Test
    void valuesLandInsideTheBoundsAndNanAtTheLowerOne() {
        double[] in = {-1e300, -5, 0, 3.5, 7, 1e300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        assertArrayEquals(new double[] {-2, -2, 0, 3.5, 4, 4, -2, 4, -2}, OwnerClamp.clamp(in, -2, 4));
        assertArrayEquals(new double[] {0, 10, -1, 0, 2, -1}, OwnerClamp.clampColumns(new double[] {-3, 99, Double.NaN,
            -7, 2, Double.NaN}, new double[] {0, 0, -1}, new double[] {1, 10, 1}));
        assertNull(OwnerClamp.clamp(null, 0, 1));
    }

    @Test
    void aClampedValueEncodesAtEveryFractionalBitCount() {
        // 1e12 fails the encoding at 30 fractional bits; the clamp to a DP job's bounds (at most 1e9 by the parser) does not
        double[] clamped = OwnerClamp.clamp(new double[] {1e12, Double.NaN}, -1e9, 1e9);
        for (int f = FixedPoint.MIN_FRACTIONAL_BITS; f <= FixedPoint.MAX_FRACTIONAL_BITS; f++) {
            new FixedPoint(f).encode(clamped);
        }
    }
}
