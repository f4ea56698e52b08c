package org.consortia.mpc.protocols;

import java.util.concurrent.ConcurrentHashMap;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * The logistic function as one public spline (what backends with one-step splines run, see
 * {@link Backend#splineInOneStep()}): 22 pieces on [-10, 10] (cubics on widths of 1/2 up to 2 and 1 from 2 to 8, a
 * quadratic on [8, 10], the negative side mirrored by sigmoid(-x) = 1 - sigmoid(x)), exactly 0 at or below -10 and
 * exactly 1 from 10 on, as in {@link Sigmoid}. The pieces' values run at 2^61 and are truncated once to the input's
 * scale (the pieces' comparisons leave out the low {@link #slack} input bits: 13-level keys instead of 21 at 16
 * fractional bits): within 3e-5 of the exact function for |x| &lt; 10 - 2^-8 at 16 fractional bits (measured 2.6e-5: the fit, about 1.1e-5, the
 * coefficients' rounding, and one least significant bit of truncation) and 4.6e-5 beyond (the saturation); the
 * plaintext check, at every input, is {@code SigmoidSplineTest}.
 * Over two parties with function secret sharing: 3 rounds (clamp, pieces, truncation), whatever the input's scale.
 */
final class SigmoidSpline {
    /** The pieces' scale. */
    static final int SCALE = 61;

    /**
     * The spline's input bits at most (a cubic's coefficient would lose its bits beyond): wider inputs are truncated to
     * them in the clamp's round, which costs the sigmoid at most 2^-18 (its slope, 1/4, times 2^-16).
     */
    static final int MAX_FRAC_BITS = 16;

    /**
     * The positive pieces: from, to, then the coefficients of (x - centre)^j, centre = (from + to) / 2;
     * least-squares fits on 2,001 Chebyshev points of each piece (numpy.polyfit).
     */
    static final double[][] PIECES = {
        {0.0, 0.5, 0.5621752972853439, 0.24613188239165074, -0.015149282390020415, -0.0194185369622927},
        {0.5, 1.0, 0.6791761546027243, 0.21789463261167885, -0.038715776639425006, -0.011139366945228631},
        {1.0, 1.5, 0.7772977642211288, 0.17310582644094777, -0.04773329432047327, -0.0011811916638178772},
        {1.5, 2.0, 0.8519518704383992, 0.12613034304597062, -0.04427242283064709, 0.00504133916133595},
        {2.0, 3.0, 0.9241446045642211, 0.07010969577063116, -0.029825330318341153, 0.006674236360162059},
        {3.0, 4.0, 0.9706934724678735, 0.02845194807667547, -0.013575306990102377, 0.003950017897132271},
        {4.0, 5.0, 0.9890160796062745, 0.010865015374235993, -0.005410329344407486, 0.0017124041728404037},
        {5.0, 6.0, 0.9959311178034519, 0.004052988041942819, -0.0020503806515729294, 0.0006684910182220801},
        {6.0, 7.0, 0.9984993000914232, 0.0014986939883081753, -0.0007626122442065906, 0.0002513235500617227},
        {7.0, 8.0, 0.999447401631802, 0.0005523839393512752, -0.0002816851838119838, 9.319695108194797e-05},
        {8.0, 10.0, 0.9998772739766896, 0.00013944391272527378, -6.696841951367681e-05},
    };

    private static final ConcurrentHashMap<Integer, Spline> BY_SCALE = new ConcurrentHashMap<>();

    private SigmoidSpline() {
    }

    /** The spline for inputs with {@code f} fractional bits. */
    static Spline of(int f) {
        return BY_SCALE.computeIfAbsent(f, SigmoidSpline::make);
    }

    private static Spline make(int f) {
        return MirroredSpline.of(PIECES, true, 0, 1, f, SCALE, slack(f));
    }

    /**
     * Low input bits the one-step comparisons leave out: 8 at 16 fractional bits (an input less than 1/256 below a
     * break may take the piece above, whose error there stays within the bound), fewer at fewer bits.
     */
    static int slack(int f) {
        return Math.max(0, f - 8);
    }

    /**
     * The sigmoid of x at any scale from the fixed point's up (a product not yet truncated, say), at the fixed point's
     * scale: the spline takes at most {@link #MAX_FRAC_BITS} input bits, the rest are truncated in its clamp's round;
     * its result, at 2^61, is truncated once to the fixed point.
     */
    static SecretTensor apply(SecretTensor x) {
        SecretTensor p = applyWide(x);
        Backend be = x.backend();
        int f = be.fixedPoint().fracBits();
        return SecretTensor.of(be, x.shape(), be.truncate(p.raw(), SCALE - f), f);
    }

    /** {@link #apply} before its truncation: at {@link #SCALE} fractional bits (2 rounds). */
    static SecretTensor applyWide(SecretTensor x) {
        Backend be = x.backend();
        int f = be.fixedPoint().fracBits();
        int in = Math.min(f, MAX_FRAC_BITS);
        if (x.scale() < f) {
            throw new MpcArgumentException("sigmoid: expects a tensor of at least " + f
                    + " fractional bits, got " + x.scale());
        }
        return SecretTensor.of(be, x.shape(), be.spline(x.raw(), of(in), x.scale() - in), SCALE);
    }
}
