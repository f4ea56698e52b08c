package org.consortia.mpc.analyses.dp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.security.SecureRandom;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Exact sampling of the discrete Gaussian N_Z(0, sigma^2) (P(x) proportional to exp(-x^2 / (2 sigma^2)) on the
 * integers), by Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy", NeurIPS 2020,
 * Algorithms 1 to 3: a discrete Laplace proposal and Bernoulli(exp(-gamma)) acceptance, all in integer arithmetic
 * on rationals (sigma^2 is taken as the smallest rational at or above it with denominator 2^20, computed in exact arithmetic from
 * the double sigma, so it is right at every sigma the sampler takes, up to {@link #MAX_SIGMA}), so no floating-point
 * rounding can bias the distribution. Every random bit comes from the given {@link SecureRandom}.
 *
 * <p>Its privacy: adding it to an integer query with L2 sensitivity D is (alpha, alpha D^2 / (2 sigma^2))-Rényi DP
 * for every order alpha (CKS20, Theorem 14: the same curve as the continuous Gaussian), so {@link RdpAccountant}
 * converts it to (epsilon, delta).
 */
public final class DiscreteGaussian {
    private static final BigInteger DENOMINATOR = BigInteger.ONE.shiftLeft(20);
    /**
     * The largest sigma sampled (and calibrated: {@link #sigmaFor} refuses a target that needs more). sigma^2 2^20 is
     * about 1.05e39 there: exact as a {@link BigInteger}, where a {@code long} would saturate above sigma 2.97e6.
     */
    public static final double MAX_SIGMA = 1e9;

    private final SecureRandom random;
    private final BigInteger sigma2Num; // sigma^2 = sigma2Num / DENOMINATOR
    private final long t; // the proposal's scale: floor(sigma) + 1

    public DiscreteGaussian(double sigma, SecureRandom random) {
        if (!(sigma > 0 && sigma <= MAX_SIGMA)) {
            throw new IllegalArgumentException("discrete Gaussian: sigma = " + sigma + " must be in (0, " + MAX_SIGMA + "]");
        }
        this.random = random;
        this.sigma2Num = sigma2Num(sigma);
        this.t = (long) Math.floor(sigma) + 1;
    }

    /**
     * sigma^2 2^20 rounded up to an integer (at least 1), exactly: no double product that could saturate, and never a
     * smaller variance than the calibration asked for.
     */
    static BigInteger sigma2Num(double sigma) {
        BigDecimal s = new BigDecimal(sigma); // the double's exact value
        return s.multiply(s).multiply(new BigDecimal(DENOMINATOR)).setScale(0, RoundingMode.CEILING).toBigIntegerExact()
                .max(BigInteger.ONE);
    }

    /** The variance this sampler's distribution is defined by (sigma^2 as it holds it): for tests and audits. */
    public double sigmaSquared() {
        return new BigDecimal(sigma2Num).divide(new BigDecimal(DENOMINATOR)).doubleValue();
    }

    /** One sample. */
    public long sample() {
        while (true) {
            long y = discreteLaplace(t);
            // accept with probability exp(-(|y| - sigma^2 / t)^2 / (2 sigma^2))
            // = exp(-num / den) with num = (|y| t den - sigma2Num)^2, den = 2 sigma2Num t^2 den (den: DENOMINATOR)
            BigInteger tb = BigInteger.valueOf(t);
            BigInteger diff = BigInteger.valueOf(Math.abs(y)).multiply(tb).multiply(DENOMINATOR).subtract(sigma2Num);
            BigInteger num = diff.multiply(diff);
            BigInteger den = BigInteger.TWO.multiply(sigma2Num).multiply(tb).multiply(tb).multiply(DENOMINATOR);
            if (bernoulliExp(num, den)) {
                return y;
            }
        }
    }

    /** Discrete Laplace with scale t (P(y) proportional to exp(-|y| / t)), CKS20 Algorithm 2. */
    long discreteLaplace(long scale) {
        while (true) {
            long u = uniform(scale);
            if (!bernoulliExp(BigInteger.valueOf(u), BigInteger.valueOf(scale))) {
                continue;
            }
            long v = 0;
            while (bernoulliExp(BigInteger.ONE, BigInteger.ONE)) {
                v++;
            }
            long x = u + scale * v;
            boolean negative = random.nextBoolean();
            if (negative && x == 0) {
                continue;
            }
            return negative ? -x : x;
        }
    }

    /** Bernoulli(exp(-num / den)) for num >= 0, den > 0, exactly (CKS20 Algorithm 1). */
    boolean bernoulliExp(BigInteger num, BigInteger den) {
        if (num.compareTo(den) <= 0) {
            return bernoulliExpSmall(num, den);
        }
        BigInteger[] qr = num.divideAndRemainder(den); // exp(-g) = exp(-1)^floor(g) * exp(-(g - floor(g)))
        for (BigInteger k = BigInteger.ZERO; k.compareTo(qr[0]) < 0; k = k.add(BigInteger.ONE)) {
            if (!bernoulliExpSmall(BigInteger.ONE, BigInteger.ONE)) {
                return false;
            }
        }
        return bernoulliExpSmall(qr[1], den);
    }

    /** Bernoulli(exp(-g)) for g = num / den in [0, 1]. */
    private boolean bernoulliExpSmall(BigInteger num, BigInteger den) {
        long k = 1;
        while (true) { // K: the first k with A_k = 0, A_k ~ Bernoulli(g / k); return K odd
            BigInteger kd = den.multiply(BigInteger.valueOf(k));
            if (!bernoulli(num, kd)) {
                return k % 2 == 1;
            }
            k++;
        }
    }

    /** Bernoulli(num / den), exactly. */
    private boolean bernoulli(BigInteger num, BigInteger den) {
        if (num.signum() == 0) {
            return false;
        }
        // uniform in [0, den) by rejection on bit strings
        int bits = den.bitLength();
        while (true) {
            BigInteger r = new BigInteger(bits, random);
            if (r.compareTo(den) < 0) {
                return r.compareTo(num) < 0;
            }
        }
    }

    /** Uniform in [0, n). */
    private long uniform(long n) {
        long bound = Long.MAX_VALUE - Long.MAX_VALUE % n;
        while (true) {
            long r = random.nextLong() & Long.MAX_VALUE;
            if (r < bound) {
                return r % n;
            }
        }
    }

    /**
     * Every party's own noise, {@code count} values of this sigma each, as secret integer inputs (the dealer sees them
     * masked), summed: what a vector release adds before it is revealed. Nothing is drawn in a dry run.
     */
    public static SecretTensor everyPartysNoise(Backend be, int count,
            double sigma, SecureRandom random) {
        SecretTensor total = null;
        for (int p = 0; p < be.parties(); p++) {
            long[] mine = null;
            if (p == be.party() && !be.dryRun()) {
                DiscreteGaussian dg = new DiscreteGaussian(sigma, random);
                mine = new long[count];
                for (int i = 0; i < count; i++) {
                    mine[i] = dg.sample();
                }
            }
            var noise = be.inputIntegers(p, Shape.of(count), mine);
            total = total == null ? noise : total.add(noise);
        }
        return total;
    }

    /**
     * The sigma for which one release of L2 sensitivity {@code sensitivity}, repeated {@code releases} times, is
     * (epsilon, delta)-DP by the Rényi curve above (to 0.1%).
     */
    public static double sigmaFor(double epsilon, double delta, double sensitivity, int releases) {
        double lo = 0;
        double hi = Math.min(sensitivity, MAX_SIGMA);
        while (epsilon(hi, delta, sensitivity, releases) > epsilon) {
            if (hi >= MAX_SIGMA) {
                throw new IllegalArgumentException("no sigma up to " + MAX_SIGMA + " reaches epsilon " + epsilon
                        + " at sensitivity " + sensitivity);
            }
            lo = hi;
            hi = Math.min(2 * hi, MAX_SIGMA);
        }
        while (hi - lo > hi * 1e-3) {
            double mid = (lo + hi) / 2;
            if (epsilon(mid, delta, sensitivity, releases) > epsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The epsilon at delta of {@code releases} releases with this sigma and L2 sensitivity. */
    public static double epsilon(double sigma, double delta, double sensitivity, int releases) {
        double[] orders = RdpAccountant.ORDERS;
        double[] rdp = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            rdp[i] = releases * orders[i] * sensitivity * sensitivity / (2 * sigma * sigma);
        }
        return RdpAccountant.epsilon(orders, rdp, delta).epsilon();
    }
}
