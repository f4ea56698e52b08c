package org.consortia.mpc.analyses.trees;

import java.util.Arrays;

/**
 * Quantile bins of one feature, computed by the feature's holder on its own values (nothing leaves it but the bin
 * indicators it inputs as shares). {@code bins - 1} upper edges: bin b holds {@code edges[b-1] < x <= edges[b]}, the
 * last bin everything above. The edges are the sorted values at ranks ceil(k n / bins) (k = 1..bins-1), duplicates and
 * the maximum dropped, padded with +infinity (empty bins), so a split "bin &lt;= b" is "x &lt;= edges[b]" in the
 * feature's own units. scripts/models/gen_gbdt_reference.py writes the same edges for LightGBM's reference.
 */
public final class Binning {
    private Binning() {
    }

    /** The {@code bins - 1} upper edges of {@code column}'s quantile bins (2 &lt;= bins &lt;= 256). */
    public static double[] edges(double[] column, int bins) {
        if (bins < 2 || bins > 256 || column.length == 0) {
            throw new IllegalArgumentException("binning: " + bins + " bins (2..256) over " + column.length + " values");
        }
        double[] s = column.clone();
        Arrays.sort(s);
        int n = s.length;
        double[] out = new double[bins - 1];
        int k = 0;
        double last = Double.NEGATIVE_INFINITY;
        for (int j = 1; j < bins; j++) {
            double e = s[(int) (((long) j * n + bins - 1) / bins) - 1];
            if (e > last && e < s[n - 1]) {
                out[k++] = e;
                last = e;
            }
        }
        Arrays.fill(out, k, out.length, Double.POSITIVE_INFINITY);
        return out;
    }

    /** The bin of {@code x}: how many edges lie below it. */
    public static int bin(double[] edges, double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Row-major indicators of {@code rows} x {@code features} values' bins: {@code rows x (features * bins)} 0/1 values,
     * column {@code f * bins + b} is [bin of feature f = b] ({@code edges[f]} per feature): what a holder inputs.
     */
    public static long[] indicators(double[] values, int rows, double[][] edges) {
        int features = edges.length;
        int bins = edges[0].length + 1;
        if (values.length != rows * features) {
            throw new IllegalArgumentException("binning: " + values.length + " values for " + rows + " x " + features);
        }
        long[] out = new long[rows * features * bins];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < features; f++) {
                out[(i * features + f) * bins + bin(edges[f], values[i * features + f])] = 1;
            }
        }
        return out;
    }
}
