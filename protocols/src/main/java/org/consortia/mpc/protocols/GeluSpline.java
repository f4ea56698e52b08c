package org.consortia.mpc.protocols;

import java.util.concurrent.ConcurrentHashMap;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * GELU(x) = x Phi(x) = relu(x) - delta(x), delta(x) = |x| Phi(-|x|) (even, at most 0.17, below 1.5e-6 from |x| = 5
 * on), as in SIGMA: relu from the spline's clamp and delta as one spline of 18 pieces (cubics on widths of 1/2 up to
 * 3 and 1 up to 5, mirrored, exactly 0 beyond 5; no slack: delta's pieces meet at a kink at 0, where taking the
 * piece above would cost |x|). The pieces run at 2^61 and are truncated once: within 5e-5 of
 * the exact function everywhere at 16 fractional bits (the fit, about 2.9e-5, and one least significant bit), exactly
 * relu(x) for |x| &gt;= 5. Over two parties with function secret sharing, 3 rounds (clamp and relu, pieces,
 * truncation); elsewhere the spline's comparisons and products. Inputs with more than 16 fractional bits are refused.
 */
final class GeluSpline {
    static final int SCALE = 61;

    /**
     * delta's pieces on [0, 5): from, to, then the coefficients of (x - centre)^j; least-squares fits on 2,001
     * Chebyshev points of each piece (numpy.polyfit).
     */
    static final double[][] PIECES = {
        {0.0, 0.5, 0.10029566497389454, 0.30464344380067415, -0.37102261874362674, 0.062358962459468766},
        {0.5, 1.0, 0.16996810166738527, 0.00080184903132335, -0.21613661772317944, 0.12762574547416172},
        {1.0, 1.5, 0.13207867055965059, -0.12265397962888976, -0.04206864191845843, 0.09226560213580501},
        {1.5, 2.0, 0.07011759255899529, -0.11093566696764194, 0.04403163743324658, 0.024203240934889635},
        {2.0, 2.5, 0.027508880987760023, -0.05919846124835098, 0.04811482379992534, -0.012087674751902958},
        {2.5, 3.0, 0.008192877076277546, -0.022029607614257037, 0.025481629711886965, -0.014715984040028723},
        {3.0, 4.0, 0.0007947013726520731, -0.0028059420637709257, 0.005095851357050864, -0.0044558743488479855},
        {4.0, 5.0, 1.3720704524168677e-05, -6.598102767044706e-05, 0.00019483166909262456, -0.000234994969802963},
    };

    private static final ConcurrentHashMap<Integer, Spline> BY_SCALE = new ConcurrentHashMap<>();

    private GeluSpline() {
    }

    /** delta's spline for inputs with {@code f} fractional bits. */
    static Spline of(int f) {
        return BY_SCALE.computeIfAbsent(f, k -> MirroredSpline.of(PIECES, false, 0, 0, k, SCALE, 0));
    }

    static SecretTensor apply(SecretTensor x) {
        x.requireFixedPoint("gelu");
        Backend be = x.backend();
        int f = be.fixedPoint().fracBits();
        if (f > SigmoidSpline.MAX_FRAC_BITS) {
            throw new MpcArgumentException("gelu takes inputs of at most "
                    + SigmoidSpline.MAX_FRAC_BITS + " fractional bits, not " + f);
        }
        long[][] pr = be.splineAndRelu(x.raw(), of(f));
        long[] delta = be.truncate(pr[0], SCALE - f);
        return SecretTensor.of(be, x.shape(), be.ring().sub(pr[1], delta), f);
    }
}
