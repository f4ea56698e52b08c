package org.consortia.mpc.protocols;

import org.apache.commons.math3.fitting.PolynomialCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;

/**
 * Fits the sigmoid segment polynomials stored in {@link Sigmoid}: on segment k (|x| in [k, k+1)), a degree-4
 * least-squares polynomial in t = |x| - (k + 0.5), on 2,001 Chebyshev points of [-0.5, 0.5]. Run its main to
 * print the table; {@code SigmoidTest} checks the stored table against a fresh fit.
 */
public final class SigmoidFit {
    private SigmoidFit() {
    }

    public static double[][] fit(int segments, int degree) {
        double[][] out = new double[segments][];
        for (int k = 0; k < segments; k++) {
            WeightedObservedPoints pts = new WeightedObservedPoints();
            int m = 2001;
            for (int i = 0; i < m; i++) {
                double t = 0.5 * Math.cos(Math.PI * (i + 0.5) / m);
                pts.add(t, 1 / (1 + Math.exp(-(k + 0.5 + t))));
            }
            out[k] = PolynomialCurveFitter.create(degree).fit(pts.toList());
        }
        return out;
    }

    public static void main(String[] args) {
        double[][] c = fit(Sigmoid.SEGMENTS, Sigmoid.DEGREE);
        StringBuilder sb = new StringBuilder("    static final double[][] COEFFICIENTS = {\n");
        for (double[] row : c) {
            sb.append("        {");
            for (int j = 0; j < row.length; j++) {
                sb.append(j == 0 ? "" : ", ").append(Double.toString(row[j]));
            }
            sb.append("},\n");
        }
        System.out.println(sb.append("    };"));
    }
}
