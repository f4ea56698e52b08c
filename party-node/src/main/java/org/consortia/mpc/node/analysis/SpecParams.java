package org.consortia.mpc.node.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.consortia.mpc.analyses.stats.DpLinearRegression;
import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * A job spec's parameters as a job type reads them ({@link JobType#parse}): every read is remembered, so that a parameter
 * no type read is refused ({@link #refuseUnknown}) and the analysis reference lists what each type takes; every error a
 * {@link SpecException} naming the parameter. The members (names in party order) and this node's {@link SpecLimits}
 * bound what a spec may ask.
 */
public final class SpecParams {
    private final Map<String, String> map;
    /** The consortium's size. */
    final int parties;
    /** The members' names in party order (or their indices). */
    final List<String> members;
    final SpecLimits limits;
    final Set<String> used = new TreeSet<>(Set.of("fractionalBits", "offline", "comparisons",
            "security"));

    SpecParams(Map<String, String> map, List<String> members, SpecLimits limits) {
        this.map = map;
        this.parties = members.size();
        this.members = members;
        this.limits = limits;
    }

    String optional(String key) {
        used.add(key);
        String v = map.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    String string(String key, String fallback) {
        String v = optional(key);
        if (v == null && fallback == null) {
            throw new SpecException(key, "a value (the parameter is missing)");
        }
        return v == null ? fallback : v;
    }

    int integer(String key, int fallback, int min, int max) {
        String v = optional(key);
        if (v == null) {
            if (fallback < min) {
                throw new SpecException(key, "an integer in " + min + ".." + max + " (the parameter is missing)");
            }
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new SpecException(key, "an integer in " + min + ".." + max);
    }

    int[] integers(String key, int count, int min, long max) {
        String v = string(key, null);
        String expected = count + " comma-separated integer" + (count == 1 ? "" : "s") + " in " + min + ".." + max;
        try {
            int[] out = Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (out.length == count && Arrays.stream(out).allMatch(i -> i >= min && i <= max)) {
                return out;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new SpecException(key, expected);
    }

    /** A number in [min, max]; a fallback outside that range (NaN, say) makes the parameter required. */
    double real(String key, double fallback, double min, double max) {
        String v = optional(key);
        if (v == null) {
            if (!(fallback >= min && fallback <= max)) {
                throw new SpecException(key, "a number in " + min + ".." + max + " (the parameter is missing)");
            }
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new SpecException(key, "a number in " + min + ".." + max);
    }

    int party(String key, int fallback) {
        return integer(key, fallback, 0, parties - 1);
    }

    void fractionalBits() {
        integer("fractionalBits", FixedPoint.DEFAULT_FRACTIONAL_BITS, FixedPoint.MIN_FRACTIONAL_BITS,
                FixedPoint.MAX_FRACTIONAL_BITS);
    }

    void offline() {
        String v = optional("offline");
        if (v != null && OfflineMode.of(v.trim()) == null) {
            throw new SpecException("offline", "dealer or ot (where the correlated randomness comes from; default: the "
                    + "consortium's protocol.offline)");
        }
    }

    void comparisons() {
        String v = optional("comparisons");
        if (v != null && ComparisonMode.of(v) == null) {
            throw new SpecException("comparisons", "boolean, fss or auto (how the job's comparisons run; default: the "
                    + "consortium's protocol.comparisons)");
        }
    }

    void security() {
        String v = optional("security");
        if (v != null && SecurityMode.of(v) == null) {
            throw new SpecException("security", "semi-honest or malicious (against whom the job is secure; default: "
                    + "the consortium's protocol.security)");
        }
    }

    void refuseUnknown() {
        for (String k : map.keySet()) {
            if (!used.contains(k)) {
                throw new SpecException(k, "no such parameter (known: " + String.join(", ", used) + ")");
            }
        }
    }

    /** A DP job's (epsilon, delta): both required. */
    Privacy privacy() {
        return new Privacy(real("epsilon", -1, 1e-3, 100), real("delta", -1, 1e-15, 0.1));
    }

    /** 1 to 64 comma-separated column names. */
    String[] features() {
        String[] features = Arrays.stream(string("features", null).split(",")).map(String::trim).toArray(String[]::new);
        if (features.length < 1 || features.length > 64 || Arrays.stream(features).anyMatch(String::isEmpty)) {
            throw new SpecException("features", "1 to 64 comma-separated column names");
        }
        return features;
    }

    /** {@code count} public clamp ranges "lo:hi,lo:hi,...". */
    DpLinearRegression.Bounds[] bounds(String key, int count) {
        String[] parts = string(key, null).split(",");
        var out = new DpLinearRegression.Bounds[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                String[] lh = parts[i].trim().split(":");
                double lo = Double.parseDouble(lh[0].trim());
                double hi = Double.parseDouble(lh[1].trim());
                if (lh.length != 2 || Math.abs(lo) > 1e9 || Math.abs(hi) > 1e9) {
                    throw new NumberFormatException();
                }
                out[i] = new DpLinearRegression.Bounds(lo, hi);
            }
        } catch (RuntimeException e) {
            throw new SpecException(key, count + " comma-separated ranges lower:upper (lower < upper, |values| <= 1e9)");
        }
        if (out.length != count) {
            throw new SpecException(key, count + " comma-separated ranges lower:upper");
        }
        return out;
    }

    /** The noise a DP job needs must be within the mechanism's limits and this node's element limit. */
    void noiseWithinLimits(int values, java.util.function.IntSupplier coins) {
        long c;
        try {
            c = coins.getAsInt();
        } catch (IllegalArgumentException e) {
            throw new SpecException("epsilon", "a larger epsilon or delta (the noise needed is over the mechanism's limit)");
        }
        if (c * values > limits.maxElements() || c * values > (1 << 26)) {
            throw new SpecException("epsilon", "a larger epsilon or delta, or fewer bins (the noise needs "
                    + "more coins than this node's limits)");
        }
    }

    /** A regression's feature columns: at least one, and each party's rows times features and outcome within the limit. */
    void checkFeatures(int[] rows, int[] columns) {
        int features = Arrays.stream(columns).sum();
        if (features < 1) {
            throw new SpecException("columns", "at least one feature column");
        }
        for (int r : rows) {
            if ((long) r * (features + 1) > limits.maxElements()) {
                throw new SpecException("rows", "at most " + limits.maxElements() + " values per party");
            }
        }
    }
}
