package org.consortia.mpc.tools.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.consortia.mpc.protocols.analysis.DpLinearRegression;
import org.consortia.mpc.protocols.analysis.DpLinearRegression.Bounds;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Utility of DP linear regression against epsilon on California housing (8 features; the first 16,512 rows train,
 * split evenly over the parties; the last 4,128 test; delta 1e-6): the test R^2 of the secure DP fit (the median and
 * the range over seeds) next to the non-private ridge fit on the same clamped data. Writes docs/dp-utility.md and
 * docs/plots/dp_linreg_r2.png ({@code scripts/dp-utility.sh}).
 */
public final class DpUtility {
    /** Public bounds: what a data steward would declare for the columns (MedInc ... Longitude; the label). */
    public static final Bounds[] FEATURES = {new Bounds(0, 15), new Bounds(0, 52), new Bounds(0, 10), new Bounds(0, 2),
        new Bounds(0, 5000), new Bounds(0, 6), new Bounds(32, 42), new Bounds(-125, -114)};
    public static final Bounds LABEL = new Bounds(0, 5);
    public static final int TRAIN = 16_512;
    public static final double RIDGE = 1.0;
    public static final double DELTA = 1e-6;

    private DpUtility() {
    }

    public static double[][] california(Path data) throws java.io.IOException {
        return Table.read(data.resolve("california_housing.csv")).rows();
    }

    static double scaled(double v, Bounds b) {
        double c = Math.max(b.lower(), Math.min(b.upper(), v));
        return (2 * c - b.upper() - b.lower()) / (b.upper() - b.lower());
    }

    /** The non-private ridge fit on the clamped, scaled training rows, in the original units: the reference. */
    public static double[] plainFit(double[][] rows) {
        int d = FEATURES.length;
        double[][] a = new double[d + 1][d + 1];
        double[] b = new double[d + 1];
        for (int r = 0; r < TRAIN; r++) {
            double[] z = new double[d + 1];
            for (int j = 0; j < d; j++) {
                z[j] = scaled(rows[r][j], FEATURES[j]);
            }
            z[d] = 1;
            double t = scaled(rows[r][d], LABEL);
            for (int i = 0; i <= d; i++) {
                for (int j = 0; j <= d; j++) {
                    a[i][j] += z[i] * z[j];
                }
                b[i] += z[i] * t;
            }
        }
        for (int i = 0; i < d; i++) {
            a[i][i] += RIDGE;
        }
        double[] beta = DpLinearRegression.gauss(a, b);
        double ls = 2 / (LABEL.upper() - LABEL.lower());
        double lc = -(LABEL.upper() + LABEL.lower()) / (LABEL.upper() - LABEL.lower());
        double[] out = new double[d + 1];
        double intercept = beta[d] - lc;
        for (int j = 0; j < d; j++) {
            double s = 2 / (FEATURES[j].upper() - FEATURES[j].lower());
            double c = -(FEATURES[j].upper() + FEATURES[j].lower()) / (FEATURES[j].upper() - FEATURES[j].lower());
            out[j] = beta[j] * s / ls;
            intercept += beta[j] * c;
        }
        out[d] = intercept / ls;
        return out;
    }

    /** R^2 on the test rows (features clamped as in training). */
    public static double r2(double[][] rows, double[] coef) {
        int d = FEATURES.length;
        double mean = 0;
        for (int r = TRAIN; r < rows.length; r++) {
            mean += rows[r][d] / (rows.length - TRAIN);
        }
        double ss = 0;
        double res = 0;
        for (int r = TRAIN; r < rows.length; r++) {
            double p = coef[d];
            for (int j = 0; j < d; j++) {
                p += coef[j] * Math.max(FEATURES[j].lower(), Math.min(FEATURES[j].upper(), rows[r][j]));
            }
            res += (rows[r][d] - p) * (rows[r][d] - p);
            ss += (rows[r][d] - mean) * (rows[r][d] - mean);
        }
        return 1 - res / ss;
    }

    /** The secure DP fit with n simulated parties, each party's randomness seeded from {@code seed} (test randomness). */
    public static double[] secureFit(double[][] rows, int n, double epsilon, long seed) throws Exception {
        int d = FEATURES.length;
        int[] counts = new int[n];
        Arrays.fill(counts, TRAIN / n);
        counts[n - 1] += TRAIN % n;
        SecureRandom[] rs = new SecureRandom[n];
        for (int i = 0; i < n; i++) {
            rs[i] = SecureRandom.getInstance("SHA1PRNG"); // deterministic once seeded: measurement randomness only
            rs[i].setSeed(seed * 31 + i);
        }
        try (LocalCluster c = new LocalCluster(n)) {
            return c.run(p -> {
                int from = 0;
                for (int k = 0; k < p.id(); k++) {
                    from += counts[k];
                }
                double[] x = new double[counts[p.id()] * d];
                double[] y = new double[counts[p.id()]];
                for (int r = 0; r < counts[p.id()]; r++) {
                    System.arraycopy(rows[from + r], 0, x, r * d, d);
                    y[r] = rows[from + r][d];
                }
                return DpLinearRegression.fit(p.backend(), counts, d, x, y, FEATURES, LABEL, epsilon, DELTA, RIDGE, 0, rs[p.id()]);
            }).result(0);
        }
    }

    /** The test R^2 of {@code seeds} secure fits, sorted. */
    public static double[] r2s(double[][] rows, int n, double epsilon, int seeds) throws Exception {
        double[] out = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            out[s] = r2(rows, secureFit(rows, n, epsilon, 1000 + s));
        }
        Arrays.sort(out);
        return out;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        double[][] rows = california(Path.of("data"));
        double plain = r2(rows, plainFit(rows));
        double[] eps = {0.25, 0.5, 1, 2, 4, 8, 16};
        int seeds = 9;
        List<Double> med = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        StringBuilder md = new StringBuilder("# Utility of the differentially private analyses\n\n")
                .append("Generated by `scripts/dp-utility.sh`: DP linear regression (`dp-linear-regression`, noisy sufficient ")
                .append("statistics, every party's own discrete Gaussian noise) on California housing, 2 simulated parties, ")
                .append("8 features, the first 16,512 rows to train (split evenly), the last 4,128 to test, delta 1e-6; ")
                .append(seeds).append(" seeds per epsilon. Non-private ridge fit on the same clamped data: test R^2 ")
                .append(String.format(Locale.ROOT, "%.4f", plain)).append(".\n\n| epsilon | test R^2 (median) | quartiles | ")
                .append("worst | noise sd per statistic (one party) |\n|---:|---:|---|---:|---:|\n");
        for (double e : eps) {
            double[] r = r2s(rows, 2, e, seeds);
            med.add(r[seeds / 2]);
            lo.add(Math.max(-0.2, r[seeds / 4]));
            hi.add(r[3 * seeds / 4]);
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f to %.4f | %.4f | %.1f |%n", e, r[seeds / 2], r[seeds / 4],
                    r[3 * seeds / 4], r[0], DpLinearRegression.sigma(8, e, DELTA) / 4));
            System.out.printf(Locale.ROOT, "epsilon %s: median R^2 %.4f%n", e, r[seeds / 2]);
        }
        md.append("\n![R^2 against epsilon](plots/dp_linreg_r2.png)\n");
        XYChart chart = new XYChartBuilder().width(720).height(420).title("DP linear regression, California housing")
                .xAxisTitle("epsilon (delta 1e-6)").yAxisTitle("test R^2").build();
        chart.getStyler().setXAxisLogarithmic(true);
        List<Double> x = Arrays.stream(eps).boxed().toList();
        chart.addSeries("DP median", x, med);
        chart.addSeries("DP lower quartile (clipped at -0.2)", x, lo);
        chart.addSeries("DP upper quartile", x, hi);
        chart.addSeries("non-private", x, x.stream().map(v -> plain).toList());
        Files.createDirectories(docs.resolve("plots"));
        BitmapEncoder.saveBitmap(chart, docs.resolve("plots").resolve("dp_linreg_r2").toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.writeString(docs.resolve("dp-utility.md"), md);
        System.out.println("wrote " + docs.resolve("dp-utility.md"));
    }
}
