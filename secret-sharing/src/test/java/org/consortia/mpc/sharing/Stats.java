package org.consortia.mpc.sharing;

/** Small statistics helpers for the uniformity tests. */
public final class Stats {
    private Stats() {
    }

    /** Pearson chi-square statistic of byte counts against the uniform distribution over 256 values. */
    public static double chiSquare256(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = total / 256.0;
        double chi = 0;
        for (long c : counts) {
            double d = c - expected;
            chi += d * d / expected;
        }
        return chi;
    }

    /**
     * Critical value of chi-square with 255 degrees of freedom at p = 1e-6 (Wilson-Hilferty approximation:
     * about 370). A uniform source exceeds it once in a million runs.
     */
    public static final double CHI2_255_P1E6 = 370.0;
}
