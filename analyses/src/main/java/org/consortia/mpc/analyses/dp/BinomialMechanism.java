package org.consortia.mpc.analyses.dp;

/**
 * The binomial mechanism: an integer-valued query plus centred binomial noise, Bin(m, 1/2) - m/2, from m fair coins.
 * The coins are what parties can make together without anyone knowing them: each coin is the XOR of one random bit
 * from every party (Dwork, Kenthapadi, McSherry, Mironov and Naor, "Our Data, Ourselves: Privacy via Distributed
 * Noise Generation", EUROCRYPT 2006, which introduced the binomial mechanism for exactly this reason; see
 * {@link DpNoise}).
 *
 * <p>The privacy analysis here is exact, not a bound: for a query whose value moves by at most {@code sensitivity}
 * integer units between neighbouring datasets, along one coordinate, the mechanism is (epsilon, delta)-DP with
 * delta(epsilon) = max over shifts s = 1..sensitivity of sum_k max(0, P(k) - e^epsilon P(k - s)) (the hockey-stick
 * divergence between the noise and its shift; the binomial is symmetric, so either direction gives the same value).
 * Several such releases compose by adding their epsilons and deltas.
 */
public final class BinomialMechanism {
    /**
     * The most coins one noise value may use (2^20: a standard deviation of 512 units; every party inputs one word
     * per coin, so a job's noise is bounded by its releases times this).
     */
    public static final int MAX_COINS = 1 << 20;

    private BinomialMechanism() {
    }

    /** The exact delta at {@code epsilon} of m coins for a one-coordinate shift of {@code sensitivity} units. */
    public static double delta(int coins, int sensitivity, double epsilon) {
        if (coins < 2 || coins % 2 != 0 || coins > MAX_COINS || sensitivity < 1 || sensitivity > 64) {
            throw new IllegalArgumentException("binomial mechanism: " + coins + " coins (even, 2 to " + MAX_COINS
                    + "), sensitivity " + sensitivity + " (1 to 64)");
        }
        if (sensitivity > coins) {
            return 1;
        }
        double[] logP = logPmf(coins);
        double[] p = new double[logP.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = StrictMath.exp(logP[k]); // StrictMath: every node computes the same coins
        }
        double scale = StrictMath.exp(epsilon);
        double worst = 0;
        for (int shift = 1; shift <= sensitivity; shift++) { // every shift up to the sensitivity, not only the largest
            double sum = 0;
            for (int k = 0; k <= coins; k++) {
                int j = k - shift;
                double q = j < 0 ? 0 : p[j] * scale;
                if (p[k] > q) {
                    sum += p[k] - q;
                }
            }
            worst = Math.max(worst, sum);
        }
        return Math.min(1, worst);
    }

    /**
     * The fewest (even) coins for which one release with this sensitivity is (epsilon, delta)-DP.
     *
     * @throws IllegalArgumentException when more than {@link #MAX_COINS} would be needed
     */
    public static int coinsFor(double epsilon, double delta, int sensitivity) {
        String key = epsilon + "/" + delta + "/" + sensitivity;
        Integer known = CALIBRATED.get(key);
        if (known != null) {
            return known;
        }
        int coins = calibrate(epsilon, delta, sensitivity);
        synchronized (CALIBRATED) {
            CALIBRATED.put(key, coins);
        }
        return coins;
    }

    /** Calibrations already made (a job's program asks for its noise at trace, dry run and online). */
    private static final java.util.Map<String, Integer> CALIBRATED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Integer> eldest) {
                    return size() > 256;
                }
            });

    private static int calibrate(double epsilon, double delta, int sensitivity) {
        if (!(epsilon > 0) || !(delta > 0 && delta < 1) || sensitivity < 1 || sensitivity > 64) {
            throw new IllegalArgumentException("binomial mechanism: epsilon " + epsilon + " (> 0), delta " + delta
                    + " (in (0, 1)), sensitivity " + sensitivity + " (>= 1)");
        }
        int hi = 2;
        while (delta(hi, sensitivity, epsilon) > delta) {
            if (hi >= MAX_COINS) { // checked before the next doubling: the largest evaluated is MAX_COINS
                throw new IllegalArgumentException("binomial mechanism: epsilon " + epsilon + " and delta " + delta
                        + " at sensitivity " + sensitivity + " need more than " + MAX_COINS + " coins");
            }
            hi *= 2;
        }
        int lo = hi / 2; // delta(lo) > target (or lo = 1)
        while (hi - lo > 2) {
            int mid = (lo + hi) / 2 & ~1;
            if (mid <= lo) {
                break;
            }
            if (delta(mid, sensitivity, epsilon) > delta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The noise's standard deviation in integer units: sqrt(m) / 2. */
    public static double stddev(int coins) {
        return Math.sqrt(coins) / 2;
    }

    /** log P(k) for Bin(m, 1/2), k = 0..m. */
    static double[] logPmf(int m) {
        double[] out = new double[m + 1];
        double logC = 0;
        double base = -m * StrictMath.log(2);
        for (int k = 0; k <= m; k++) {
            if (k > 0) {
                logC += StrictMath.log(m - k + 1) - StrictMath.log(k);
            }
            out[k] = logC + base;
        }
        return out;
    }
}
