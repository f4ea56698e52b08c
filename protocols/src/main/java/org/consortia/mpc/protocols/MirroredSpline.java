package org.consortia.mpc.protocols;

/**
 * A {@link Spline} from the pieces of a function on [0, end) and its symmetry: even (f(-x) = f(x)) or about the point
 * (0, 1/2) (f(-x) = 1 - f(x), the sigmoid's), constant beyond (-end, end). Pieces are given as rows {from, to,
 * c_0, c_1, ..} with c_j the coefficient of (x - centre)^j, centre = (from + to) / 2, in real units; they become
 * integers at the spline's scale for inputs of {@code f} fractional bits. The bottom break sits 2^slack steps above
 * -end, so that inputs at or below -end take the constant exactly.
 */
final class MirroredSpline {
    private MirroredSpline() {
    }

    /**
     * @param positive pieces covering [0, end) in increasing order
     * @param halfTurn true for f(-x) = 1 - f(x), false for an even function
     * @param below the constant at or below -end, in real units
     * @param above the constant from end on, in real units
     */
    static Spline of(double[][] positive, boolean halfTurn, double below, double above, int f, int scale, int slack) {
        int half = positive.length;
        int pieces = 2 * half + 2;
        double end = positive[half - 1][1];
        long[] breaks = new long[pieces - 1];
        long[] centres = new long[pieces];
        long[][] coef = new long[pieces][];
        long edge = fixed(end, f);
        coef[0] = new long[] {Math.round(Math.scalb(below, scale))};
        breaks[0] = -edge + (1L << slack);
        for (int i = 0; i < half; i++) {
            double[] row = positive[half - 1 - i]; // mirrored, in increasing order of x
            int k = 1 + i;
            centres[k] = -fixed((row[0] + row[1]) / 2, f);
            coef[k] = new long[row.length - 2];
            for (int j = 0; j < row.length - 2; j++) { // p(-t), and for a half turn 1 - p(-t)
                double c = (j & 1) == 0 ? row[2 + j] : -row[2 + j];
                if (halfTurn) {
                    c = j == 0 ? 1 - c : -c;
                }
                coef[k][j] = Math.round(Math.scalb(c, scale - j * f));
            }
            breaks[k] = -fixed(row[0], f);
        }
        for (int i = 0; i < half; i++) {
            double[] row = positive[i];
            int k = 1 + half + i;
            centres[k] = fixed((row[0] + row[1]) / 2, f);
            coef[k] = new long[row.length - 2];
            for (int j = 0; j < row.length - 2; j++) {
                coef[k][j] = Math.round(Math.scalb(row[2 + j], scale - j * f));
            }
            breaks[k] = fixed(row[1], f);
        }
        coef[pieces - 1] = new long[] {Math.round(Math.scalb(above, scale))};
        return new Spline(-edge, edge, breaks, centres, coef, scale, slack);
    }

    private static long fixed(double v, int f) {
        return Math.round(Math.scalb(v, f));
    }
}
