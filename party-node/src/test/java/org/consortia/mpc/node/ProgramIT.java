package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.apache.commons.math3.stat.inference.TTest;
import org.consortia.mpc.analyses.dp.BinomialMechanism;
import org.consortia.mpc.node.ChildProcess.Result;
import org.consortia.mpc.programs.ProgramBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Researchers' programs against three member nodes and a dealer (separate processes, TLS): a Python script written
 * with the README's front-end ({@code from mpc_client import Program, Client}) submits the example programs
 * (examples/) and gets their results within the stated bounds of Commons Math's references; programs that reveal a
 * per-row value, fewer rows than minRows, a column the policy does not expose, or a requireDp dataset without DP are
 * refused by the member holding the data, naming the rule and the program node; a DP mean on that dataset runs.
 */
class ProgramIT {
    static final long SEED = 4_242L;
    static final int N = 120;
    static final int N1 = 70;
    static final int N2 = 55;
    /** Rows of the two members' points (k-means), survival records (Kaplan-Meier) and sales (federated averaging). */
    static final int P0 = 40;
    static final int P1 = 35;
    static final int S0 = 300;
    static final int S1 = 300;
    static final double[][] START = {{0, 0}, {5, 5}, {0, 5}};
    /** Datasets org-0 and org-1 both hold; sales has a budget, charged per federated round. */
    static final String SHARED = "  - {name: points, analyses: [program], minRows: 10}\n"
            + "  - {name: survival, analyses: [program], minRows: 10}\n"
            + "  - {name: sales, analyses: [program], minRows: 10, budget: {epsilon: 20, delta: 1e-3}}\n";

    @Test
    void examplesRunAndPoliciesRefuse(@TempDir Path dir) throws Exception {
        System.out.println("ProgramIT seed " + SEED);
        String[] policies = {
            "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: cohort, analyses: [program], minRows: 10}\n"
                + "  - {name: trial, analyses: [program], minRows: 10}\n" + SHARED,
            "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: labs, analyses: [program], minRows: 10, columns: [glucose, risk]}\n"
                + "  - {name: trial, analyses: [program], minRows: 10}\n" + SHARED,
            "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: visits, analyses: [program], requireDp: true, "
                + "budget: {epsilon: 5, delta: 1e-4}}\n  - {name: stays, analyses: [program], minRows: 10}\n"};
        try (LocalConsortium c = new LocalConsortium(dir, 3, "10s", policies)) {
            double[][] data = write(c);
            extra = writeExtra(c);
            c.startAll();
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            Path script = dir.resolve("research.py");
            Files.writeString(script, SCRIPT);
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), c.api(0), dir.resolve("ca.crt").toString(),
                    String.valueOf(N), String.valueOf(N1), String.valueOf(N2)).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("MPC_API_TOKEN", LocalConsortium.TOKEN);
            pb.environment().put("MPC_NODE", Path.of("..", "scripts", "mpc-node").toAbsolutePath().normalize().toString());
            pb.environment().put("DATA", dir.toString());
            pb.environment().put("PYTHONPATH", PythonPackage.SOURCE + java.io.File.pathSeparator
                    + PythonPackage.SOURCE.resolve("../../examples").normalize());
            Result r = ChildProcess.run(pb, Duration.ofSeconds(300));
            assertEquals(0, r.code(), r.output() + "\n" + c.log(0) + c.log(1) + c.log(2));
            JsonObject out = new JsonObject(r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            System.out.println("ProgramIT results: " + out.encode());

            // Pearson over columns of three members: Commons Math on the same columns, within 0.01
            double[][] cols = {data[0], data[1], data[2], data[3]};
            double[][] byRow = new double[N][4];
            for (int r0 = 0; r0 < N; r0++) {
                for (int j = 0; j < 4; j++) {
                    byRow[r0][j] = cols[j][r0];
                }
            }
            double[][] ref = new PearsonsCorrelation().computeCorrelationMatrix(byRow).getData();
            var corr = out.getJsonObject("pearson").getJsonArray("correlation");
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    double got = corr.getJsonArray(i).getDouble(j);
                    assertTrue(Math.abs(got - ref[i][j]) < 0.01, "correlation[" + i + "," + j + "] " + got + " vs " + ref[i][j]);
                }
            }
            // Welch's t over two members' samples, within 1% (and the df within 1%)
            double t = new TTest().t(data[4], data[5]);
            double va = new Variance().evaluate(data[4]) / N1;
            double vb = new Variance().evaluate(data[5]) / N2;
            double df = (va + vb) * (va + vb) / (va * va / (N1 - 1) + vb * vb / (N2 - 1));
            var welch = out.getJsonObject("welch");
            assertTrue(Math.abs(welch.getJsonArray("t").getDouble(0) - t) < 0.01 * Math.abs(t) + 1e-3, welch + " vs t " + t);
            assertTrue(Math.abs(welch.getJsonArray("df").getDouble(0) - df) < 0.01 * df, welch + " vs df " + df);
            // the DP mean of a requireDp dataset: clamped to [0, 20], binomial noise at epsilon 1, delta 1e-6 on a grid of 2
            // (sensitivity 11 steps), over 120 rows: within 5 noise standard deviations (the noise is drawn afresh each run)
            double mean = java.util.Arrays.stream(data[6]).average().orElseThrow();
            double dp = out.getJsonObject("dp").getJsonArray("mean").getDouble(0);
            double sd = BinomialMechanism.stddev(
                    BinomialMechanism.coinsFor(1.0, 1e-6, 11)) * 2 / N;
            System.out.printf("ProgramIT dp mean %.4f vs %.4f (noise sd %.3f)%n", dp, mean, sd);
            assertTrue(Math.abs(dp - mean) < 5 * sd + 0.05, "dp mean " + dp + " vs " + mean + " (noise sd " + sd + ")");

            // simulate (secure, on this machine, the same evaluator) and the nodes agree within the program's error bound:
            // not bit for bit, since each run's truncations draw their own randomness (each within one unit in the last
            // place, amplified here by the square root and reciprocal approximations; 4.4e-3 measured)
            var sim = out.getJsonObject("simulated").getJsonArray("correlation");
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    double a = sim.getJsonArray(i).getDouble(j);
                    double b = corr.getJsonArray(i).getDouble(j);
                    assertTrue(Math.abs(a - b) < 0.01, "simulated " + a + " vs nodes " + b);
                }
            }
            Extra x = extra;
            // chi-square: Commons Math on the contingency table, within 1%
            double chi2 = new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquare(x.table);
            double gotChi2 = out.getJsonObject("chi2").getDouble("chi2");
            assertTrue(Math.abs(gotChi2 - chi2) < 0.01 * chi2 + 1e-2, "chi2 " + gotChi2 + " vs " + chi2);
            // k-means: the same 5 iterations in doubles, within 0.01
            double[][] cents = kmeans(x.points, START, 5);
            var gotC = out.getJsonObject("kmeans").getJsonArray("centroids");
            for (int i = 0; i < START.length; i++) {
                for (int j = 0; j < 2; j++) {
                    assertTrue(Math.abs(gotC.getJsonArray(i).getDouble(j) - cents[i][j]) < 0.01, "centroid " + gotC + " vs "
                            + java.util.Arrays.deepToString(cents));
                }
            }
            // Kaplan-Meier on days 1..8, within 0.005
            double[] km = kaplanMeier(x.times, x.events, 8);
            var gotS = out.getJsonObject("km").getJsonArray("survival");
            for (int day = 0; day < 8; day++) {
                assertTrue(Math.abs(gotS.getDouble(day) - km[day]) < 0.005, "survival " + gotS + " vs " + java.util.Arrays.toString(km));
            }
            // federated averaging, 3 rounds with a DP mean each: the noiseless rounds within 1.0 (about 6 noise sds)
            double[] w = fedavg(x.sales, 3, 0.5, 4.0);
            var gotW = out.getJsonObject("fedavg").getJsonArray("weights");
            for (int j = 0; j < 2; j++) {
                assertTrue(Math.abs(gotW.getJsonArray(j).getDouble(0) - w[j]) < 1.0, "weights " + gotW + " vs "
                        + java.util.Arrays.toString(w));
            }
            // the budget: three releases of epsilon 2 charged to org-0's sales
            JsonObject budget = c.get(0, BUDGETS);
            var sales = budget.getJsonArray("datasets").stream().map(JsonObject.class::cast)
                    .filter(d -> d.getString("dataset").equals("sales")).findFirst().orElseThrow();
            assertEquals(6.0, sales.getJsonObject("spent").getDouble("epsilon"), 1e-9, sales.encode());

            // refusals by the member holding the data, naming the rule and the program node
            assertRefused(out, "perRow", "org-0", "datasets[cohort].minRows", "'n");
            assertRefused(out, "fewRows", "org-0", "datasets[cohort].minRows", "'n");
            assertRefused(out, "hiddenColumn", "org-1", "datasets[labs].columns", "program node");
            assertRefused(out, "noDp", "org-2", "datasets[visits].requireDp", "program node");
            assertRefused(out, "badShape", "", "do not chain", "program node");
        }
    }

    private Extra extra;
    static final String BUDGETS = "/v1/budget";

    /**
     * Without a dealer (correlated randomness by oblivious transfer): a program built with the Java front-end
     * ({@code ProgramBuilder}), submitted over the REST API, gives the column means and covariance of three members'
     * columns within 1e-3 of Commons Math's.
     */
    @Test
    void aJavaBuiltProgramRunsWithoutADealer(@TempDir Path dir) throws Exception {
        try (LocalConsortium c = new LocalConsortium(dir, 3, "20s", new String[3], false)) {
            double[][] data = write(c);
            c.startAll();
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            var p = new ProgramBuilder();
            var x = p.concat(java.util.List.of(p.input("org-0", "cohort", java.util.List.of("age", "bmi"), N, null),
                    p.input("org-1", "labs", java.util.List.of("glucose"), N, null)), 1);
            var centred = x.sub(x.mean(0));
            p.reveal(centred.t().matmul(centred).div(N - 1), java.util.List.of("org-2"), "covariance");
            String spec = new JsonObject().put("analysis", "program").put("params", new JsonObject()
                    .put("program", p.build().canonical()).put("fractionalBits", "20")).encode();
            String id = c.submit(0, new JsonObject(spec));
            JsonObject rec = c.awaitJob(2, id, Duration.ofSeconds(120));
            assertEquals("SUCCEEDED", rec.getString("state"), rec.encode() + c.log(0));
            double[][] cols = new double[N][3];
            for (int r0 = 0; r0 < N; r0++) {
                cols[r0] = new double[] {data[0][r0], data[1][r0], data[2][r0]};
            }
            double[][] ref = new org.apache.commons.math3.stat.correlation.Covariance(cols).getCovarianceMatrix().getData();
            var got = rec.getJsonArray("result");
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertTrue(Math.abs(got.getDouble(i * 3 + j) - ref[i][j]) < 1e-3 * Math.max(1, Math.abs(ref[i][j])),
                            "covariance[" + i + "," + j + "] " + got.getDouble(i * 3 + j) + " vs " + ref[i][j]);
                }
            }
        }
    }

    /** The extra examples' data, as the references read it. */
    record Extra(long[][] table, double[][] points, double[] times, double[] events, double[][] sales) {
    }

    private static Extra writeExtra(LocalConsortium c) throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        // categorical columns beside the cohort and the labs (rows aligned): smoker 0..2 at org-0, risk 0..2 at org-1
        long[][] table = new long[3][3];
        StringBuilder cohort = new StringBuilder(Files.readString(c.dataDir(0).resolve("cohort.csv")).replace("age,bmi", "age,bmi,smoker"));
        StringBuilder labs = new StringBuilder(Files.readString(c.dataDir(1).resolve("labs.csv")).replace("glucose,hba1c", "glucose,hba1c,risk"));
        String[] cl = cohort.toString().split("\n");
        String[] ll = labs.toString().split("\n");
        StringBuilder c2 = new StringBuilder(cl[0]).append('\n');
        StringBuilder l2 = new StringBuilder(ll[0]).append('\n');
        for (int i = 1; i <= N; i++) {
            int a = rnd.nextInt(3);
            int b = rnd.nextDouble() < 0.5 ? a : rnd.nextInt(3); // dependent
            table[a][b]++;
            c2.append(cl[i]).append(',').append(a).append('\n');
            l2.append(ll[i]).append(',').append(b).append('\n');
        }
        Files.writeString(c.dataDir(0).resolve("cohort.csv"), c2);
        Files.writeString(c.dataDir(1).resolve("labs.csv"), l2);
        // points around three centres, split by rows
        double[][] points = new double[P0 + P1][2];
        double[][] centres = {{0.5, 0.2}, {4.6, 5.3}, {0.2, 4.4}};
        for (int i = 0; i < points.length; i++) {
            double[] ctr = centres[i % 3];
            points[i][0] = Math.round((ctr[0] + rnd.nextDouble(-1, 1)) * 1000) / 1000.0;
            points[i][1] = Math.round((ctr[1] + rnd.nextDouble(-1, 1)) * 1000) / 1000.0;
        }
        // survival records: time 1..8 (whole days), event 0/1
        int n = 60;
        double[] times = new double[n];
        double[] events = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = 1 + rnd.nextInt(8);
            events[i] = rnd.nextDouble() < 0.7 ? 1 : 0;
        }
        // sales: y = 1.5 x0 - 2 x1 + noise, x in [-1, 1]
        double[][] sales = new double[S0 + S1][3];
        for (double[] r : sales) {
            r[0] = Math.round(rnd.nextDouble(-1, 1) * 1000) / 1000.0;
            r[1] = Math.round(rnd.nextDouble(-1, 1) * 1000) / 1000.0;
            r[2] = Math.round((1.5 * r[0] - 2 * r[1] + rnd.nextDouble(-0.1, 0.1)) * 1000) / 1000.0;
        }
        for (int k = 0; k < 2; k++) {
            StringBuilder pts = new StringBuilder("x,y\n");
            int from = k == 0 ? 0 : P0;
            int to = k == 0 ? P0 : P0 + P1;
            for (int i = from; i < to; i++) {
                pts.append(points[i][0]).append(',').append(points[i][1]).append('\n');
            }
            Files.writeString(c.dataDir(k).resolve("points.csv"), pts);
            StringBuilder surv = new StringBuilder("time,event\n");
            for (int i = k * n / 2; i < (k + 1) * n / 2; i++) {
                surv.append(times[i]).append(',').append(events[i]).append('\n');
            }
            Files.writeString(c.dataDir(k).resolve("survival.csv"), surv);
            StringBuilder sl = new StringBuilder("x0,x1,y\n");
            for (int i = k * S0; i < k * S0 + (k == 0 ? S0 : S1); i++) {
                sl.append(sales[i][0]).append(',').append(sales[i][1]).append(',').append(sales[i][2]).append('\n');
            }
            Files.writeString(c.dataDir(k).resolve("sales.csv"), sl);
        }
        return new Extra(table, points, times, events, sales);
    }

    static double[][] kmeans(double[][] x, double[][] start, int iterations) {
        double[][] c = new double[start.length][];
        for (int j = 0; j < c.length; j++) {
            c[j] = start[j].clone();
        }
        for (int it = 0; it < iterations; it++) {
            double[][] sum = new double[c.length][2];
            int[] count = new int[c.length];
            for (double[] p : x) {
                int best = 0;
                for (int j = 1; j < c.length; j++) {
                    if (dist(p, c[j]) < dist(p, c[best])) {
                        best = j;
                    }
                }
                sum[best][0] += p[0];
                sum[best][1] += p[1];
                count[best]++;
            }
            for (int j = 0; j < c.length; j++) {
                c[j] = new double[] {sum[j][0] / count[j], sum[j][1] / count[j]};
            }
        }
        return c;
    }

    private static double dist(double[] a, double[] b) {
        return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
    }

    static double[] kaplanMeier(double[] times, double[] events, int days) {
        double[] s = new double[days];
        double prod = 1;
        for (int t = 1; t <= days; t++) {
            int risk = 0;
            int deaths = 0;
            for (int i = 0; i < times.length; i++) {
                risk += times[i] >= t ? 1 : 0;
                deaths += times[i] == t && events[i] == 1 ? 1 : 0;
            }
            prod *= 1 - (double) deaths / risk;
            s[t - 1] = prod;
        }
        return s;
    }

    /** Gradient descent with each row's gradient clamped to [-bound, bound], without the noise. */
    static double[] fedavg(double[][] rows, int rounds, double lr, double bound) {
        double[] w = new double[2];
        for (int r = 0; r < rounds; r++) {
            double[] g = new double[2];
            for (double[] row : rows) {
                double err = row[0] * w[0] + row[1] * w[1] - row[2];
                for (int j = 0; j < 2; j++) {
                    g[j] += Math.min(Math.max(row[j] * err, -bound), bound) / rows.length;
                }
            }
            for (int j = 0; j < 2; j++) {
                w[j] -= lr * g[j];
            }
        }
        return w;
    }

    private static void assertRefused(JsonObject out, String name, String member, String rule, String node) {
        String why = out.getString(name);
        assertTrue(why != null && why.contains(member) && why.contains(rule) && why.contains(node),
                name + ": expected " + member + " refusing by " + rule + ", got " + why);
    }

    /** The members' CSV files; returns age, bmi, glucose, count (aligned), trial a, trial b, count again. */
    private static double[][] write(LocalConsortium c) throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] age = new double[N];
        double[] bmi = new double[N];
        double[] glucose = new double[N];
        double[] count = new double[N];
        StringBuilder cohort = new StringBuilder("age,bmi\n");
        StringBuilder labs = new StringBuilder("glucose,hba1c\n");
        StringBuilder visits = new StringBuilder("count\n");
        for (int i = 0; i < N; i++) {
            age[i] = rnd.nextInt(20, 80);
            bmi[i] = Math.round((18 + age[i] / 10 + rnd.nextDouble(0, 8)) * 100) / 100.0;
            glucose[i] = Math.round((4 + bmi[i] / 10 + rnd.nextDouble(0, 3)) * 100) / 100.0;
            count[i] = rnd.nextInt(0, 25); // some above the clamp's 20
            cohort.append(age[i]).append(',').append(bmi[i]).append('\n');
            labs.append(glucose[i]).append(',').append(rnd.nextDouble(4, 9)).append('\n');
            visits.append(count[i]).append('\n');
        }
        double[] a = new double[N1];
        double[] b = new double[N2];
        StringBuilder ta = new StringBuilder("outcome\n");
        StringBuilder tb = new StringBuilder("outcome\n");
        for (int i = 0; i < N1; i++) {
            a[i] = Math.round(rnd.nextDouble(4, 12) * 100) / 100.0;
            ta.append(a[i]).append('\n');
        }
        for (int i = 0; i < N2; i++) {
            b[i] = Math.round(rnd.nextDouble(3, 10) * 100) / 100.0;
            tb.append(b[i]).append('\n');
        }
        Files.writeString(c.dataDir(0).resolve("cohort.csv"), cohort);
        Files.writeString(c.dataDir(0).resolve("trial.csv"), ta);
        Files.writeString(c.dataDir(1).resolve("labs.csv"), labs);
        Files.writeString(c.dataDir(1).resolve("trial.csv"), tb);
        Files.writeString(c.dataDir(2).resolve("visits.csv"), visits);
        Files.writeString(c.dataDir(2).resolve("stays.csv"), visits.toString().replace("count", "days"));
        double[] clamped = java.util.Arrays.stream(count).map(v -> Math.min(v, 20)).toArray();
        return new double[][] {age, bmi, glucose, count, a, b, clamped};
    }

    /** The researcher's script: only the README's front-end and the examples. */
    static final String SCRIPT = """
            import json, sys
            from mpc_client import Program, Client, JobFailed, ApiError
            import os
            import pearson, welch, dp_mean, chi_square, kmeans, kaplan_meier, fedavg

            api, ca, n, n1, n2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
            client = Client(api, ca=ca)
            out = {}
            out["pearson"] = client.run(pearson.build(n))
            out["welch"] = client.run(welch.build(n1, n2))
            out["dp"] = client.run(dp_mean.build(n, 0, 20, 1.0))
            data = os.environ["DATA"]
            out["simulated"] = pearson.build(n).simulate({
                "org-0": {"cohort": data + "/data-org-0/cohort.csv"}, "org-1": {"labs": data + "/data-org-1/labs.csv"},
                "org-2": {"stays": data + "/data-org-2/stays.csv"}}, members=["org-0", "org-1", "org-2"])
            out["chi2"] = client.run(chi_square.build(n, 3, 3))
            out["kmeans"] = client.run(kmeans.build(40, 35, [[0, 0], [5, 5], [0, 5]]))
            out["km"] = client.run(kaplan_meier.build(30, 30, list(range(1, 9))))
            out["fedavg"] = client.run(fedavg.build(300, 300, 2, epsilon=2.0))

            def refused(name, program):
                try:
                    client.run(program)
                    out[name] = None
                except (JobFailed, ApiError) as e:
                    out[name] = str(e)

            p = Program()
            x = p.input("org-0", "cohort", columns=["age"], rows=n)
            p.reveal(x * 2, label="doubled")
            refused("perRow", p)
            p = Program()
            x = p.input("org-0", "cohort", columns=["age"], rows=n)
            p.reveal(x[0:5, :].sum(0), label="five")
            refused("fewRows", p)
            p = Program()
            x = p.input("org-1", "labs", columns=["hba1c"], rows=n)
            p.reveal(x.mean(0), label="hba1c")
            refused("hiddenColumn", p)
            p = Program()
            x = p.input("org-2", "visits", columns=["count"], rows=n)
            p.reveal(x.mean(0), label="visits")
            refused("noDp", p)
            bad = json.loads(p.to_json())
            bad["nodes"].insert(1, {"id": "m", "op": "matmul", "args": [bad["nodes"][0]["id"], bad["nodes"][0]["id"]]})
            refused("badShape", json.dumps(bad))
            print(json.dumps(out))
            """;
}
