package org.consortia.mpc.tools.demo;

import java.nio.file.Path;
import java.util.Locale;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * The README's first demo, simulated in one JVM: a linear regression over the diabetes data split
 * vertically across three organisations. Party 0 holds age, sex, bmi, bp, s1; party 1 holds s2..s6; party 2
 * holds the outcome. Each standardizes its own columns locally. The cross products that involve two
 * organisations' data (X0'X1, X0'y, X1'y) are computed with secure matrix products; each party's own Gram
 * block is computed locally and input. Only the aggregate normal equations are revealed, and only to party 2,
 * which solves them. The result is printed next to Commons Math OLS on the pooled data.
 */
public final class VerticalRegressionDemo {
    private VerticalRegressionDemo() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--compare")) {
            compare(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "data/diabetes.csv");
        Table csv = Table.read(file);
        int rows = csv.rows().length;
        double[] x0 = csv.standardized(0, 5); // party 0's columns
        double[] x1 = csv.standardized(5, 10); // party 1's columns
        double[] y = csv.centred(10); // party 2's outcome

        try (LocalCluster cluster = new LocalCluster(3)) {
            ClusterRun<double[]> run = cluster.run(p -> {
                // Each party reads only its own data: the values are ignored at the other parties.
                SecretTensor a = p.input(0, Shape.matrix(rows, 5), p.id() == 0 ? x0 : null);
                SecretTensor b = p.input(1, Shape.matrix(rows, 5), p.id() == 1 ? x1 : null);
                SecretTensor t = p.input(2, Shape.matrix(rows, 1), p.id() == 2 ? y : null);
                SecretTensor g00 = p.input(0, Shape.matrix(5, 5), p.id() == 0 ? gram(x0, x0, rows, 5, 5) : null);
                SecretTensor g11 = p.input(1, Shape.matrix(5, 5), p.id() == 1 ? gram(x1, x1, rows, 5, 5) : null);
                SecretTensor at = a.transpose();
                // three independent products, batched: 2 rounds in all instead of 2 each
                SecretTensor[] prods = SecretTensor.matmulAll(new SecretTensor[] {at, at, b.transpose()},
                        new SecretTensor[] {b, t, t});
                SecretTensor g01 = prods[0];
                SecretTensor c0 = prods[1];
                SecretTensor c1 = prods[2];
                double[][] parts = {g00.revealTo(2), g01.revealTo(2), g11.revealTo(2), c0.revealTo(2), c1.revealTo(2)};
                return p.id() == 2 ? solve(parts) : null;
            });
            double[] secure = run.result(2);
            double[] plain = plaintextOls(x0, x1, y, rows);
            System.out.println("Joint linear regression, diabetes data (" + rows + " rows) split vertically over 3 parties");
            System.out.println("party 0: age sex bmi bp s1 | party 1: s2..s6 | party 2: outcome; result to party 2 only");
            System.out.printf(Locale.ROOT, "%-8s %12s %12s %10s%n", "feature", "secure", "plaintext", "|diff|");
            double worst = 0;
            for (int j = 0; j < 10; j++) {
                double d = Math.abs(secure[j] - plain[j]);
                worst = Math.max(worst, d);
                System.out.printf(Locale.ROOT, "%-8s %12.5f %12.5f %10.2e%n", csv.header().get(j), secure[j], plain[j], d);
            }
            System.out.printf(Locale.ROOT, "max |secure - plaintext| = %.2e; online %.1f ms, offline %.1f ms, %d rounds, "
                    + "%d bytes sent by the busiest party%n", worst, run.onlineMillis(), run.offlineMillis(), run.rounds(),
                    run.maxOnlineBytesSent());
            if (worst > 1e-2) {
                System.err.println("demo: secure and plaintext coefficients disagree beyond 1e-2");
                System.exit(1);
            }
        }
    }

    /**
     * Prints a job record's coefficients (from the nodes' job API, JSON) next to plaintext OLS on the pooled
     * data; exits non-zero when they disagree beyond 1e-2.
     */
    static void compare(Path jobJson, Path csvFile) throws Exception {
        String json = java.nio.file.Files.readString(jobJson);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"result\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) {
            System.err.println(jobJson + ": no result in the job record");
            System.exit(1);
        }
        double[] secure = java.util.Arrays.stream(m.group(1).split(",")).map(String::trim).mapToDouble(Double::parseDouble)
                .toArray();
        Table csv = Table.read(csvFile);
        int rows = csv.rows().length;
        double[] plain = plaintextOls(csv.standardized(0, 5), csv.standardized(5, 10), csv.centred(10), rows);
        if (secure.length == 22) { // linear-regression job: [standardized (10), original units (10), intercept, R^2]
            secure = java.util.Arrays.copyOfRange(secure, 10, 20);
            double[][] x = new double[rows][10];
            double[] y = new double[rows];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(csv.rows()[i], 0, x[i], 0, 10);
                y[i] = csv.rows()[i][10];
            }
            OLSMultipleLinearRegression raw = new OLSMultipleLinearRegression();
            raw.newSampleData(y, x);
            plain = java.util.Arrays.copyOfRange(raw.estimateRegressionParameters(), 1, 11);
        }
        System.out.printf(Locale.ROOT, "%-8s %12s %12s %10s%n", "feature", "secure", "plaintext", "rel. diff");
        double worst = 0;
        for (int j = 0; j < plain.length; j++) {
            double d = Math.abs(secure[j] - plain[j]) / Math.max(1, Math.abs(plain[j]));
            worst = Math.max(worst, d);
            System.out.printf(Locale.ROOT, "%-8s %12.5f %12.5f %10.2e%n", csv.header().get(j), secure[j], plain[j], d);
        }
        java.util.regex.Matcher cost = java.util.regex.Pattern.compile("\"online_ms\"\\s*:\\s*([0-9.eE+-]+)").matcher(json);
        System.out.printf(Locale.ROOT, "max |secure - plaintext| / max(1, |plaintext|) = %.2e%s%n", worst,
                cost.find() ? "; online " + cost.group(1) + " ms at the result party" : "");
        if (worst > 1e-2) {
            System.err.println("secure and plaintext coefficients disagree beyond 1e-2");
            System.exit(1);
        }
    }

    /** A'B for row-major A (rows x p) and B (rows x q), in plain doubles (a party's own data). */
    static double[] gram(double[] a, double[] b, int rows, int p, int q) {
        double[] g = new double[p * q];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < q; j++) {
                    g[i * q + j] += a[r * p + i] * b[r * q + j];
                }
            }
        }
        return g;
    }

    /** Assembles [[G00, G01], [G01', G11]] beta = [c0; c1] and solves it. */
    static double[] solve(double[][] parts) {
        double[][] g = new double[10][10];
        double[] c = new double[10];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                g[i][j] = parts[0][i * 5 + j];
                g[i][5 + j] = parts[1][i * 5 + j];
                g[5 + j][i] = parts[1][i * 5 + j];
                g[5 + i][5 + j] = parts[2][i * 5 + j];
            }
            c[i] = parts[3][i];
            c[5 + i] = parts[4][i];
        }
        RealMatrix m = new Array2DRowRealMatrix(g);
        return new LUDecomposition(m).getSolver().solve(new ArrayRealVector(c)).toArray();
    }

    static double[] plaintextOls(double[] x0, double[] x1, double[] y, int rows) {
        double[][] x = new double[rows][10];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 5; j++) {
                x[r][j] = x0[r * 5 + j];
                x[r][5 + j] = x1[r * 5 + j];
            }
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);
        ols.newSampleData(y, x);
        return ols.estimateRegressionParameters();
    }
}
