package org.consortia.mpc.analyses.dp;

/**
 * Rényi-DP accounting of the (sampled) Gaussian mechanism, as DP-SGD and noisy sums of clipped vectors use it:
 * the RDP of the sampled Gaussian mechanism at each order (Mironov, Talwar and Zhang, "Rényi Differential Privacy of
 * the Sampled Gaussian Mechanism", 2019, section 3.3; integer and fractional orders), composed over steps by
 * addition, and converted to (epsilon, delta) with Balle et al., "Hypothesis Testing Interpretations and Rényi
 * Differential Privacy", AISTATS 2020, Theorem 21. The orders and the conversion are the ones Opacus uses, so the
 * figures agree with Opacus's RDP accountant (checked in {@code RdpAccountantTest} against the values its own tests
 * assert).
 */
public final class RdpAccountant {
    /** Opacus's default orders: 1.1 to 10.9 in steps of 0.1, then 12 to 63. */
    public static final double[] ORDERS = orders();

    private RdpAccountant() {
    }

    private static double[] orders() {
        double[] o = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            o[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            o[99 + a - 12] = a;
        }
        return o;
    }

    /** An (epsilon, delta) guarantee and the order that gave it. */
    public record Spent(double epsilon, double delta, double order) {
    }

    /**
     * RDP at each order of {@code steps} runs of the Gaussian mechanism with noise multiplier {@code sigma} (noise
     * standard deviation over L2 sensitivity) on a Poisson sample of rate {@code q} (q = 1: no sampling).
     */
    public static double[] sampledGaussian(double q, double sigma, long steps, double[] orders) {
        if (!(q >= 0 && q <= 1) || !(sigma >= 0) || steps < 0) {
            throw new IllegalArgumentException("sampled Gaussian: q = " + q + " must be in [0, 1], sigma = " + sigma
                    + " and steps = " + steps + " non-negative");
        }
        double[] rdp = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            rdp[i] = steps * rdp(q, sigma, orders[i]);
        }
        return rdp;
    }

    /** The sum of several mechanisms' RDP curves (composition). */
    public static double[] compose(double[]... curves) {
        double[] out = new double[curves[0].length];
        for (double[] c : curves) {
            for (int i = 0; i < out.length; i++) {
                out[i] += c[i];
            }
        }
        return out;
    }

    /** The smallest epsilon over the orders for the given delta (Balle et al. 2020, Theorem 21). */
    public static Spent epsilon(double[] orders, double[] rdp, double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta = " + delta + " must be in (0, 1)");
        }
        double best = Double.POSITIVE_INFINITY;
        double order = Double.NaN;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double eps = rdp[i] - (Math.log(delta) + Math.log(a)) / (a - 1) + Math.log((a - 1) / a);
            if (eps < best) {
                best = eps;
                order = a;
            }
        }
        return new Spent(Math.max(0, best), delta, order);
    }

    /** Epsilon of DP-SGD: {@code steps} steps at sampling rate q and noise multiplier sigma, for delta. */
    public static Spent dpSgd(double q, double sigma, long steps, double delta) {
        return epsilon(ORDERS, sampledGaussian(q, sigma, steps, ORDERS), delta);
    }

    /**
     * The smallest noise multiplier (to 1e-4) for which DP-SGD with these parameters spends at most {@code epsilon}.
     */
    public static double noiseMultiplier(double epsilon, double delta, double q, long steps) {
        double lo = 0;
        double hi = 1;
        while (dpSgd(q, hi, steps, delta).epsilon() > epsilon) {
            hi *= 2;
            if (hi > 1e6) {
                throw new IllegalArgumentException("no noise multiplier reaches epsilon " + epsilon);
            }
        }
        while (hi - lo > 1e-5) {
            double mid = (lo + hi) / 2;
            if (dpSgd(q, mid, steps, delta).epsilon() > epsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** RDP of one run of the sampled Gaussian mechanism at order alpha. */
    static double rdp(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (sigma == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logAInt(q, sigma, (int) alpha) : logAFrac(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    private static double logAInt(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logBinom = 0; // log C(alpha, i), built up term by term
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) {
                logBinom += Math.log(alpha - i + 1) - Math.log(i);
            }
            double s = logBinom + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * (double) i - i) / (2 * sigma * sigma);
            logA = logAdd(logA, s);
        }
        return logA;
    }

    private static double logAFrac(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double coef = 1; // the generalized binomial coefficient C(alpha, i)
        for (int i = 0; i < 100_000; i++) {
            if (i > 0) {
                coef *= (alpha - i + 1) / i;
            }
            double logCoef = Math.log(Math.abs(coef));
            double j = alpha - i;
            double logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (coef > 0) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return logAdd(logA0, logA1);
    }

    static double logAdd(double x, double y) {
        double a = Math.min(x, y);
        double b = Math.max(x, y);
        return a == Double.NEGATIVE_INFINITY ? b : Math.log1p(Math.exp(a - b)) + b;
    }

    static double logSub(double x, double y) {
        if (x < y) {
            throw new ArithmeticException("log-space subtraction with a negative result");
        }
        if (y == Double.NEGATIVE_INFINITY) {
            return x;
        }
        if (x == y) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(Math.expm1(x - y)) + y;
    }

    /** log(erfc(x)), accurate in the far tail (a continued fraction in log space from x = 1.5 up). */
    static double logErfc(double x) {
        if (x < 1.5) {
            return Math.log(erfc(x));
        }
        double cf = 0; // erfc(x) = exp(-x^2) / sqrt(pi) / (x + 1/2 / (x + 1 / (x + 3/2 / (x + ...))))
        for (int k = 400; k >= 1; k--) {
            cf = k / 2.0 / (x + cf);
        }
        return -x * x - 0.5 * Math.log(Math.PI) - Math.log(x + cf);
    }

    /** erfc: 1 - erf by its Maclaurin series below 1.5, the continued fraction above. */
    public static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x >= 1.5) {
            return Math.exp(logErfc(x));
        }
        double sum = 0;
        double term = x;
        for (int k = 0; k < 200; k++) {
            double add = term / (2 * k + 1);
            sum += add;
            if (Math.abs(add) < 1e-18) {
                break;
            }
            term *= -x * x / (k + 1);
        }
        return 1 - 2 / Math.sqrt(Math.PI) * sum;
    }
}
