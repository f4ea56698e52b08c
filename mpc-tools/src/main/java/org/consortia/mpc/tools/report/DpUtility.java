package org.consortia.mpc.tools.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.consortia.mpc.analyses.stats.DpLinearRegression;
import org.consortia.mpc.analyses.stats.DpLinearRegression.Bounds;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.protocols.Comparisons;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Utility against epsilon (delta 1e-6) of DP linear regression on California housing (8 features; the first 16,512
 * rows train, split evenly over the parties; the last 4,128 test: test R^2 next to the non-private ridge fit on the
 * same clamped data) and of DP logistic regression on breast cancer (the published split: test accuracy next to the
 * same descent without noise). Writes docs/dp-utility.md and its plots ({@code scripts/dp-utility.sh}).
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
        return secureFit(rows, n, epsilon, seed, false);
    }

    /** The same fit, on authenticated shares when {@code malicious} (every opening checked). */
    public static double[] secureFit(double[][] rows, int n, double epsilon, long seed, boolean malicious) throws Exception {
        double[][] train = Arrays.copyOf(rows, TRAIN);
        return evenly(train, n, FEATURES.length, seed * 31, malicious, (be, counts, x, y, random) -> DpLinearRegression.fit(be, counts,
                FEATURES.length, x, y, FEATURES, LABEL, epsilon, DELTA, RIDGE, 0, random));
    }

    /** A DP fit run by one simulated party on its share of the rows. */
    interface Fit {
        double[] run(Backend be, int[] counts, double[] x, double[] y, SecureRandom random);
    }

    /**
     * Runs {@code fit} with the training rows split evenly over n simulated parties (each row: d features, then the
     * label), each party's randomness seeded from {@code seed} (measurement randomness only); the result party's output.
     */
    static double[] evenly(double[][] train, int n, int d, long seed, boolean malicious, Fit fit) throws Exception {
        int[] counts = new int[n];
        Arrays.fill(counts, train.length / n);
        counts[n - 1] += train.length % n;
        SecureRandom[] rs = new SecureRandom[n];
        for (int i = 0; i < n; i++) {
            rs[i] = SecureRandom.getInstance("SHA1PRNG"); // deterministic once seeded: measurement randomness only
            rs[i].setSeed(seed + i);
        }
        // malicious mode's comparisons by FSS keys where there are 2 parties (the authenticated boolean circuit is far slower)
        try (LocalCluster c = !malicious ? new LocalCluster(n)
                : n == 2 ? new LocalCluster(n).malicious().comparisons(Comparisons.FSS) : new LocalCluster(n).malicious()) {
            return c.run(p -> {
                int from = 0;
                for (int k = 0; k < p.id(); k++) {
                    from += counts[k];
                }
                double[] x = new double[counts[p.id()] * d];
                double[] y = new double[counts[p.id()]];
                for (int r = 0; r < counts[p.id()]; r++) {
                    System.arraycopy(train[from + r], 0, x, r * d, d);
                    y[r] = train[from + r][d];
                }
                return fit.run(p.backend(), counts, x, y, rs[p.id()]);
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

    // ---- DP logistic regression on breast cancer (30 features; the published 80/20 split) ----

    public static final int LOGREG_STEPS = 30;
    public static final double LOGREG_LR = 4.0;
    public static final double LOGREG_CLIP = 1.0;

    /** Breast cancer rows (30 features, then the 0/1 label) of the training and the test split. */
    public record Split(double[][] train, double[][] test, Bounds[] bounds) {
    }

    /**
     * The published split (data/breast_cancer_split.json); the public bounds of each feature are its range over the
     * whole data set, rounded outward to two significant digits: what a steward would publish for the columns.
     */
    public static Split breastCancer(Path data) throws java.io.IOException {
        double[][] all = Table.read(data.resolve("breast_cancer.csv")).rows();
        String json = Files.readString(data.resolve("breast_cancer_split.json"));
        int[] train = indices(json, "train");
        int[] test = indices(json, "test");
        int d = all[0].length - 1;
        Bounds[] b = new Bounds[d];
        for (int j = 0; j < d; j++) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (double[] r : all) {
                lo = Math.min(lo, r[j]);
                hi = Math.max(hi, r[j]);
            }
            double unit = Math.pow(10, Math.floor(Math.log10(Math.max(Math.abs(lo), Math.abs(hi)))) - 1);
            b[j] = new Bounds(Math.floor(lo / unit) * unit, Math.ceil(hi / unit) * unit + unit);
        }
        return new Split(Arrays.stream(train).mapToObj(i -> all[i]).toArray(double[][]::new),
                Arrays.stream(test).mapToObj(i -> all[i]).toArray(double[][]::new), b);
    }

    private static int[] indices(String json, String key) {
        var m = java.util.regex.Pattern.compile("\"" + key + "\":\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no '" + key + "' in the split file");
        }
        return Arrays.stream(m.group(1).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /** The same clipped full-batch gradient descent in plain doubles, without noise: the reference. */
    public static double[] plainLogistic(Split s) {
        int d = s.bounds().length;
        int n = s.train().length;
        double[][] z = new double[n][d + 1];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                z[r][j] = scaled(s.train()[r][j], s.bounds()[j]);
            }
            z[r][d] = 1;
        }
        double[] w = new double[d + 1];
        for (int t = 0; t < LOGREG_STEPS; t++) {
            double[] g = new double[d + 1];
            for (int r = 0; r < n; r++) {
                double a = 0;
                double norm = 0;
                for (int j = 0; j <= d; j++) {
                    a += z[r][j] * w[j];
                    norm += z[r][j] * z[r][j];
                }
                double bound = LOGREG_CLIP / Math.sqrt(norm);
                double err = Math.max(-bound, Math.min(bound, 1 / (1 + Math.exp(-a)) - s.train()[r][d]));
                for (int j = 0; j <= d; j++) {
                    g[j] += err * z[r][j];
                }
            }
            for (int j = 0; j <= d; j++) {
                w[j] -= LOGREG_LR / n * g[j];
            }
        }
        double[] orig = new double[d + 1];
        double bias = w[d];
        for (int j = 0; j < d; j++) {
            double sc = 2 / (s.bounds()[j].upper() - s.bounds()[j].lower());
            double sh = -(s.bounds()[j].upper() + s.bounds()[j].lower()) / (s.bounds()[j].upper() - s.bounds()[j].lower());
            orig[j] = w[j] * sc;
            bias += w[j] * sh;
        }
        orig[d] = bias;
        return orig;
    }

    /** Test accuracy of weights and bias (features clamped as in training). */
    public static double accuracy(Split s, double[] coef) {
        int d = s.bounds().length;
        int right = 0;
        for (double[] r : s.test()) {
            double a = coef[d];
            for (int j = 0; j < d; j++) {
                a += coef[j] * Math.max(s.bounds()[j].lower(), Math.min(s.bounds()[j].upper(), r[j]));
            }
            right += (a > 0 ? 1 : 0) == (int) r[d] ? 1 : 0;
        }
        return (double) right / s.test().length;
    }

    /** The secure DP fit with n simulated parties (training rows split evenly), seeded measurement randomness. */
    public static double[] secureLogistic(Split s, int n, double epsilon, long seed) throws Exception {
        return secureLogistic(s, n, epsilon, seed, false);
    }

    /** The same fit, on authenticated shares when {@code malicious} (every opening checked). */
    public static double[] secureLogistic(Split s, int n, double epsilon, long seed, boolean malicious) throws Exception {
        int d = s.bounds().length;
        return evenly(s.train(), n, d, seed * 37, malicious, (be, counts, x, y, random) -> org.consortia.mpc.analyses.stats
                .DpLogisticRegression.fit(be, counts, d, x, y, s.bounds(), LOGREG_STEPS, LOGREG_LR, LOGREG_CLIP, epsilon, DELTA, 0,
                        random));
    }

    /** Test accuracies of {@code seeds} secure DP fits, sorted. */
    public static double[] accuracies(Split s, int n, double epsilon, int seeds) throws Exception {
        double[] out = new double[seeds];
        for (int i = 0; i < seeds; i++) {
            out[i] = accuracy(s, secureLogistic(s, n, epsilon, 2000 + i));
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
        Split bc = breastCancer(Path.of("data"));
        double plainAcc = accuracy(bc, plainLogistic(bc));
        md.append("\nDP logistic regression (`dp-logistic-regression`: full-batch DP gradient descent, ").append(LOGREG_STEPS)
                .append(" steps, learning rate ").append(LOGREG_LR).append(", per-example clipping to ").append(LOGREG_CLIP)
                .append(", every party's own discrete Gaussian noise) on breast cancer (30 features, the published 80/20 ")
                .append("split, training rows split evenly over 2 parties), delta 1e-6, ").append(seeds).append(" seeds per ")
                .append("epsilon. The same descent without noise: test accuracy ").append(String.format(Locale.ROOT, "%.4f",
                        plainAcc)).append(".\n\n| epsilon | test accuracy (median) | quartiles | worst |\n|---:|---:|---|---:|\n");
        List<Double> accMed = new ArrayList<>();
        for (double e : eps) {
            double[] a = accuracies(bc, 2, e, seeds);
            accMed.add(a[seeds / 2]);
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f to %.4f | %.4f |%n", e, a[seeds / 2], a[seeds / 4],
                    a[3 * seeds / 4], a[0]));
            System.out.printf(Locale.ROOT, "epsilon %s: median accuracy %.4f%n", e, a[seeds / 2]);
        }
        md.append("\n![accuracy against epsilon](plots/dp_logreg_accuracy.png)\n");
        XYChart acc = new XYChartBuilder().width(720).height(420).title("DP logistic regression, breast cancer")
                .xAxisTitle("epsilon (delta 1e-6)").yAxisTitle("test accuracy").build();
        acc.getStyler().setXAxisLogarithmic(true);
        List<Double> xs = Arrays.stream(eps).boxed().toList();
        acc.addSeries("DP median", xs, accMed);
        acc.addSeries("without noise", xs, xs.stream().map(v -> plainAcc).toList());
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
        BitmapEncoder.saveBitmap(acc, docs.resolve("plots").resolve("dp_logreg_accuracy").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        Files.writeString(docs.resolve("dp-utility.md"), md);
        System.out.println("wrote " + docs.resolve("dp-utility.md"));
    }
}
