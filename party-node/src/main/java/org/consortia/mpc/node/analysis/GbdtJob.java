package org.consortia.mpc.node.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.analyses.trees.Binning;
import org.consortia.mpc.analyses.trees.BoostedTrees;
import org.consortia.mpc.analyses.trees.GradientBoosting;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;

import com.google.auto.service.AutoService;

/**
 * Gradient-boosted trees trained across members ({@link GradientBoosting}) on dataset {@code dataset}: split by
 * columns (member k holds {@code columns[k]} features of the same {@code rows[0]} rows, aligned by the {@code key}
 * column; the outcome {@code target} at {@code targetParty}), each member bins its own features at their quantiles
 * ({@link Binning}: its edges never leave it) and inputs only the bin indicators; or split by rows (every member holds
 * {@code rows[k]} rows of the same {@code columns[0]} features and the outcome), binned at the public {@code edges}
 * the spec gives. Gradients, histograms, gains and every split stay secret during training; the model (each split's
 * feature by position and bin, the leaves, the base score) is revealed to {@code resultParty} only; or, with
 * {@code held} (split by columns: {@code splits: holder}), as SecureBoost splits what each learns: {@code resultParty}
 * learns each split's member, the leaves and the base, each member only its own features' splits. Split by columns,
 * it also opens to every party one bit per party: whether its key set equals party 0's.
 */
public record GbdtJob(boolean byRows, String dataset, String target, String key, int[] rows, int[] columns, int targetParty,
        int resultParty, int bins, double[][] edges, GradientBoosting.Params params, boolean held) implements Analysis {

    /** The label of a model's reveal to its recipient (every split with it). */
    public static final String WHOLE_MODEL = "gbdt model";
    /** The label of the reveals of held splits (each member its own, the recipient whose split each is). */
    public static final String HELD_SPLITS = "gbdt splits held by their features' members";

    /** The largest label magnitude a squared loss takes over {@code n} rows (its gradients' squares summed stay in range). */
    static double labelBound(long n) {
        return Math.floor(Math.sqrt((double) (1 << 26) / n));
    }

    @Override
    public String name() {
        return "gbdt";
    }

    @Override
    public long rowsBehind() {
        return byRows ? Analysis.total(rows) : rows[0];
    }

    int features() {
        return byRows ? columns[0] : java.util.Arrays.stream(columns).sum();
    }

    @Override
    public Footprint footprint(int parties, int fracBits) {
        long n = rowsBehind();
        long cands = (long) features() * (bins - 1) + 1;
        // the indicators, their transpose and running sums and a product's masked operand, triple and openings (one per
        // peer), a level's node matrices, and the widest level's gains through the comparisons' bit decompositions
        long words = (6L + parties) * n * features() * bins + 10 * n * (1L << params.depth())
                + 64 * 3 * cands * (1L << (params.depth() - 1));
        return new Footprint(8 * words, "rows");
    }

    /**
     * Per tree t: {@code tree[t].split[i].feature} and {@code .bin} for its internal nodes in heap order (root 0,
     * children 2i+1, 2i+2; a row goes left iff its feature's bin is at most the bin; features by position: split by
     * rows {@code 0..d-1} in the table's column order, split by columns member 0's first, in each member's column order;
     * bin {@code bins - 1}: no split), then {@code tree[t].leaf[j]} (the learning rate folded in), then {@code base}.
     */
    @Override
    public List<String> resultLabels() {
        return resultLabels(resultParty);
    }

    /**
     * Held splits: the recipient's labels are {@code tree[t].split[i].member} (-1: no split), the leaves and
     * {@code base}; a member holding features gets {@code tree[t].split[i].feature} (its own column position, -1: not
     * its split) and {@code .bin} (after the recipient's values where it is the recipient too).
     */
    @Override
    public List<String> resultLabels(int party) {
        List<String> out = new ArrayList<>();
        int internal = (1 << params.depth()) - 1;
        if (!held || party == resultParty) {
            for (int t = 0; t < params.trees(); t++) {
                for (int i = 0; i < internal; i++) {
                    if (held) {
                        out.add("tree[" + t + "].split[" + i + "].member");
                    } else {
                        out.add("tree[" + t + "].split[" + i + "].feature");
                        out.add("tree[" + t + "].split[" + i + "].bin");
                    }
                }
            }
            for (int t = 0; t < params.trees(); t++) {
                for (int j = 0; j <= internal; j++) {
                    out.add("tree[" + t + "].leaf[" + j + "]");
                }
            }
            out.add("base");
        }
        if (held && party < columns.length && columns[party] > 0) {
            for (int t = 0; t < params.trees(); t++) {
                for (int i = 0; i < internal; i++) {
                    out.add("tree[" + t + "].split[" + i + "].feature");
                    out.add("tree[" + t + "].split[" + i + "].bin");
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * Malicious mode too: the training runs on the backend's ring ({@link GradientBoosting}), and there it checks that
     * every member's bin indicators are one-hot before anything is computed from them.
     */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        return party -> {
            int parties = party.parties();
            SecretTensor x = null;
            SecretTensor y = null;
            if (byRows) {
                for (int k = 0; k < parties; k++) {
                    Table t = ctx.data().table(k, dataset, rows[k], key);
                    long[] ind = null;
                    double[] yk = null;
                    if (t != null) {
                        double[][] f = RegressionJob.features(t, columns[0], target, key);
                        ind = Binning.indicators(RegressionJob.flat(f), rows[k], edges);
                        yk = labels(t);
                    }
                    SecretTensor xk = party.inputIntegers(k, Shape.matrix(rows[k], columns[0] * bins), ind);
                    SecretTensor yi = party.input(k, Shape.matrix(rows[k], 1), yk);
                    x = x == null ? xk : x.concat(0, xk);
                    y = y == null ? yi : y.concat(0, yi);
                }
            } else {
                int n = rows[0];
                Table[] tables = RegressionJob.KeyCheck.aligned(ctx, party, dataset, n, key);
                for (int k = 0; k < parties; k++) {
                    if (columns[k] == 0) {
                        continue;
                    }
                    Table t = tables[k];
                    long[] ind = null;
                    if (t != null) {
                        double[][] f = RegressionJob.features(t, columns[k], key, k == targetParty ? target : null);
                        ind = Binning.indicators(RegressionJob.flat(f), n, quantileEdges(f));
                    }
                    SecretTensor xk = party.inputIntegers(k, Shape.matrix(n, columns[k] * bins), ind);
                    x = x == null ? xk : x.concat(1, xk);
                }
                Table t = tables[targetParty];
                y = party.input(targetParty, Shape.matrix(n, 1), t == null ? null : labels(t));
            }
            SecretTensor xs = x;
            SecretTensor ys = y;
            if (!held) { // labelled, so that a member's policy can tell the modes apart (treeSplits)
                return ctx.reveals().result(WHOLE_MODEL, rowsBehind(), () -> encode(GradientBoosting.fit(xs, ys, bins, params,
                        resultParty)));
            }
            int[] holderOf = new int[features()];
            for (int k = 0, at = 0; k < parties; k++) {
                for (int j = 0; j < columns[k]; j++) {
                    holderOf[at++] = k;
                }
            }
            return ctx.reveals().result(HELD_SPLITS, rowsBehind(), () -> encode(GradientBoosting.fitHeld(xs, ys, bins, params,
                    holderOf, resultParty)));
        };
    }

    /** This member's own features' quantile edges (they never leave it). */
    private double[][] quantileEdges(double[][] f) {
        int d = f.length == 0 ? 0 : f[0].length;
        double[][] out = new double[d][];
        for (int j = 0; j < d; j++) {
            double[] col = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                col[i] = f[i][j];
            }
            out[j] = Binning.edges(col, bins);
        }
        return out;
    }

    /** The outcome column, checked: 0/1 for the logistic loss, within {@link #labelBound} for the squared loss. */
    private double[] labels(Table t) {
        double[] y;
        try {
            y = t.columnValues(target);
        } catch (IllegalArgumentException e) {
            throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": no outcome column '" + target + "'", e);
        }
        double bound = labelBound(rowsBehind());
        for (double v : y) {
            boolean ok = params.loss() == GradientBoosting.Loss.LOGISTIC ? v == 0 || v == 1 : Math.abs(v) <= bound;
            if (!ok) {
                throw new JobError(ErrorCode.INPUT_INVALID, dataset + ": outcome '" + target + "' must be "
                        + (params.loss() == GradientBoosting.Loss.LOGISTIC ? "0 or 1 for loss logistic"
                                : "within +-" + bound + " for loss squared over these rows (scale it)"));
            }
        }
        return y;
    }

    /**
     * The model back from a gbdt job's result values and its spec's parameters (as a client holds them: the record's
     * spec and the result), for {@code TreeExport}: features by position, thresholds as bins.
     */
    public static BoostedTrees model(java.util.Map<String, String> spec, double[] values) {
        if ("holder".equals(spec.getOrDefault("splits", "reveal").trim())) {
            throw new IllegalArgumentException("its splits are held by their features' members (splits: holder): no one "
                    + "holds the whole model");
        }
        int features = java.util.Arrays.stream(spec.getOrDefault("columns", "0").split(","))
                .mapToInt(c -> Integer.parseInt(c.trim())).sum();
        int bins = Integer.parseInt(spec.getOrDefault("bins", "16").trim());
        int depth = Integer.parseInt(spec.getOrDefault("depth", "4").trim());
        var loss = spec.getOrDefault("loss", "logistic").trim().equals("squared") ? GradientBoosting.Loss.SQUARED
                : GradientBoosting.Loss.LOGISTIC;
        int internal = (1 << depth) - 1;
        int trees = (values.length - 1) / (2 * internal + internal + 1);
        if (trees < 1 || values.length != trees * (3 * internal + 1) + 1) {
            throw new IllegalArgumentException("not a gbdt result of depth " + depth + ": " + values.length + " values");
        }
        int[] feature = new int[trees * internal];
        int[] bin = new int[feature.length];
        for (int i = 0; i < feature.length; i++) {
            feature[i] = (int) values[2 * i];
            bin[i] = (int) values[2 * i + 1];
        }
        return new BoostedTrees(loss, features, bins, depth, feature, bin,
                java.util.Arrays.copyOfRange(values, 2 * feature.length, values.length - 1), values[values.length - 1]);
    }

    /** The model as the result's values ({@link #resultLabels}); {@code null} where it is not revealed. */
    /** Held splits as this party's result values ({@link #resultLabels(int)}); {@code null} where it learns none. */
    private static double[] encode(GradientBoosting.Held h) {
        List<Double> out = new ArrayList<>();
        if (h.member() != null) {
            for (int m : h.member()) {
                out.add((double) m);
            }
            for (double v : h.leaf()) {
                out.add(v);
            }
            out.add(h.base());
        }
        if (h.feature() != null) {
            for (int i = 0; i < h.feature().length; i++) {
                out.add((double) h.feature()[i]);
                out.add((double) h.bin()[i]);
            }
        }
        return out.isEmpty() ? null : out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] encode(BoostedTrees m) {
        if (m == null) {
            return null;
        }
        int nodes = m.feature().length;
        double[] out = new double[2 * nodes + m.leaf().length + 1];
        for (int i = 0; i < nodes; i++) {
            out[2 * i] = m.feature()[i];
            out[2 * i + 1] = m.bin()[i];
        }
        System.arraycopy(m.leaf(), 0, out, 2 * nodes, m.leaf().length);
        out[out.length - 1] = m.base();
        return out;
    }

    @Override
    public String toString() {
        return name() + "[" + (byRows ? "rows" : "columns") + ", dataset " + dataset + ", " + params.trees() + " trees depth "
                + params.depth() + (held ? ", splits held" : "") + "]";
    }

    /** The job type {@code gbdt}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("gbdt");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return gbdt(p);
        }

        /**
         * Gradient-boosted trees ({@link GbdtJob}): the data split as a regression's ({@code partition}, {@code rows},
         * {@code columns}, {@code dataset}, {@code target}, {@code key}, {@code targetParty}, {@code resultParty}), the
         * {@code loss} ({@code logistic} on 0/1 outcomes, or {@code squared}), {@code trees}, {@code depth}, {@code bins}
         * per feature, the learning rate {@code lr} and the leaves' L2 regularization {@code lambda}; split by rows, the
         * public bin {@code edges} (a JSON array per feature of at most bins - 1 increasing numbers); split by columns,
         * {@code splits}: {@code reveal} (the model to resultParty) or {@code holder} (each split to its feature's holder);
         * {@code minLeaf}, the fewest rows a split leaves on a side (default 1); at 10 to 16 fractional bits.
         */
        private static GbdtJob gbdt(SpecParams p) {
            String partition = p.string("partition", "columns");
            if (!partition.equals("rows") && !partition.equals("columns")) {
                throw new SpecException("partition", "rows or columns");
            }
            boolean byRows = partition.equals("rows");
            int parties = p.parties;
            int[] rows = p.integers("rows", byRows ? parties : 1, 2, p.limits.maxRows());
            int[] columns = p.integers("columns", byRows ? 1 : parties, 0, p.limits.maxColumns());
            String dataset = DataDir.checkName("dataset", p.string("dataset", null));
            String target = p.string("target", null);
            String key = byRows ? p.optional("key") : p.string("key", null);
            int targetParty = p.party("targetParty", parties - 1);
            int resultParty = p.party("resultParty", 0);
            String loss = p.string("loss", "logistic");
            if (!loss.equals("logistic") && !loss.equals("squared")) {
                throw new SpecException("loss", "logistic (0/1 outcomes) or squared");
            }
            var lossKind = loss.equals("logistic") ? GradientBoosting.Loss.LOGISTIC
                    : GradientBoosting.Loss.SQUARED;
            int trees = p.integer("trees", 50, 1, Math.min(1000, p.limits.maxIterations()));
            int depth = p.integer("depth", 4, 1, 8);
            int bins = p.integer("bins", 16, 2, 64);
            double lr = p.real("lr", 0.1, 1e-6, 1);
            long n = byRows ? Analysis.total(rows) : rows[0];
            int bits = p.integer("fractionalBits", FixedPoint.DEFAULT_FRACTIONAL_BITS, 10, 16);
            double lambda = p.real("lambda", defaultLambda(n, bits, lossKind), 1e-9, 1e6);
            int minLeaf = p.integer("minLeaf", 1, 1, (int) Math.min(Integer.MAX_VALUE, n));
            int features = Arrays.stream(columns).sum();
            if (features < 1) {
                throw new SpecException("columns", "at least one feature column");
            }
            if (n * features * bins > p.limits.maxElements() || ((long) features * bins << depth) > p.limits.maxElements()) {
                throw new SpecException("rows", "rows x features x bins (and features x bins x 2^depth) of at most "
                        + p.limits.maxElements());
            }
            double[][] edges = null;
            if (byRows) {
                edges = publicEdges(p.string("edges", null), features, bins);
            }
            String splits = p.string("splits", "reveal");
            if (!splits.equals("reveal") && !splits.equals("holder")) {
                throw new SpecException("splits", "reveal (the model to resultParty) or holder (each split known to its feature's "
                        + "holder only, resultParty learns whose it is, the leaves and the base)");
            }
            if (byRows && splits.equals("holder")) {
                throw new SpecException("splits", "reveal: split by rows, every member holds every feature");
            }
            String problem = GradientBoosting.unsupported(n, lambda, lossKind, bits);
            if (problem != null) {
                throw new SpecException(problem.startsWith("lambda") || problem.contains("a larger lambda") ? "lambda"
                        : problem.startsWith("rows") ? "rows" : "fractionalBits", problem);
            }
            var params = new GradientBoosting.Params(trees, depth, lr, lambda, lossKind, minLeaf);
            return new GbdtJob(byRows, dataset, target, key, rows, columns, targetParty, resultParty, bins, edges, params,
                    splits.equals("holder"));
        }

        /** A gbdt job's default lambda: 1, or as little more as the kernel's fixed-point range needs over {@code n} rows. */
        private static double defaultLambda(long n, int bits, GradientBoosting.Loss loss) {
            double lambda = 1;
            if (n < 2 || n > (1L << 28)) {
                return lambda; // refused for its rows, whatever lambda
            }
            for (int i = 0; i < 64 && GradientBoosting.unsupported(n, lambda, loss, bits) != null; i++) {
                lambda *= 1.5;
            }
            return lambda;
        }

        /** Public bin edges: a JSON array per feature of at most {@code bins - 1} increasing numbers (padded with empty bins). */
        private static double[][] publicEdges(String json, int features, int bins) {
            String want = "a JSON array of " + features + " arrays (one per feature) of at most " + (bins - 1)
                    + " increasing numbers";
            io.vertx.core.json.JsonArray a;
            try {
                a = new io.vertx.core.json.JsonArray(json);
            } catch (RuntimeException e) {
                throw new SpecException("edges", want);
            }
            if (a.size() != features) {
                throw new SpecException("edges", want);
            }
            double[][] out = new double[features][];
            for (int f = 0; f < features; f++) {
                if (!(a.getValue(f) instanceof io.vertx.core.json.JsonArray e) || e.size() > bins - 1) {
                    throw new SpecException("edges", want);
                }
                out[f] = new double[bins - 1];
                Arrays.fill(out[f], Double.POSITIVE_INFINITY);
                for (int b = 0; b < e.size(); b++) {
                    if (!(e.getValue(b) instanceof Number v) || !Double.isFinite(v.doubleValue())
                            || (b > 0 && v.doubleValue() <= out[f][b - 1])) {
                        throw new SpecException("edges", want);
                    }
                    out[f][b] = v.doubleValue();
                }
            }
            return out;
        }
    }
}
