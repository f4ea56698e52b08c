package org.consortia.mpc.runtime.relational;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.consortia.mpc.analyses.relational.ObliviousSort;
import org.consortia.mpc.analyses.relational.SecretJoin;
import org.consortia.mpc.analyses.stats.LinearRegression;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oblivious sort against {@code Arrays.sort}, and the secret join against a plaintext inner join, for 2, 3 and 5
 * members: partial overlaps, disjoint and identical key sets, rows in different orders (the joined rows in the order of
 * the anchor's keys); a key held twice refused at its member; the declared costs bound the rounds measured.
 */
class SecretJoinTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theSortIsThePlaintextSort(int parties) {
        SplittableRandom rnd = TestSeeds.random("sort" + parties);
        for (int n : new int[] {1, 2, 7, 64, 100}) {
            long[] keys = new long[n];
            double[] payload = new double[n];
            for (int i = 0; i < n; i++) {
                keys[i] = rnd.nextLong(1L << 60) - (1L << 59); // negative keys too
                payload[i] = i;
            }
            try (LocalCluster c = new LocalCluster(parties)) {
                var run = c.run(p -> {
                    var be = p.backend();
                    long[] k = be.inputIntegers(0, Shape.vector(n), p.id() == 0 ? keys : null).share();
                    long[] v = be.input(0, Shape.vector(n), p.id() == 0 ? payload : null).share();
                    long[][] s = ObliviousSort.sort(be, new long[][] {k, v}, Long.MAX_VALUE >> 1);
                    return new long[][] {be.open(s[0]), be.open(s[1])};
                });
                long[] sorted = keys.clone();
                Arrays.sort(sorted);
                assertArrayEquals(sorted, run.result(0)[0], n + " keys");
                for (int i = 0; i < n; i++) { // the payload travels with its key
                    long orig = Math.round(run.result(1)[1][i] / 65536.0);
                    assertEquals(run.result(1)[0][i], keys[(int) orig], "row " + i);
                }
                var cost = ObliviousSort.cost(n, 2);
                assertTrue(run.rounds() <= cost.rounds() + 4, run.rounds() + " rounds, " + cost.rounds() + " declared (+ inputs, openings)");
            }
        }
    }

    /** Member k's keys: {@code common} shared keys, then {@code own} of its own, shuffled; values derived from key and member. */
    private static List<long[]> keys(int parties, int common, int own, SplittableRandom rnd) {
        List<long[]> out = new ArrayList<>();
        for (int k = 0; k < parties; k++) {
            List<Long> ks = new ArrayList<>();
            for (int i = 0; i < common; i++) {
                ks.add(1000L + 7 * i);
            }
            for (int i = 0; i < own + rnd.nextInt(3); i++) {
                ks.add((1L << 59) + 100_000L * k + 64L * i + rnd.nextLong(50)); // never at another member
            }
            java.util.Collections.shuffle(ks, new java.util.Random(rnd.nextLong()));
            out.add(ks.stream().mapToLong(Long::longValue).toArray());
        }
        return out;
    }

    private static double value(long key, int member, int column) {
        return ((key % 97) - 48) / 8.0 + member + 0.25 * column;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theJoinIsThePlaintextInnerJoin(int parties) {
        SplittableRandom rnd = TestSeeds.random("join" + parties);
        for (int[] shape : new int[][] {{12, 9}, {0, 6}, {10, 0}}) { // partial, disjoint, identical
            List<long[]> keys = keys(parties, shape[0], shape[1], rnd);
            int[] rows = keys.stream().mapToInt(k -> k.length).toArray();
            int[] widths = new int[parties];
            for (int k = 0; k < parties; k++) {
                widths[k] = 1 + k % 2;
            }
            List<double[]> values = new ArrayList<>();
            for (int k = 0; k < parties; k++) {
                double[] v = new double[rows[k] * widths[k]];
                for (int r = 0; r < rows[k]; r++) {
                    for (int c = 0; c < widths[k]; c++) {
                        v[r * widths[k] + c] = value(keys.get(k)[r], k, c);
                    }
                }
                values.add(v);
            }
            try (LocalCluster c = new LocalCluster(parties)) {
                var run = c.run(p -> {
                    var j = SecretJoin.join(p.backend(), keys.get(p.id()), values.get(p.id()), rows, widths);
                    return new double[][] {j.matched().reveal(), j.values().reveal()};
                });
                var cost = SecretJoin.cost(rows, widths);
                assertTrue(run.rounds() <= cost.rounds() + 2 * parties + 4, run.rounds() + " rounds, " + cost.rounds() + " declared");
                double[] matched = run.result(0)[0];
                double[] table = run.result(0)[1];
                int width = Arrays.stream(widths).sum();
                Map<Long, Integer> held = new HashMap<>();
                for (long[] ks : keys) {
                    for (long k : ks) {
                        held.merge(k, 1, Integer::sum);
                    }
                }
                int count = 0;
                long[] anchorOrder = keys.get(0).clone(); // the joined rows come in the order of the anchor's keys
                Arrays.sort(anchorOrder);
                for (int r = 0; r < rows[0]; r++) {
                    long key = anchorOrder[r];
                    boolean common = held.get(key) == parties;
                    assertEquals(common ? 1.0 : 0.0, matched[r], "row " + r + " of member 0");
                    if (common) {
                        count++;
                        int at = 0;
                        for (int k = 0; k < parties; k++) {
                            for (int cc = 0; cc < widths[k]; cc++, at++) {
                                assertEquals(value(key, k, cc), table[r * width + at], 1e-4, "row " + r + ", member " + k);
                            }
                        }
                    }
                }
                assertEquals(shape[0], count);
            }
        }
        List<long[]> dup = new ArrayList<>(keys(parties, 3, 1, rnd));
        long[] twice = dup.get(parties - 1).clone();
        twice[0] = twice[1];
        dup.set(parties - 1, twice);
        int[] rows = dup.stream().mapToInt(k -> k.length).toArray();
        int[] widths = new int[parties];
        Arrays.fill(widths, 1);
        try (LocalCluster c = new LocalCluster(parties)) {
            var e = assertThrows(RuntimeException.class, () -> c.run(p -> SecretJoin.join(p.backend(), dup.get(p.id()),
                    new double[rows[p.id()]], rows, widths)));
            assertTrue(String.valueOf(e.getMessage()).contains("a key occurs twice")
                    || String.valueOf(e.getCause()).contains("a key occurs twice"), String.valueOf(e));
        }
    }

    /**
     * A regression over the matched rows only, their count secret: two or three members' columns joined by key (100, 90
     * and 80 rows, at least 60 common), fitted with {@code LinearRegression.fitWeighted} on the anchor's rows and their matched bits,
     * equals Commons Math's OLS on the plaintext inner join (coefficients within 1e-3, intercept 1e-2).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aRegressionOverTheSecretJoinIsOlsOnTheInnerJoin(int parties) {
        SplittableRandom rnd = TestSeeds.random("joinfit" + parties);
        int[] rows = {100, 90, 80};
        rows = Arrays.copyOf(rows, parties);
        List<long[]> keys = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int[] widths = new int[parties];
        Arrays.fill(widths, 1);
        widths[parties - 1] = 2; // a feature and the outcome
        Map<Long, double[]> truth = new java.util.TreeMap<>();
        for (long id = 0; id < 130; id++) {
            double a = Math.sin(id) * 3;
            double b = Math.cos(id * 1.7) * 2;
            double y = 2 * a - 3 * b + 1 + rnd.nextGaussian() * 0.1;
            truth.put(id, new double[] {a, b, y});
        }
        for (int k = 0; k < parties; k++) {
            List<Long> ids = new ArrayList<>();
            for (long id = 0; id < 60; id++) {
                ids.add(id);
            }
            for (int i = 0; ids.size() < rows[k]; i++) { // its own ids among 60..129, partly shared with the others
                ids.add(60L + (20L * k + i) % 70);
            }
            java.util.Collections.shuffle(ids, new java.util.Random(rnd.nextLong()));
            long[] ks = ids.stream().mapToLong(Long::longValue).toArray();
            double[] v = new double[ks.length * widths[k]];
            for (int r = 0; r < ks.length; r++) {
                double[] t = truth.get(ks[r]);
                if (k == parties - 1) {
                    v[r * 2] = t[1];
                    v[r * 2 + 1] = t[2];
                } else {
                    v[r] = t[k];
                }
            }
            keys.add(ks);
            values.add(v);
        }
        java.util.Set<Long> common = new java.util.TreeSet<>();
        for (long id : keys.get(0)) {
            boolean all = true;
            for (int k = 1; k < parties; k++) {
                all &= Arrays.stream(keys.get(k)).anyMatch(x -> x == id);
            }
            if (all) {
                common.add(id);
            }
        }
        int p = parties == 2 ? 2 : 3; // features: member 0's a, (member 1's b,) the last member's b
        double[][] xs = new double[common.size()][];
        double[] ys = new double[common.size()];
        int at = 0;
        for (long id : common) {
            double[] t = truth.get(id);
            xs[at] = parties == 2 ? new double[] {t[0], t[1]} : new double[] {t[0], t[1], t[1]};
            ys[at++] = t[2];
        }
        if (parties == 3) { // member 1 holds b too: give it another column, c = sin(id), so the design stays full rank
            for (int r = 0; r < keys.get(1).length; r++) {
                values.get(1)[r] = Math.sin(keys.get(1)[r] * 0.37);
            }
            at = 0;
            for (long id : common) {
                xs[at][1] = Math.sin(id * 0.37);
                at++;
            }
        }
        var ols = new org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression();
        ols.newSampleData(ys, xs);
        double[] beta = ols.estimateRegressionParameters();
        int[] r0 = rows;
        try (LocalCluster c = new LocalCluster(parties)) {
            var run = c.run(pt -> {
                var be = pt.backend();
                var j = SecretJoin.join(be, keys.get(pt.id()), values.get(pt.id()), r0, widths);
                int width = Arrays.stream(widths).sum();
                long[] t = j.values().share();
                long[] x = new long[r0[0] * p];
                long[] y = new long[r0[0]];
                for (int r = 0; r < r0[0]; r++) {
                    System.arraycopy(t, r * width, x, r * p, p);
                    y[r] = t[r * width + p];
                }
                int f = be.fixedPoint().fracBits();
                return LinearRegression.fitWeighted(
                        SecretTensor.fromShare(be, Shape.matrix(r0[0], p), x, f),
                        SecretTensor.fromShare(be, Shape.matrix(r0[0], 1), y, f), j.matched(),
                        0, 30, 0);
            });
            var fit = run.result(0);
            double worst = 0;
            for (int i = 0; i < p; i++) {
                worst = Math.max(worst, Math.abs(beta[i + 1] - fit.coefficients()[i]));
            }
            System.out.println("secret join + fit, " + parties + " members, " + common.size() + " common: " + run.rounds()
                    + " rounds, " + run.maxOnlineBytesSent() + " bytes; max |coefficient - OLS| = " + worst
                    + ", |intercept - OLS| = " + Math.abs(beta[0] - fit.intercept()));
            for (int i = 0; i < p; i++) {
                assertEquals(beta[i + 1], fit.coefficients()[i], 1e-3, "coefficient " + i);
            }
            assertEquals(beta[0], fit.intercept(), 1e-2, "intercept");
        }
    }

    /**
     * Features far from zero (a mean of 500, a spread of 100: the sums of squares of 100 matched rows pass 2^34 at 16
     * fractional bits) fitted over a secret join: the centred moments keep the fit within 1e-3 of OLS relative to each
     * coefficient's size, the intercept within 1e-2.
     */
    @org.junit.jupiter.api.Test
    void featuresFarFromZeroOverASecretJoin() {
        SplittableRandom rnd = TestSeeds.random("joinfar");
        int[] rows = {150, 140};
        int[] widths = {1, 2};
        long[][] keys = {new long[150], new long[140]};
        double[][] values = {new double[150], new double[280]};
        List<double[]> joinRows = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            double x1 = 500 + 100 * Math.sin(i * 0.9);
            keys[0][i] = 10_000L + i;
            values[0][i] = x1;
        }
        for (int j = 0; j < 140; j++) {
            int id = 50 + j; // ids 50..189: 100 in common
            double x1 = 500 + 100 * Math.sin(id * 0.9);
            double x2 = 20 * Math.cos(id * 1.3);
            double y = 0.03 * x1 - 2 * x2 + 7 + rnd.nextGaussian() * 0.5;
            keys[1][j] = 10_000L + id;
            values[1][2 * j] = x2;
            values[1][2 * j + 1] = y;
            if (id < 150) {
                joinRows.add(new double[] {x1, x2, y});
            }
        }
        double[][] xs = new double[joinRows.size()][];
        double[] ys = new double[joinRows.size()];
        for (int r = 0; r < xs.length; r++) {
            xs[r] = new double[] {joinRows.get(r)[0], joinRows.get(r)[1]};
            ys[r] = joinRows.get(r)[2];
        }
        var ols = new org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression();
        ols.newSampleData(ys, xs);
        double[] beta = ols.estimateRegressionParameters();
        try (LocalCluster c = new LocalCluster(2)) {
            var fit = c.run(pt -> {
                var be = pt.backend();
                var j = SecretJoin.join(be, keys[pt.id()], values[pt.id()], rows, widths);
                long[] t = j.values().share();
                long[] x = new long[rows[0] * 2];
                long[] y = new long[rows[0]];
                for (int r = 0; r < rows[0]; r++) {
                    System.arraycopy(t, r * 3, x, r * 2, 2);
                    y[r] = t[r * 3 + 2];
                }
                int f = be.fixedPoint().fracBits();
                return LinearRegression.fitWeighted(
                        SecretTensor.fromShare(be, Shape.matrix(rows[0], 2), x, f),
                        SecretTensor.fromShare(be, Shape.matrix(rows[0], 1), y, f), j.matched(),
                        0, 30, 0);
            }).result(0);
            System.out.println("far from zero: coefficients " + java.util.Arrays.toString(fit.coefficients()) + " vs OLS "
                    + beta[1] + ", " + beta[2] + "; intercept " + fit.intercept() + " vs " + beta[0]);
            assertEquals(beta[1], fit.coefficients()[0], 1e-3 * Math.abs(beta[1]) + 1e-5, "coefficient of x1");
            assertEquals(beta[2], fit.coefficients()[1], 1e-3 * Math.abs(beta[2]), "coefficient of x2");
            assertEquals(beta[0], fit.intercept(), 1e-2 * Math.abs(beta[0]), "intercept");
        }
    }
}
