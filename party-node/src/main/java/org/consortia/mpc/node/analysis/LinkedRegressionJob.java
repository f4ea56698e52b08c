package org.consortia.mpc.node.analysis;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.node.data.DatasetReader;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.analyses.stats.LinearRegression;
import org.consortia.mpc.analyses.stats.LogisticRegression;
import org.consortia.mpc.analyses.relational.SecretJoin;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.link.LinkKeys;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Linear or logistic regression over data split by columns whose members' rows line up only in part
 * ({@code linkage: intersect}):
 * member k holds {@code rows[k]} rows with its {@code columns[k]} features (the outcome {@code target} at
 * {@code targetParty}) and the {@code key} column; the rows are joined on their keys inside the computation
 * ({@link SecretJoin}: each member's keys enter as 60-bit hashes of their canonical form), so that no member learns which
 * of its rows are common, nor how many. One bit is opened to every member first: whether at least {@code minMatched}
 * rows are common (the job fails with {@code CHECK_FAILED} otherwise, before anything else is revealed), so that a
 * member's policy {@code minRows} holds for the fit revealed ({@link #rowsBehind}); then the fit over the common rows
 * only ({@link LinearRegression#fitWeighted}, {@link LogisticRegression#fitWeighted}) is revealed to {@code resultParty},
 * labelled as the regression split by columns labels it.
 */
public record LinkedRegressionJob(boolean logistic, String dataset, String target, String key, int[] rows, int[] columns,
        int targetParty, int resultParty, double lambda, int iterations, int epochs, int batch, double lr, double l2,
        int minMatched) implements Analysis {

    @Override
    public String name() {
        return logistic ? "logistic-regression" : "linear-regression";
    }

    /** At least {@code minMatched} common rows behind the fit: checked inside the computation before it is revealed. */
    @Override
    public long rowsBehind() {
        return minMatched;
    }

    /** Two sorts of the anchor's and each member's rows, with their columns and the comparisons' bits. */
    @Override
    public Footprint footprint(int parties, int fracBits) {
        long bytes = 0;
        for (int k = 1; k < rows.length; k++) {
            bytes = Math.max(bytes, 2048L * (rows[0] + rows[k]) * (3 + columns[k]));
        }
        return new Footprint(bytes, "rows");
    }

    @Override
    public List<String> resultLabels() {
        return new RegressionJob(logistic, false, dataset, target, key, rows, columns, targetParty, resultParty, lambda,
                iterations, epochs, batch, lr, l2).resultLabels();
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            int parties = party.parties();
            int[] widths = new int[parties];
            for (int k = 0; k < parties; k++) {
                widths[k] = columns[k] + (k == targetParty ? 1 : 0);
            }
            long[] keys = null;
            double[] values = null;
            for (int k = 0; k < parties; k++) {
                DatasetReader.Loaded l = ctx.data().dataset(k, dataset, rows[k], key);
                if (l != null) {
                    String[] text = l.keys().get(key);
                    keys = new long[text.length];
                    for (int i = 0; i < text.length; i++) {
                        keys[i] = LinkKeys.key60(text[i]);
                    }
                    values = block(l.table(), k);
                }
            }
            SecretJoin.Joined joined;
            try {
                joined = SecretJoin.join(party.backend(), keys, values, rows, widths);
            } catch (IllegalArgumentException e) { // a duplicated key: the detail stays in the local log
                throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": " + e.getMessage(), e);
            }
            ctx.reveals().secretLinkage(() -> {
                var be = party.backend();
                long[] below = be.lessThanZero(be.addPublic(joined.matched().sum().share(), new long[] {-minMatched}));
                double[] few = SecretTensor.fromShare(be, Shape.vector(1), below, 0).reveal();
                if (few[0] != 0 && !party.backend().dryRun()) {
                    throw new JobError(ErrorCode.CHECK_FAILED, "fewer common rows than the job's minMatched (" + minMatched
                            + "): nothing is revealed");
                }
                return null;
            });
            int width = 0;
            for (int w : widths) {
                width += w;
            }
            int p = width - 1;
            int n = rows[0];
            int yAt = 0; // the outcome's column: the last of the target party's block
            for (int k = 0; k <= targetParty; k++) {
                yAt += widths[k];
            }
            yAt--;
            long[] t = joined.values().share();
            long[] x = new long[n * p];
            long[] y = new long[n];
            for (int r = 0; r < n; r++) {
                for (int c = 0, j = 0; c < width; c++) {
                    if (c == yAt) {
                        y[r] = t[r * width + c];
                    } else {
                        x[r * p + j++] = t[r * width + c];
                    }
                }
            }
            var be = party.backend();
            int f = be.fixedPoint().fracBits();
            SecretTensor xs = SecretTensor.fromShare(be, Shape.matrix(n, p), x, f);
            SecretTensor ys = SecretTensor.fromShare(be, Shape.matrix(n, 1), y, f);
            return logistic
                    ? RegressionJob.logistic(LogisticRegression.fitWeighted(xs, ys, joined.matched(), epochs, batch, lr, l2,
                            resultParty))
                    : RegressionJob.linear(LinearRegression.fitWeighted(xs, ys, joined.matched(), lambda, iterations,
                            resultParty));
        };
    }

    /** Member k's value columns row-major: its features (every column but the key and the outcome), then the outcome. */
    private double[] block(Table t, int k) {
        List<String> names = new ArrayList<>(t.header());
        names.remove(key);
        boolean hasTarget = names.remove(target);
        if (k == targetParty && !hasTarget) {
            throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": no column '" + target + "'");
        }
        if (names.size() != columns[k]) {
            throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": has " + names.size() + " feature columns, the job declares "
                    + columns[k]);
        }
        if (k == targetParty) {
            names.add(target);
        }
        int w = names.size();
        double[] out = new double[t.rows().length * w];
        for (int j = 0; j < w; j++) {
            double[] col = t.columnValues(names.get(j));
            for (int r = 0; r < col.length; r++) {
                out[r * w + j] = col[r];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "linear-regression[columns, intersect, dataset " + dataset + "]";
    }
}
