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
import org.consortia.mpc.node.ChildProcess.Result;
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

    @Test
    void examplesRunAndPoliciesRefuse(@TempDir Path dir) throws Exception {
        System.out.println("ProgramIT seed " + SEED);
        String[] policies = {
            "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: cohort, analyses: [program], minRows: 10}\n"
                + "  - {name: trial, analyses: [program], minRows: 10}\n",
            "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: labs, analyses: [program], minRows: 10, columns: [glucose]}\n"
                + "  - {name: trial, analyses: [program], minRows: 10}\n",
            "analyses: any\nresultRecipients: any\ndatasets:\n  - {name: visits, analyses: [program], requireDp: true, "
                + "budget: {epsilon: 5, delta: 1e-4}}\n  - {name: stays, analyses: [program], minRows: 10}\n"};
        try (LocalConsortium c = new LocalConsortium(dir, 3, "10s", policies)) {
            double[][] data = write(c);
            c.startAll();
            for (int i = 0; i < 3; i++) {
                c.awaitMesh(i, Duration.ofSeconds(60));
            }
            Path script = dir.resolve("research.py");
            Files.writeString(script, SCRIPT);
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), c.api(0), dir.resolve("ca.crt").toString(),
                    String.valueOf(N), String.valueOf(N1), String.valueOf(N2)).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("MPC_API_TOKEN", LocalConsortium.TOKEN);
            pb.environment().put("PYTHONPATH", PythonPackage.SOURCE + java.io.File.pathSeparator
                    + PythonPackage.SOURCE.resolve("../../examples").normalize());
            Result r = ChildProcess.run(pb, Duration.ofSeconds(300));
            assertEquals(0, r.code(), r.output() + "\n" + c.log(0) + c.log(1) + c.log(2));
            JsonObject out = new JsonObject(r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());

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
            // the DP mean of a requireDp dataset: clamped to [0, 20], noise at epsilon 1 over 120 rows; within 1.5
            double mean = java.util.Arrays.stream(data[6]).average().orElseThrow();
            double dp = out.getJsonObject("dp").getJsonArray("mean").getDouble(0);
            assertTrue(Math.abs(dp - mean) < 1.5, "dp mean " + dp + " vs " + mean);

            // refusals by the member holding the data, naming the rule and the program node
            assertRefused(out, "perRow", "org-0", "datasets[cohort].minRows", "'n");
            assertRefused(out, "fewRows", "org-0", "datasets[cohort].minRows", "'n");
            assertRefused(out, "hiddenColumn", "org-1", "datasets[labs].columns", "program node");
            assertRefused(out, "noDp", "org-2", "datasets[visits].requireDp", "program node");
            assertRefused(out, "badShape", "", "do not chain", "program node");
        }
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
            import pearson, welch, dp_mean

            api, ca, n, n1, n2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
            client = Client(api, ca=ca)
            out = {}
            out["pearson"] = client.run(pearson.build(n))
            out["welch"] = client.run(welch.build(n1, n2))
            out["dp"] = client.run(dp_mean.build(n, 0, 20, 1.0))

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
