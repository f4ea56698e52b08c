package org.consortia.mpc.analyses.dp;

/**
 * A DP analysis's public bounds applied by the data's owner before its values are encoded as fixed point, so that no
 * value of a member's data can make the encoding fail (a value too large for the job's fractional bits would fail the
 * job at its owner, and whether a job fails is what the submitter sees: repeating it at fractional bits 30, 29, ...
 * would tell the magnitude of one person's largest value). NaN maps to the lower bound. The in-computation clamp
 * stays: the sensitivity is enforced inside the computation whatever an owner inputs.
 */
public final class OwnerClamp {
    private OwnerClamp() {
    }

    /** A copy of {@code values} clamped to [lower, upper] (NaN to lower); {@code null} stays {@code null}. */
    public static double[] clamp(double[] values, double lower, double upper) {
        if (values == null) {
            return null;
        }
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = clampOne(values[i], lower, upper);
        }
        return out;
    }

    /** Row-major rows of {@code lowers.length} columns, each column clamped to its own bounds (NaN to its lower). */
    public static double[] clampColumns(double[] rowMajor, double[] lowers, double[] uppers) {
        if (rowMajor == null) {
            return null;
        }
        int d = lowers.length;
        double[] out = new double[rowMajor.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = clampOne(rowMajor[i], lowers[i % d], uppers[i % d]);
        }
        return out;
    }

    static double clampOne(double v, double lower, double upper) {
        return Double.isNaN(v) ? lower : Math.max(lower, Math.min(upper, v));
    }
}
