package org.consortia.mpc.protocols;

import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.protocols.bool.Compare;
import org.consortia.mpc.protocols.bool.Convert;
import org.consortia.mpc.protocols.fss.FssSign;
import org.consortia.mpc.protocols.fss.FssSpline;
import org.consortia.mpc.protocols.fss.FssTruncRelu;
import org.consortia.mpc.sharing.ring.Conv2d;

/**
 * The costs of {@link SecretTensor}'s operations, composed from the kernels' declarations (what the README's cost
 * table is generated from, and what a test checks against the counters).
 */
public final class Costs {
    private Costs() {
    }

    public static Cost reveal(int n) {
        return Open.cost(n);
    }

    /** Fixed-point product of {@code n} elements: Beaver, then truncation. */
    public static Cost mul(int n) {
        return Beaver.cost(Bilinear.elementwise(n)).then(Truncation.cost(n).pipelined(n)); // each step in chunks
    }

    public static Cost matmul(int m, int k, int q) {
        return Beaver.cost(Bilinear.matmul(m, k, q)).then(Truncation.cost((long) m * q).pipelined((long) m * q));
    }

    public static Cost conv2d(Conv2d g) {
        return Beaver.cost(Bilinear.conv(g)).then(Truncation.cost(g.outSize()).pipelined(g.outSize()));
    }

    /** [x &lt; 0] as arithmetic 0/1: the sign, then B2A. */
    public static Cost ltz(int n) {
        return Compare.msbCost(n).then(Convert.b2aCost(n)).chunked(n);
    }

    public static Cost isZero(int n) {
        return isZero(n, Comparisons.BOOLEAN);
    }

    /** [x == 0] as arithmetic 0/1 in the given comparison mode (BITS: the tree over 64 bits; FSS runs BOOLEAN's). */
    public static Cost isZero(int n, Comparisons mode) {
        return Compare.isZeroCost(n, mode).then(Convert.b2aCost(n)).chunked(n);
    }

    /** relu(x) on the dealer's chunk codes: the sign's opening and tree, then one opening of a masked bit. */
    public static Cost relu(int n) {
        return Compare.reluCost(n).chunked(n);
    }

    /** [x &lt; 0] in the given comparison mode (FSS: the masked opening, 2 parties; BITS: the tree over 64 bits). */
    public static Cost ltz(int n, Comparisons mode) {
        return mode == Comparisons.FSS ? FssSign.cost(n).chunked(n)
                : Compare.msbCost(n, mode).then(Convert.b2aCost(n)).chunked(n);
    }

    /**
     * relu in the given comparison mode (FSS: the masked opening; BITS: the sign as 0/1, then one Beaver product, no
     * truncation: the bit has scale 0).
     */
    public static Cost relu(int n, Comparisons mode) {
        return switch (mode) {
            case FSS -> FssSign.cost(n).chunked(n);
            case BOOLEAN -> relu(n);
            case BITS -> ltz(n, mode).then(Beaver.cost(Bilinear.elementwise(n)));
        };
    }

    /** relu of a wide product truncated to the fixed point: a truncation and a ReLU, or (FSS) one fused opening. */
    public static Cost reluTruncated(int n, Comparisons mode) {
        return mode == Comparisons.FSS ? FssTruncRelu.cost(n).chunked(n)
                : Truncation.cost(n).chunked(n).then(relu(n, mode));
    }

    /**
     * The sigmoid and GELU as one spline between two parties with FSS comparisons (at most 16 fractional bits): the
     * clamp's and the pieces' openings, then one truncation.
     */
    public static Cost splineFss(int n) {
        return FssSpline.cost(n).chunked(n).then(Truncation.cost(n).pipelined(n));
    }

    /** A2B of {@code n} elements (all 64 bits). */
    public static Cost toBits(int n) {
        return Convert.a2bCost(n);
    }
}
