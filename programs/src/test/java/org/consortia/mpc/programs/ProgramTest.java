package org.consortia.mpc.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.consortia.mpc.inference.ops.ElementwiseOps;
import org.consortia.mpc.inference.ops.Erf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs against plaintext references computed here in doubles, with explicit bounds: the plaintext evaluator
 * (fixed-point, exact floors) and the secure one on a local cluster of 2, 3 and 5 members.
 */
class ProgramTest {
    static final long SEED = 20261205L;
    static final int N = 40;

    @TempDir
    Path dir;

    /** Member k's table {@code data<k>.csv}: columns a, b, c of seeded values in [-2, 2], and id = a permutation of 1..N. */
    static Map<Source, Path> tables(Path dir, int parties, double[][][] out) throws IOException {
        System.out.println("ProgramTest seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED);
        Map<Source, Path> files = new LinkedHashMap<>();
        for (int k = 0; k < parties; k++) {
            StringBuilder b = new StringBuilder("id,a,b,c\n");
            double[][] rows = new double[N][3];
            for (int r = 0; r < N; r++) {
                for (int j = 0; j < 3; j++) {
                    rows[r][j] = Math.round(rnd.nextDouble(-2, 2) * 1000) / 1000.0;
                }
                b.append(r + 1).append(',').append(rows[r][0]).append(',').append(rows[r][1]).append(',').append(rows[r][2]).append('\n');
            }
            out[k] = rows;
            Path f = dir.resolve("data" + k + ".csv");
            Files.writeString(f, b);
            files.put(new Source(k, "data"), f);
        }
        return files;
    }

    static List<String> members(int parties) {
        List<String> m = new ArrayList<>();
        for (int k = 0; k < parties; k++) {
            m.add("org-" + k);
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void covarianceAcrossMembersMatchesDoubles(int parties) throws IOException {
        double[][][] data = new double[parties][][];
        Map<Source, Path> files = tables(dir, parties, data);
        ProgramBuilder p = new ProgramBuilder();
        // column a of every member side by side (data split by columns), centred, X.T X / N
        List<ProgramBuilder.Var> cols = new ArrayList<>();
        for (int k = 0; k < parties; k++) {
            cols.add(p.input("org-" + k, "data", List.of("a"), N, null));
        }
        var x = p.concat(cols, 1);
        var centred = x.sub(x.mean(0));
        var cov = centred.t().matmul(centred).div(N);
        p.reveal(cov, List.of("org-0"), "cov");
        p.reveal(x.mean(0), List.of(), "means");
        CheckedProgram checked = p.build(new Context(members(parties), 16, ProgramLimits.DEFAULT));

        double[] means = new double[parties];
        for (int k = 0; k < parties; k++) {
            for (int r = 0; r < N; r++) {
                means[k] += data[k][r][0] / N;
            }
        }
        double[] ref = new double[parties * parties];
        for (int i = 0; i < parties; i++) {
            for (int j = 0; j < parties; j++) {
                for (int r = 0; r < N; r++) {
                    ref[i * parties + j] += (data[i][r][0] - means[i]) * (data[j][r][0] - means[j]) / N;
                }
            }
        }
        var plain = Simulator.plaintext(checked, files).results();
        assertClose(ref, plain.get("cov").values(), 1e-3, "plaintext cov");
        assertClose(means, plain.get("means").values(), 1e-4, "plaintext means");
        var secure = Simulator.secure(checked, files).results();
        assertClose(ref, secure.get("cov").values(), 1e-3, "secure cov, " + parties + " parties");
        assertClose(means, secure.get("means").values(), 1e-4, "secure means");
        assertEquals(List.of(0), checked.reveals().get(0).recipients());
        assertEquals(N, checked.reveals().get(0).rowsBehind(), "X.T X aggregates the rows");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void elementwiseOpsMatchDoubles(int parties) throws IOException {
        double[][][] data = new double[parties][][];
        Map<Source, Path> files = tables(dir, parties, data);
        ProgramBuilder p = new ProgramBuilder();
        var x = p.input(parties - 1, "data", List.of("a", "b", "c"), N, null);   // [N, 3]
        var w = p.constant(new int[] {3}, new double[] {0.5, -1.5, 2});
        var y = x.mul(w).add(1);                                                      // broadcast [3]
        var big = p.where(y.gt(x), y, x.mul(-1));
        var pos = p.relu(big).add(0.5);
        p.reveal(big.sum(0), List.of(), "where");
        p.reveal(p.sigmoid(y).mean(0), List.of(), "sigmoid");
        p.reveal(p.sqrt(pos).sum(0), List.of(), "sqrt");
        p.reveal(p.log(pos).sum(0), List.of(), "log");
        p.reveal(p.exp(x).sum(0), List.of(), "exp");
        p.reveal(p.reciprocal(pos).mean(0), List.of(), "reciprocal");
        p.reveal(p.max(x, 0), List.of(), "max");
        p.reveal(p.argmax(x, 1).sum(), List.of(), "argmax");
        p.reveal(p.softmax(x.slice(new int[] {0, 0}, new int[] {4, 3}), 1), List.of(), "softmax");
        p.reveal(p.clamp(x, -1, 1).sum(0).reshape(3, 1).t(), List.of(), "clamp");
        p.reveal(x.lt(0).sum(0), List.of(), "negatives");
        p.reveal(x.eq(p.max(x, 0)).sum(0), List.of(), "at max");      // exact equality of fixed-point values
        p.reveal(x.ne(x.slice(new int[] {0, 0}, new int[] {1, 3})).sum(0), List.of(), "not row 0");
        CheckedProgram checked = p.build(new Context(members(parties), 16, ProgramLimits.DEFAULT));

        double[][] d = data[parties - 1];
        double[] wv = {0.5, -1.5, 2};
        Map<String, double[]> ref = new LinkedHashMap<>();
        double[] where = new double[3], sig = new double[3], sqrt = new double[3], log = new double[3], exp = new double[3],
                rec = new double[3], max = {-9, -9, -9}, neg = new double[3], clamp = new double[3];
        double argmax = 0;
        for (int r = 0; r < N; r++) {
            int best = 0;
            for (int j = 0; j < 3; j++) {
                double yv = d[r][j] * wv[j] + 1;
                double b = yv > d[r][j] ? yv : -d[r][j];
                double ps = Math.max(b, 0) + 0.5;
                where[j] += b;
                sig[j] += 1 / (1 + Math.exp(-yv)) / N;
                sqrt[j] += Math.sqrt(ps);
                log[j] += Math.log(ps);
                exp[j] += Math.exp(d[r][j]);
                rec[j] += 1 / ps / N;
                max[j] = Math.max(max[j], d[r][j]);
                neg[j] += d[r][j] < 0 ? 1 : 0;
                clamp[j] += Math.min(Math.max(d[r][j], -1), 1);
                if (d[r][j] > d[r][best]) {
                    best = j;
                }
            }
            argmax += best;
        }
        double[] soft = new double[12];
        for (int r = 0; r < 4; r++) {
            double m = Math.max(d[r][0], Math.max(d[r][1], d[r][2]));
            double s = 0;
            for (int j = 0; j < 3; j++) {
                s += Math.exp(d[r][j] - m);
            }
            for (int j = 0; j < 3; j++) {
                soft[r * 3 + j] = Math.exp(d[r][j] - m) / s;
            }
        }
        ref.put("where", where);
        ref.put("sigmoid", sig);
        ref.put("sqrt", sqrt);
        ref.put("log", log);
        ref.put("exp", exp);
        ref.put("reciprocal", rec);
        ref.put("max", max);
        ref.put("argmax", new double[] {argmax});
        ref.put("softmax", soft);
        ref.put("clamp", clamp);
        ref.put("negatives", neg);
        double[] atMax = new double[3], notRow0 = new double[3];
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < 3; j++) {
                atMax[j] += d[r][j] == max[j] ? 1 : 0;
                notRow0[j] += d[r][j] != d[0][j] ? 1 : 0;
            }
        }
        ref.put("at max", atMax);
        ref.put("not row 0", notRow0);
        // bounds: sums of N values, each within the kernel's documented error (docs/accuracy.md) plus fixed-point steps
        Map<String, Double> bound = Map.ofEntries(Map.entry("where", 2e-2), Map.entry("sigmoid", 1e-3), Map.entry("sqrt", 5e-2),
                Map.entry("log", 5e-2), Map.entry("exp", 5e-2), Map.entry("reciprocal", 1e-2), Map.entry("max", 1e-4),
                Map.entry("argmax", 0.0), Map.entry("softmax", 1e-2), Map.entry("clamp", 1e-3), Map.entry("negatives", 0.0),
                Map.entry("at max", 0.0), Map.entry("not row 0", 0.0));
        var plain = Simulator.plaintext(checked, files).results();
        var secure = Simulator.secure(checked, files).results();
        for (var e : ref.entrySet()) {
            assertClose(e.getValue(), plain.get(e.getKey()).values(), bound.get(e.getKey()), "plaintext " + e.getKey());
            assertClose(e.getValue(), secure.get(e.getKey()).values(), bound.get(e.getKey()), "secure " + e.getKey() + ", "
                    + parties + " parties");
        }
        assertEquals(List.of(1, 3), List.of(secure.get("clamp").dims()[0], secure.get("clamp").dims()[1]));
        if (parties == 2) { // on authenticated shares (malicious mode, FSS comparisons): the same bounds
            assertTrue(checked.runsMalicious());
            var authenticated = Simulator.secure(checked, files, true).results();
            for (var e : ref.entrySet()) {
                assertClose(e.getValue(), authenticated.get(e.getKey()).values(), bound.get(e.getKey()), "malicious "
                        + e.getKey());
            }
        }
    }

    /**
     * A program's DP release ({@code dp_sum} over two members' stacked rows, columns a and b clamped to [-1, 1]) in
     * both modes: each released sum within six standard deviations of the binomial noise (sqrt(coins) / 2 steps of the
     * grid, 2^-3 here; a miss by chance about once in 10^9) plus one grid step of rounding of the exact clamped sum
     * computed here in doubles.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void dpReleaseRunsInBothModes(int parties) throws IOException {
        double[][][] data = new double[parties][][];
        Map<Source, Path> files = tables(dir, parties, data);
        ProgramBuilder p = new ProgramBuilder();
        var x = p.concat(List.of(p.input(0, "data", List.of("a", "b"), N, null),
                p.input(1, "data", List.of("a", "b"), N, null)), 0);
        double epsilon = 20;
        double delta = 1e-6;
        p.reveal(p.dpSum(x, -1, 1, epsilon, delta), List.of(), "dp");
        CheckedProgram checked = p.build(new Context(members(parties), 16, ProgramLimits.DEFAULT));
        assertTrue(checked.runsMalicious());
        double[] exact = new double[2];
        for (int k = 0; k < 2; k++) {
            for (int r = 0; r < N; r++) {
                for (int j = 0; j < 2; j++) {
                    exact[j] += Math.max(-1, Math.min(1, data[k][r][j]));
                }
            }
        }
        int grid = 3; // min(f, exponent of 16 / (upper - lower))
        int coins = org.consortia.mpc.analyses.dp.BinomialMechanism.coinsFor(epsilon / 2, delta / 2, 2 * (1 << grid) + 1);
        double bound = (6 * Math.sqrt(coins) / 2 + 1) / (1 << grid);
        System.out.println("dp_sum: " + coins + " coins per column, bound " + bound);
        for (boolean malicious : new boolean[] {false, true}) {
            double[] got = Simulator.secure(checked, files, malicious).results().get("dp").values();
            System.out.println("dp_sum " + parties + " parties, malicious " + malicious + ": " + java.util.Arrays.toString(got)
                    + " exact " + java.util.Arrays.toString(exact));
            assertClose(exact, got, bound, "dp_sum, " + parties + " parties, malicious " + malicious);
        }
    }

    /**
     * The inference layers' elementwise ops as program ops (the same op files: {@code inference.ops}), against formulas
     * written out here, with ONNX's default attributes and with given ones; bounds: the sum of N values, each within the
     * op's declared error on its example range (the inputs' [-2, 2] lies inside every one).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void activationOpsMatchDoubles(int parties) throws IOException {
        double[][][] data = new double[parties][][];
        Map<Source, Path> files = tables(dir, parties, data);
        ProgramBuilder p = new ProgramBuilder();
        var x = p.input(parties - 1, "data", List.of("a", "b", "c"), N, null);
        Map<String, java.util.function.DoubleUnaryOperator> want = new LinkedHashMap<>();
        Map<String, String> kind = new LinkedHashMap<>();
        double c = Math.sqrt(2 / Math.PI);
        want.put("tanh", Math::tanh);
        want.put("erf", Erf::erf);
        want.put("gelu", v -> v / 2 * (1 + Erf.erf(v / Math.sqrt(2))));
        want.put("gelu_tanh", v -> v / 2 * (1 + Math.tanh(c * (v + 0.044715 * v * v * v))));
        want.put("hard_sigmoid", v -> Math.max(0, Math.min(1, 0.2 * v + 0.5)));
        want.put("hard_swish", v -> v * Math.max(0, Math.min(1, v / 6 + 0.5)));
        want.put("leaky_relu", v -> v >= 0 ? v : 0.01 * v);
        want.put("leaky_relu alpha 0.3", v -> v >= 0 ? v : 0.3 * v);
        want.put("hard_sigmoid 0.25 0.4", v -> Math.max(0, Math.min(1, 0.25 * v + 0.4)));
        want.put("gelu approximate tanh", v -> v / 2 * (1 + Math.tanh(c * (v + 0.044715 * v * v * v))));
        assertEquals(ElementwiseOps.programNames().stream().sorted().toList(),
                want.keySet().stream().filter(k -> !k.contains(" ")).sorted().toList(), "every program name is tested");
        for (String label : want.keySet()) {
            String op = label.split(" ")[0];
            Map<String, Object> attrs = switch (label) {
                case "leaky_relu alpha 0.3" -> Map.of("alpha", 0.3);
                case "hard_sigmoid 0.25 0.4" -> Map.of("alpha", 0.25, "beta", 0.4);
                case "gelu approximate tanh" -> Map.of("approximate", "tanh");
                default -> Map.of();
            };
            kind.put(label, op.equals("gelu") && attrs.containsKey("approximate") ? "GeluTanh"
                    : ElementwiseOps.forProgram(op).name());
            p.reveal(p.apply(op, x, attrs).sum(0), List.of(), label);
        }
        CheckedProgram checked = p.build(new Context(members(parties), 16, ProgramLimits.DEFAULT));
        var secure = Simulator.secure(checked, files).results();
        var plain = Simulator.plaintext(checked, files).results();
        double[][] d = data[parties - 1];
        for (String label : want.keySet()) {
            double[] ref = new double[3];
            for (double[] row : d) {
                for (int j = 0; j < 3; j++) {
                    ref[j] += want.get(label).applyAsDouble(row[j]);
                }
            }
            double bound = N * ElementwiseOps.get(kind.get(label)).example().maxError();
            assertClose(ref, plain.get(label).values(), bound, "plaintext " + label);
            assertClose(ref, secure.get(label).values(), bound, "secure " + label + ", " + parties + " parties");
        }
    }

    /** ratio keeps an average's precision at any count from 1 to 10^7, where num * reciprocal(den) cannot. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void ratioIsPreciseForAnyCount(int parties) throws IOException {
        System.out.println("ProgramTest seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED);
        int n = 60;
        double[] num = new double[n];
        double[] den = new double[n];
        StringBuilder b = new StringBuilder("num,den\n");
        for (int i = 0; i < n; i++) {
            den[i] = i < 3 ? new double[] {1, 2, 9_999_999}[i] : Math.floor(Math.pow(10, rnd.nextDouble(0, 7)));
            double avg = rnd.nextDouble(-50_000, 50_000);
            num[i] = Math.round(avg * den[i] * 64) / 64.0;       // a sum of values with 6 fractional bits
            b.append(num[i]).append(',').append(den[i]).append('\n');
        }
        Path f = dir.resolve("ratio.csv");
        Files.writeString(f, b);
        ProgramBuilder p = new ProgramBuilder();
        var x = p.input(0, "r", List.of("num", "den"), n, null);
        var q = x.slice(new int[] {0, 0}, new int[] {n, 1}).ratio(x.slice(new int[] {0, 1}, new int[] {n, 2}));
        p.reveal(q, List.of(), "q");
        CheckedProgram c = p.build(new Context(members(parties), 16, ProgramLimits.DEFAULT));
        double[] got = Simulator.secure(c, Map.of(new Source(0, "r"), f)).results().get("q").values();
        for (int i = 0; i < n; i++) {
            double want = num[i] / den[i];
            double bound = 2.0 / 65536 + Math.abs(want) * 0x1p-22;
            assertTrue(Math.abs(got[i] - want) <= bound, "ratio " + num[i] + " / " + den[i] + ": " + got[i] + " (error "
                    + Math.abs(got[i] - want) + " > " + bound + ")");
        }
    }

    static void assertClose(double[] expected, double[] actual, double bound, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            assertTrue(err <= bound + 1e-12, what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (error "
                    + err + " > " + bound + ")");
        }
    }
}
