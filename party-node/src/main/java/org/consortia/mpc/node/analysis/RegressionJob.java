package org.consortia.mpc.node.analysis;

import java.util.Arrays;
import java.util.List;

import org.consortia.mpc.analyses.stats.LinearRegression;
import org.consortia.mpc.analyses.stats.LocalMoments;
import org.consortia.mpc.analyses.stats.LogisticRegression;
import org.consortia.mpc.programs.TableRows;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.sharing.ring.Shape;

import com.google.auto.service.AutoService;

/**
 * Linear (ridge) or logistic regression over dataset {@code dataset} split across the parties, by rows (every
 * party holds {@code rows[k]} rows with the same {@code columns[0]} features and the outcome {@code target}) or by
 * columns (party k holds {@code columns[k]} features of the same {@code rows[0]} rows, aligned by the {@code key}
 * column; the outcome is at {@code targetParty}). Reveals the fitted model to {@code resultParty} only (linear:
 * standardized coefficients, coefficients, intercept, R^2; logistic: weights, bias); split by columns, it also
 * opens to every party one bit per party: whether its key set equals party 0's. A linear regression split by rows
 * inputs each party's local moments instead of its rows (the same fit, a cost independent of the rows).
 */
public record RegressionJob(boolean logistic, boolean byRows, String dataset, String target, String key, int[] rows,
        int[] columns, int targetParty, int resultParty, double lambda, int iterations, int epochs, int batch, double lr,
        double l2) implements Analysis {

    @Override
    public String name() {
        return logistic ? "logistic-regression" : "linear-regression";
    }

    @Override
    public long rowsBehind() {
        return byRows ? Arrays.stream(rows).asLongStream().sum() : rows[0];
    }

    /**
     * Features by position: {@code x1..xd} split by rows (every party's table in its column order), {@code p0.x1, ...}
     * split by columns (party k's columns in its table's order); linear: standardized coefficients, coefficients,
     * intercept, r2; logistic: weights, bias.
     */
    @Override
    public java.util.List<String> resultLabels() {
        java.util.List<String> xs = new java.util.ArrayList<>();
        if (byRows) {
            for (int j = 1; j <= columns[0]; j++) {
                xs.add("x" + j);
            }
        } else {
            for (int k = 0; k < columns.length; k++) {
                for (int j = 1; j <= columns[k]; j++) {
                    xs.add("p" + k + ".x" + j);
                }
            }
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        if (logistic) {
            xs.forEach(x -> out.add("weight[" + x + "]"));
            out.add("bias");
        } else {
            xs.forEach(x -> out.add("standardized[" + x + "]"));
            xs.forEach(x -> out.add("coefficient[" + x + "]"));
            out.add("intercept");
            out.add("r2");
        }
        return out;
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            int parties = party.parties();
            SecretTensor x = null;
            SecretTensor y = null;
            if (byRows && !logistic) {
                return linearFromMoments(ctx, party);
            }
            if (byRows) {
                for (int k = 0; k < parties; k++) {
                    Table t = ctx.data().table(k, dataset, rows[k], key);
                    double[] xs = t == null ? null : flat(features(t, columns[0], target, key));
                    SecretTensor xk = party.input(k, Shape.matrix(rows[k], columns[0]), xs);
                    SecretTensor yk = party.input(k, Shape.matrix(rows[k], 1), t == null ? null : t.columnValues(target));
                    x = x == null ? xk : x.concat(0, xk);
                    y = y == null ? yk : y.concat(0, yk);
                }
            } else {
                int n = rows[0];
                Table[] tables = KeyCheck.aligned(ctx, party, dataset, n, key);
                for (int k = 0; k < parties; k++) {
                    Table t = tables[k];
                    double[] xs = t == null ? null : flat(features(t, columns[k], key, k == targetParty ? target : null));
                    if (columns[k] > 0) {
                        SecretTensor xk = party.input(k, Shape.matrix(n, columns[k]), xs);
                        x = x == null ? xk : x.concat(1, xk);
                    }
                }
                Table t = tables[targetParty];
                y = party.input(targetParty, Shape.matrix(n, 1), t == null ? null : t.columnValues(target));
            }
            return logistic ? logistic(x, y) : linear(x, y);
        };
    }

    /**
     * Split by rows, a linear regression needs only each party's local moments of [X | y]: every party reads its own
     * table, a chunk at a time as it streams from its source, computes them in plaintext and inputs them
     * ({@link LinearRegression#fitFromMoments}); the rows themselves never enter the computation and are never held
     * whole, so neither its cost nor a member's memory grows with them.
     */
    private double[] linearFromMoments(JobContext ctx, Party party) {
        int parties = party.parties();
        int q = columns[0] + 1;
        LocalMoments mine = null;
        for (int k = 0; k < parties; k++) {
            LocalMoments m = new LocalMoments(q);
            // streamed a chunk at a time: the features (every value column but the key and the outcome), then the outcome
            var streamed = ctx.data().stream(k, dataset, rows[k], values -> {
                java.util.List<String> cols = new java.util.ArrayList<>(values);
                cols.remove(key);
                if (!cols.remove(target)) {
                    throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": no column '" + target + "'");
                }
                if (cols.size() != columns[0]) {
                    throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": has " + cols.size()
                            + " feature columns, the job declares " + columns[0]);
                }
                cols.add(target);
                return cols;
            }, m::add);
            if (streamed != null) {
                mine = m;
            }
        }
        long[] counts = Arrays.stream(rows).asLongStream().toArray();
        return linear(LinearRegression.fitFromMoments(party.backend(), counts, columns[0] + 1, mine, lambda, iterations,
                resultParty));
    }

    /** The table's rows in the order of its {@code key} column (a member's data split by columns, aligned by it). */
    private static Table sortedBy(Table t, String key) {
        try {
            return t.sortedBy(key);
        } catch (IllegalArgumentException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, e.getMessage(), e);
        }
    }

    private double[] logistic(SecretTensor x, SecretTensor y) {
        return logistic(LogisticRegression.fit(x, y, epochs, batch, lr, l2, false, resultParty));
    }

    /** A logistic fit as the job's result: the weights, then the bias ({@code null} where the fit is not revealed). */
    static double[] logistic(LogisticRegression.Fit fit) {
        if (fit == null) {
            return null;
        }
        double[] out = Arrays.copyOf(fit.weights(), fit.weights().length + 1);
        out[out.length - 1] = fit.bias();
        return out;
    }

    private double[] linear(SecretTensor x, SecretTensor y) {
        return linear(LinearRegression.fit(x, y, lambda, iterations, resultParty));
    }

    /**
     * A linear fit as the job's result: standardized coefficients, coefficients, intercept, R^2 ({@code null} where the
     * fit is not revealed).
     */
    static double[] linear(LinearRegression.Fit fit) {
        if (fit == null) {
            return null;
        }
        int p = fit.standardized().length;
        double[] out = new double[2 * p + 2];
        System.arraycopy(fit.standardized(), 0, out, 0, p);
        System.arraycopy(fit.coefficients(), 0, out, p, p);
        out[2 * p] = fit.intercept();
        out[2 * p + 1] = fit.r2();
        return out;
    }

    /** The table's feature columns (all but the named ones), checked against the declared count. */
    static double[][] features(Table t, int declared, String... drop) {
        double[][] feats;
        try {
            feats = t.without(drop);
        } catch (IllegalArgumentException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, e.getMessage(), e);
        }
        int cols = feats.length == 0 ? t.header().size() - 1 : feats[0].length;
        if (cols != declared) {
            throw new JobError(ErrorCode.INPUT_INVALID, t.file().getFileName() + ": has " + cols
                    + " feature columns, the job declares " + declared);
        }
        return feats;
    }

    static double[] flat(double[][] m) {
        int c = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * c];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * c, c);
        }
        return out;
    }

    /** The key-set check of data split by columns. */
    static final class KeyCheck {
        private KeyCheck() {
        }

        /**
         * Each member's {@code n} rows of {@code dataset} (this node's own only; {@code null} elsewhere) in the order of
         * their {@code key} column, after the check that every member holds the same keys (one bit to every party).
         */
        static Table[] aligned(JobContext ctx, Party party, String dataset, int n, String key) throws Exception {
            int parties = party.parties();
            Table[] tables = new Table[parties];
            long myHash = 0;
            for (int k = 0; k < parties; k++) {
                tables[k] = ctx.data().table(k, dataset, n, key);
                if (tables[k] != null) {
                    tables[k] = sortedBy(tables[k], key);
                    myHash = hash(tables[k].columnValues(key));
                }
            }
            long h = myHash;
            ctx.reveals().check("key-set equality", () -> {
                sameKeys(party, parties, h);
                return null;
            });
            return tables;
        }

        /** Every party inputs a hash of its sorted keys; one zero test per party against party 0's; only equal/unequal opens. */
        static void sameKeys(Party party, int parties, long myHash) {
            SecretTensor first = party.inputIntegers(0, Shape.vector(1), party.id() == 0 ? new long[] {myHash} : null);
            for (int k = 1; k < parties; k++) {
                SecretTensor hk = party.inputIntegers(k, Shape.vector(1), party.id() == k ? new long[] {myHash} : null);
                double[] same = hk.sub(first).isZero().reveal();
                if (same[0] != 1.0 && !party.backend().dryRun()) {
                    throw new JobError(ErrorCode.CHECK_FAILED, "the parties hold different keys: party " + k
                            + "'s key column does not match party 0's (rows cannot be aligned)");
                }
            }
        }

        /** A 62-bit hash of the sorted key values (the one programs use: {@code TableRows.hash}). */
        static long hash(double[] sortedKeys) {
            return TableRows.hash(sortedKeys);
        }
    }

    /**
     * Malicious mode too: both fits (standardization or local moments, the correlation matrix and the solve; the
     * logistic gradient steps) and the key check are written against the backend's ring, so they run on authenticated
     * shares.
     */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    @Override
    public String toString() {
        return name() + "[" + (byRows ? "rows" : "columns") + ", dataset " + dataset + "]";
    }

    /**
     * The job types {@code linear-regression, logistic-regression}: a spec's parameters, each checked,
     * into this job ({@link JobTypes}).
     */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("linear-regression", "logistic-regression");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return regression(name.startsWith("logistic"), p);
        }

        private static Analysis regression(boolean logistic, SpecParams p) {
            String partition = p.string("partition", "rows");
            if (!partition.equals("rows") && !partition.equals("columns")) {
                throw new SpecException("partition", "rows or columns");
            }
            boolean byRows = partition.equals("rows");
            int parties = p.parties;
            String linkage = p.string("linkage", "equal");
            if (!linkage.equals("equal") && !linkage.equals("intersect")) {
                throw new SpecException("linkage", "equal (every member holds the same keys) or intersect (the common rows, "
                        + "found inside the computation)");
            }
            if (linkage.equals("intersect")) {
                return linkedRegression(logistic, byRows, p);
            }
            int[] rows = p.integers("rows", byRows ? parties : 1, 1, p.limits.maxRows());
            int[] columns = p.integers("columns", byRows ? 1 : parties, 0, p.limits.maxColumns());
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String target = p.string("target", null);
            String key = byRows ? p.optional("key") : p.string("key", null);
            p.checkFeatures(rows, columns);
            int targetParty = p.party("targetParty", parties - 1);
            int resultParty = p.party("resultParty", 0);
            return new RegressionJob(logistic, byRows, dataset, target, key, rows, columns, targetParty, resultParty,
                    p.real("lambda", 0, 0, 1e6), p.integer("iterations", 40, 1, p.limits.maxIterations()),
                    p.integer("epochs", 5, 1, p.limits.maxIterations()), p.integer("batch", 32, 1, 1 << 20),
                    p.real("lr", 0.5, 1e-9, 1e3), p.real("l2", 0, 0, 1e3));
        }

        /** A regression over the rows common to every member, data split by columns ({@code linkage: intersect}). */
        private static LinkedRegressionJob linkedRegression(boolean logistic, boolean byRows, SpecParams p) {
            if (byRows) {
                throw new SpecException("linkage", "equal: intersect is for a regression split by columns");
            }
            int parties = p.parties;
            int[] rows = p.integers("rows", parties, 2, p.limits.maxRows());
            int[] columns = p.integers("columns", parties, 0, p.limits.maxColumns());
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String target = p.string("target", null);
            String key = p.string("key", null);
            p.checkFeatures(rows, columns);
            int targetParty = p.party("targetParty", parties - 1);
            int resultParty = p.party("resultParty", 0);
            // the fit's valid range (LinearRegression/LogisticRegression.fitWeighted): enough of member 0's rows matched
            int fewest = Arrays.stream(rows).min().orElse(2);
            int floor = Math.max(10, (int) Math.ceil(rows[0] / (logistic ? 1024.0 : 64.0)));
            int minMatched = p.integer("minMatched", Math.min(floor, fewest), Math.min(floor, fewest), fewest);
            if (logistic && rows[0] > 16_384) {
                throw new SpecException("rows", "at most 16384 rows at member 0 for a logistic regression with linkage: intersect");
            }
            return new LinkedRegressionJob(logistic, dataset, target, key, rows, columns, targetParty, resultParty,
                    p.real("lambda", 0, 0, 1e6), p.integer("iterations", 40, 1, p.limits.maxIterations()),
                    p.integer("epochs", 5, 1, p.limits.maxIterations()), p.integer("batch", 32, 1, 1 << 20),
                    p.real("lr", 0.5, 1e-9, 1e3), p.real("l2", 0, 0, 1e3), minMatched);
        }
    }
}
