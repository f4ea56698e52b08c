package org.consortia.mpc.node.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.consortia.mpc.node.jobs.ArchitectureJson;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.sharing.fixed.FixedPoint;

import io.vertx.core.json.JsonObject;

/**
 * Turns a job spec (analysis name and string parameters, as it travels) into a typed {@link Analysis}, once, at
 * the edge: every field is checked (party ids, plain file names, positive sizes within {@link SpecLimits}),
 * unknown parameters are refused, and each error is a {@link SpecException} naming the field. Every node parses
 * every job it votes on, the dealer included, before any file access.
 */
public final class AnalysisParser {
    public static final List<String> NAMES = List.of("linear-regression", "logistic-regression", "inference", "secure-sum",
            "matmul-loop", "dp-histogram", "dp-sum", "dp-mean", "dp-linear-regression", "dp-logistic-regression", "dp-secure-sum",
            "dp-secure-mean", "program", "link", "query", "gbdt");

    private AnalysisParser() {
    }

    /**
     * The parameters the parser consults for {@code spec} (those it gives, and the optional ones it would take), in
     * name order: what the analysis reference lists, from the parser itself.
     */
    public static java.util.SortedSet<String> parameters(JobSpec spec, int parties, SpecLimits limits) {
        Params p = new Params(spec.params(), indices(parties), limits);
        parse(spec, p);
        return new TreeSet<>(p.used);
    }

    public static Analysis parse(JobSpec spec, int parties, SpecLimits limits) {
        return parse(spec, new Params(spec.params(), indices(parties), limits));
    }

    /** As {@link #parse(JobSpec, int, SpecLimits)} in a consortium of {@code members} (names in party order). */
    public static Analysis parse(JobSpec spec, List<String> members, SpecLimits limits) {
        return parse(spec, new Params(spec.params(), members, limits));
    }

    /** Members known only by their indices ("0", "1", ...): programs may still name them by index. */
    private static List<String> indices(int parties) {
        return java.util.stream.IntStream.range(0, parties).mapToObj(Integer::toString).toList();
    }

    private static Analysis parse(JobSpec spec, Params p) {
        p.fractionalBits();
        p.offline();
        p.comparisons();
        p.security();
        Analysis a = switch (spec.analysis()) {
            case "linear-regression", "logistic-regression" -> regression(spec.analysis().startsWith("logistic"), p);
            case "inference" -> inference(p);
            case "secure-sum" -> secureSum(p);
            case "matmul-loop" -> matmulLoop(p);
            case "dp-histogram" -> dpHistogram(p);
            case "dp-sum", "dp-mean" -> dpSum(spec.analysis().equals("dp-mean"), p);
            case "dp-linear-regression" -> dpLinearRegression(p);
            case "dp-logistic-regression" -> dpLogisticRegression(p);
            case "dp-secure-sum", "dp-secure-mean" -> dpSecureSum(spec.analysis().endsWith("mean"), p);
            case "program" -> program(p);
            case "link" -> link(p);
            case "query" -> query(p);
            case "gbdt" -> gbdt(p);
            default -> throw new SpecException("(analysis)", "one of " + String.join(", ", NAMES));
        };
        p.refuseUnknown();
        return a;
    }

    /**
     * Where the job's correlated randomness comes from: its {@code offline} parameter ({@code dealer} or {@code ot}),
     * or {@code fallback} (the consortium's) when the spec sets none.
     */
    public static org.consortia.mpc.config.OfflineMode offline(JobSpec spec, org.consortia.mpc.config.OfflineMode fallback) {
        String v = spec.params().get("offline");
        return v == null ? fallback : org.consortia.mpc.config.OfflineMode.of(v.trim());
    }

    /**
     * How the job's comparisons run: its {@code comparisons} parameter ({@code boolean}, {@code fss} or {@code auto}),
     * or {@code fallback} (the consortium's) when the spec sets none.
     */
    public static org.consortia.mpc.config.ComparisonMode comparisons(JobSpec spec,
            org.consortia.mpc.config.ComparisonMode fallback) {
        String v = spec.params().get("comparisons");
        return v == null || v.isBlank() ? fallback : org.consortia.mpc.config.ComparisonMode.of(v.trim());
    }

    /**
     * Against whom the job is secure: its {@code security} parameter ({@code semi-honest} or {@code malicious}), or
     * {@code fallback} (the consortium's) when the spec sets none.
     */
    public static org.consortia.mpc.config.SecurityMode security(JobSpec spec,
            org.consortia.mpc.config.SecurityMode fallback) {
        String v = spec.params().get("security");
        return v == null || v.isBlank() ? fallback : org.consortia.mpc.config.SecurityMode.of(v.trim());
    }

    /** An inference job's announced depth bound for a tree ensemble (its {@code depth} parameter, default 8). */
    public static int treeDepth(JobSpec spec) {
        String v = spec.params().get("depth");
        return v == null ? 8 : Integer.parseInt(v.trim());
    }

    /** A regression over the rows common to every member, data split by columns ({@code linkage: intersect}). */
    private static LinkedRegressionJob linkedRegression(boolean logistic, boolean byRows, Params p) {
        if (byRows) {
            throw new SpecException("linkage", "equal: intersect is for a regression split by columns");
        }
        int parties = p.parties;
        int[] rows = p.integers("rows", parties, 2, p.limits.maxRows());
        int[] columns = p.integers("columns", parties, 0, p.limits.maxColumns());
        String dataset = DataDir.checkName("dataset", p.string("dataset", null));
        String target = p.string("target", null);
        String key = p.string("key", null);
        checkFeatures(p, rows, columns);
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

    /**
     * Gradient-boosted trees ({@link GbdtJob}): the data split as a regression's ({@code partition}, {@code rows},
     * {@code columns}, {@code dataset}, {@code target}, {@code key}, {@code targetParty}, {@code resultParty}), the
     * {@code loss} ({@code logistic} on 0/1 outcomes, or {@code squared}), {@code trees}, {@code depth}, {@code bins}
     * per feature, the learning rate {@code lr} and the leaves' L2 regularization {@code lambda}; split by rows, the
     * public bin {@code edges} (a JSON array per feature of at most bins - 1 increasing numbers); split by columns,
     * {@code splits}: {@code reveal} (the model to resultParty) or {@code holder} (each split to its feature's holder);
     * {@code minLeaf}, the fewest rows a split leaves on a side (default 1); at 10 to 16 fractional bits.
     */
    private static GbdtJob gbdt(Params p) {
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
        var lossKind = loss.equals("logistic") ? org.consortia.mpc.protocols.trees.GradientBoosting.Loss.LOGISTIC
                : org.consortia.mpc.protocols.trees.GradientBoosting.Loss.SQUARED;
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
        String problem = org.consortia.mpc.protocols.trees.GradientBoosting.unsupported(n, lambda, lossKind, bits);
        if (problem != null) {
            throw new SpecException(problem.startsWith("lambda") || problem.contains("a larger lambda") ? "lambda"
                    : problem.startsWith("rows") ? "rows" : "fractionalBits", problem);
        }
        var params = new org.consortia.mpc.protocols.trees.GradientBoosting.Params(trees, depth, lr, lambda, lossKind, minLeaf);
        return new GbdtJob(byRows, dataset, target, key, rows, columns, targetParty, resultParty, bins, edges, params,
                splits.equals("holder"));
    }

    /** A gbdt job's default lambda: 1, or as little more as the kernel's fixed-point range needs over {@code n} rows. */
    private static double defaultLambda(long n, int bits, org.consortia.mpc.protocols.trees.GradientBoosting.Loss loss) {
        double lambda = 1;
        if (n < 2 || n > (1L << 28)) {
            return lambda; // refused for its rows, whatever lambda
        }
        for (int i = 0; i < 64 && org.consortia.mpc.protocols.trees.GradientBoosting.unsupported(n, lambda, loss, bits) != null; i++) {
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

    /** A regression's feature columns: at least one, and each party's rows times features and outcome within the limit. */
    private static void checkFeatures(Params p, int[] rows, int[] columns) {
        int features = Arrays.stream(columns).sum();
        if (features < 1) {
            throw new SpecException("columns", "at least one feature column");
        }
        for (int r : rows) {
            if ((long) r * (features + 1) > p.limits.maxElements()) {
                throw new SpecException("rows", "at most " + p.limits.maxElements() + " values per party");
            }
        }
    }

    /** The job's fractional bits, or {@code fallback} when the spec sets none. */
    public static int fractionalBits(JobSpec spec, int fallback) {
        String v = spec.params().get("fractionalBits");
        return v == null ? fallback : Integer.parseInt(v.trim());
    }

    private static Analysis regression(boolean logistic, Params p) {
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
        checkFeatures(p, rows, columns);
        int targetParty = p.party("targetParty", parties - 1);
        int resultParty = p.party("resultParty", 0);
        return new RegressionJob(logistic, byRows, dataset, target, key, rows, columns, targetParty, resultParty,
                p.real("lambda", 0, 0, 1e6), p.integer("iterations", 40, 1, p.limits.maxIterations()),
                p.integer("epochs", 5, 1, p.limits.maxIterations()), p.integer("batch", 32, 1, 1 << 20),
                p.real("lr", 0.5, 1e-9, 1e3), p.real("l2", 0, 0, 1e3));
    }

    /**
     * A researcher's program (docs/programs.md): parsed, bounded and checked against this consortium's members at the
     * job's fractional bits and this node's limits; a refusal names the program node and field.
     */
    private static ProgramJob program(Params p) {
        String json = p.string("program", null);
        try {
            return checked(org.consortia.mpc.programs.Program.parse(json, programLimits(p)), p);
        } catch (org.consortia.mpc.programs.ProgramException e) {
            throw new SpecException("program", e.getMessage(), true);
        }
    }

    private static org.consortia.mpc.programs.ProgramLimits programLimits(Params p) {
        org.consortia.mpc.programs.ProgramLimits d = org.consortia.mpc.programs.ProgramLimits.DEFAULT;
        return new org.consortia.mpc.programs.ProgramLimits(d.maxChars(), d.maxNodes(), p.limits.maxElements(),
                Math.max(p.limits.maxElements(), d.maxTotalElements()), d.maxBytes());
    }

    /** A program checked against this consortium's members at the job's fractional bits and this node's limits. */
    private static ProgramJob checked(org.consortia.mpc.programs.Program program, Params p) {
        int bits = p.integer("fractionalBits", FixedPoint.DEFAULT_FRACTIONAL_BITS, FixedPoint.MIN_FRACTIONAL_BITS,
                FixedPoint.MAX_FRACTIONAL_BITS);
        return new ProgramJob(org.consortia.mpc.programs.Checker.check(program,
                new org.consortia.mpc.programs.Context(p.members, bits, programLimits(p))));
    }

    /**
     * A joint query in SQL ({@link QueryJob}): {@code sql}, the public schema of the tables it may name ({@code tables},
     * JSON as {@link org.consortia.mpc.programs.sql.SqlCatalog} reads it), the recipients ({@code to}: member names,
     * comma-separated; every member by default) and the fewest rows behind a shown group ({@code minGroup}, default 1).
     * A query the compiler refuses is refused in one line naming the construct.
     */
    private static QueryJob query(Params p) {
        String sql = p.string("sql", null);
        org.consortia.mpc.programs.sql.SqlCatalog catalog;
        try {
            catalog = org.consortia.mpc.programs.sql.SqlCatalog.parse(plain(new JsonObject(p.string("tables", null))));
        } catch (io.vertx.core.json.DecodeException e) {
            throw new SpecException("tables", "a JSON object of tables: {name: {member, dataset, rows, columns}}");
        } catch (org.consortia.mpc.programs.sql.SqlException e) {
            throw new SpecException("tables", e.getMessage(), true);
        }
        for (var t : catalog.tables()) {
            if (!p.members.contains(t.member())) {
                throw new SpecException("tables", t.name() + ".member: one of " + p.members);
            }
            DataDir.checkName("tables", t.dataset());
        }
        String to = p.optional("to");
        List<String> recipients = to == null ? List.of() : Arrays.stream(to.split(",")).map(String::trim).toList();
        for (String r : recipients) {
            if (!p.members.contains(r)) {
                throw new SpecException("to", "members of this consortium (" + String.join(", ", p.members) + "), comma-separated");
            }
        }
        int minGroup = p.integer("minGroup", 1, 1, 1 << 20);
        try {
            var q = org.consortia.mpc.programs.sql.SqlCompiler.compile(sql, catalog,
                    new org.consortia.mpc.programs.sql.SqlCompiler.Options(recipients, minGroup));
            return new QueryJob(q, catalog, checked(q.program(), p));
        } catch (org.consortia.mpc.programs.sql.SqlException e) {
            throw new SpecException("sql", e.getMessage(), true);
        } catch (org.consortia.mpc.programs.ProgramException e) {
            throw new SpecException("sql", "the compiled query is refused: " + e.getMessage(), true);
        }
    }

    /** Vert.x JSON as plain maps and lists. */
    private static Object plain(Object v) {
        if (v instanceof JsonObject o) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (v instanceof io.vertx.core.json.JsonArray a) {
            List<Object> l = new java.util.ArrayList<>();
            a.forEach(x -> l.add(plain(x)));
            return l;
        }
        return v;
    }

    /** Private record linkage of the members' tables of one dataset on a key column (see {@link LinkJob}). */
    private static LinkJob link(Params p) {
        String dataset = DataDir.checkName("dataset", p.string("dataset", null));
        String key = p.string("key", null);
        int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
        String as = DataDir.checkName("as", p.string("as", null));
        if (as.equals(dataset)) {
            throw new SpecException("as", "a new dataset's name, not the linked one's");
        }
        String reveal = p.string("reveal", "intersection");
        if (!reveal.equals("intersection") && !reveal.equals("cardinality")) {
            throw new SpecException("reveal", "intersection (each member learns which of its rows are common and keeps them, "
                    + "in a shared order, as 'as') or cardinality (only how many)");
        }
        // OPRF by default between two members; among more, its leader learns which of its keys each member holds
        // (declared when asked for), so ECDH, whose leader learns only the pairs' counts, is the default there
        String protocol = p.string("protocol", p.parties == 2 ? "oprf" : "ecdh");
        if (!protocol.equals("oprf") && !protocol.equals("ecdh")) {
            throw new SpecException("protocol", "oprf (the default: an oblivious PRF on the OT extension) or ecdh "
                    + "(Diffie-Hellman blinding on Curve25519)");
        }
        return new LinkJob(dataset, key, rows, as, reveal.equals("intersection")
                ? org.consortia.mpc.runtime.link.EcdhLinkage.Mode.INTERSECTION
                : org.consortia.mpc.runtime.link.EcdhLinkage.Mode.CARDINALITY, protocol.equals("oprf"));
    }

    private static InferenceJob inference(Params p) {
        String model = DataDir.checkName("model", p.string("model", null));
        String input = DataDir.checkName("input", p.string("input", null));
        int rows = p.integer("rows", -1, 1, (int) Math.min(Integer.MAX_VALUE, p.limits.maxRows()));
        int modelOwner = p.party("modelOwner", 0);
        int dataOwner = p.party("dataOwner", p.parties - 1);
        String arch = p.optional("architecture");
        Model architecture = null;
        int depth = p.integer("depth", 8, 1, 16); // a tree ensemble's announced depth bound (its trees padded to it)
        if (arch != null && isTrees(arch)) {
            org.consortia.mpc.inference.trees.TreeEnsemble.Shape trees;
            try {
                trees = ArchitectureJson.decodeTrees(new JsonObject(arch));
            } catch (RuntimeException e) {
                throw new SpecException("architecture", "the tree ensemble's shape the model owner announces (malformed)");
            }
            if (trees.depth() != depth) {
                throw new SpecException("depth", "the depth the architecture announces (" + trees.depth() + ")");
            }
            long nodes = (long) trees.trees() * trees.internal();
            if (nodes * trees.features() > p.limits.maxElements() || (long) trees.trees() * trees.leaves() * trees.targets()
                    > p.limits.maxElements() || (long) rows * trees.features() > p.limits.maxElements()) {
                throw new SpecException("architecture", "a tree ensemble and rows of at most " + p.limits.maxElements()
                        + " values each");
            }
            p.integer("microBatch", rows, 1, rows); // rows are scored in chunks of bounded size whatever it says
            return new InferenceJob(model, input, rows, modelOwner, dataOwner, null, rows, trees);
        }
        if (arch != null) {
            try {
                architecture = ArchitectureJson.decode(new JsonObject(arch));
            } catch (RuntimeException e) {
                throw new SpecException("architecture", "the model architecture the model owner announces (malformed)");
            }
            long parameters = 0;
            for (org.consortia.mpc.inference.Layer l : architecture.layers()) {
                for (org.consortia.mpc.inference.Layer.Param q : l.params()) {
                    parameters += size(q.dims(), p.limits.maxElements());
                }
            }
            long inputSize = size(architecture.inputDims(), p.limits.maxElements());
            size(architecture.outputDims(), p.limits.maxElements());
            if (parameters > p.limits.maxElements()) {
                throw new SpecException("architecture", "a model of at most " + p.limits.maxElements() + " parameters");
            }
            // every tensor one sample passes through (not only the input and output): an announced graph cannot make
            // a node allocate beyond the limit, in its dry run or online
            long peak;
            try {
                peak = architecture.peakElementsPerSample();
            } catch (RuntimeException e) { // a layer that does not fit what it reads: refused before any allocation
                throw new SpecException("architecture", "layers that fit the tensors they read");
            }
            if (peak > p.limits.maxElements()) {
                throw new SpecException("architecture", "a model whose every tensor has at most " + p.limits.maxElements()
                        + " values per sample");
            }
            if (rows * inputSize > p.limits.maxElements()
                    || rows * size(architecture.outputDims(), p.limits.maxElements()) > p.limits.maxElements()) {
                throw new SpecException("rows", "at most " + p.limits.maxElements() + " input and output values");
            }
        }
        int microBatch = p.integer("microBatch", rows, 1, rows);
        if ((rows + (long) microBatch - 1) / microBatch > p.limits.maxIterations() * 100L) {
            throw new SpecException("microBatch", "at most " + p.limits.maxIterations() * 100L + " micro-batches in all");
        }
        return new InferenceJob(model, input, rows, modelOwner, dataOwner, architecture, microBatch);
    }

    private static boolean isTrees(String arch) {
        try {
            return ArchitectureJson.isTrees(new JsonObject(arch));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static MatmulLoopJob matmulLoop(Params p) {
        int size = p.integer("size", 64, 1, p.limits.maxMatrix());
        int iterations = p.integer("iterations", 10, 1, 100 * p.limits.maxIterations());
        long work;
        try {
            work = Math.multiplyExact(Math.multiplyExact((long) size * size, (long) size), (long) iterations);
        } catch (ArithmeticException overflow) {
            work = Long.MAX_VALUE;
        }
        if (work > SpecLimits.MAX_MATMUL_WORK) {
            throw new SpecException("iterations", "at most " + SpecLimits.MAX_MATMUL_WORK + " multiply-adds in all (size^3 x "
                    + "iterations)");
        }
        return new MatmulLoopJob(size, iterations, p.party("resultParty", 0));
    }

    private static SecureSumJob secureSum(Params p) {
        String input = DataDir.checkName("input", p.string("input", null));
        int length = p.integer("length", -1, 1, (int) Math.min(Integer.MAX_VALUE, p.limits.maxElements()));
        return new SecureSumJob(input, length, p.party("resultParty", 0),
                p.integer("minContributors", p.parties, 1, p.parties), p.parties);
    }

    /** A DP job's (epsilon, delta): both required. */
    private static Privacy privacy(Params p) {
        return new Privacy(p.real("epsilon", -1, 1e-3, 100), p.real("delta", -1, 1e-15, 0.1));
    }

    private static DpHistogramJob dpHistogram(Params p) {
        String dataset = DataDir.checkName("dataset", p.string("dataset", null));
        String column = p.string("column", null);
        String v = p.string("edges", null);
        double[] edges;
        try {
            edges = Arrays.stream(v.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            edges = new double[0];
        }
        boolean increasing = edges.length >= 2 && edges.length <= 1001;
        for (int i = 1; increasing && i < edges.length; i++) {
            increasing = edges[i] > edges[i - 1] && Double.isFinite(edges[i]);
        }
        if (!increasing) {
            throw new SpecException("edges", "2 to 1001 comma-separated increasing numbers (the bins' bounds)");
        }
        int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
        Privacy privacy = privacy(p);
        DpHistogramJob job = new DpHistogramJob(dataset, column, edges, rows, p.party("resultParty", 0), privacy, p.parties);
        noiseWithinLimits(p, edges.length - 1, () -> job.coins());
        return job;
    }

    private static DpSumJob dpSum(boolean mean, Params p) {
        String dataset = DataDir.checkName("dataset", p.string("dataset", null));
        String column = p.string("column", null);
        double lower = p.real("lower", Double.NaN, -1e9, 1e9);
        double upper = p.real("upper", Double.NaN, -1e9, 1e9);
        if (!(upper > lower)) {
            throw new SpecException("upper", "a number above lower (the clamp range of one row's value)");
        }
        int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
        long total = Arrays.stream(rows).asLongStream().sum();
        // the clamped total must stay far inside the ring: |sum| 2^f < 2^60 at the largest fractional bits
        if (total * Math.max(Math.abs(lower), Math.abs(upper)) >= Math.scalb(1.0, 60 - FixedPoint.MAX_FRACTIONAL_BITS)) {
            throw new SpecException("upper", "bounds whose largest magnitude times the rows stays below 2^"
                    + (60 - FixedPoint.MAX_FRACTIONAL_BITS));
        }
        DpSumJob job = new DpSumJob(mean, dataset, column, lower, upper, rows, p.party("resultParty", 0), privacy(p), p.parties);
        noiseWithinLimits(p, 1, () -> job.coins(FixedPoint.DEFAULT_FRACTIONAL_BITS));
        return job;
    }

    private static DpLinearRegressionJob dpLinearRegression(Params p) {
        String dataset = DataDir.checkName("dataset", p.string("dataset", null));
        String[] features = features(p);
        String target = p.string("target", null);
        org.consortia.mpc.protocols.analysis.DpLinearRegression.Bounds[] bounds = bounds(p, "featureBounds", features.length);
        var targetBounds = bounds(p, "targetBounds", 1)[0];
        int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
        long total = Arrays.stream(rows).asLongStream().sum();
        if (total * (long) (features.length + 1) > p.limits.maxElements()) {
            throw new SpecException("rows", "rows times (features + 1) within this node's element limit");
        }
        Privacy privacy = privacy(p);
        double ridge = p.real("ridge", 1.0, 0, 1e9);
        try {
            org.consortia.mpc.protocols.analysis.DpLinearRegression.sigma(features.length, privacy.epsilon(), privacy.delta());
        } catch (IllegalArgumentException e) {
            throw new SpecException("epsilon", "a larger epsilon or delta");
        }
        return new DpLinearRegressionJob(dataset, features, target, bounds, targetBounds, rows, ridge, p.party("resultParty", 0),
                privacy, p.parties);
    }

    private static DpLogisticRegressionJob dpLogisticRegression(Params p) {
        String dataset = DataDir.checkName("dataset", p.string("dataset", null));
        String[] features = features(p);
        String target = p.string("target", null);
        var bounds = bounds(p, "featureBounds", features.length);
        int[] rows = p.integers("rows", p.parties, 1, p.limits.maxRows());
        long total = Arrays.stream(rows).asLongStream().sum();
        if (total * (long) (features.length + 1) > p.limits.maxElements()) {
            throw new SpecException("rows", "rows times (features + 1) within this node's element limit");
        }
        int steps = p.integer("steps", Math.min(30, p.limits.maxIterations()), 1, p.limits.maxIterations());
        if ((double) steps * total * (features.length + 1) > SpecLimits.MAX_MATMUL_WORK) {
            throw new SpecException("steps", "steps x rows x (features + 1) of at most " + SpecLimits.MAX_MATMUL_WORK);
        }
        double lr = p.real("lr", 4.0, 1e-6, 1e3);
        double clip = p.real("clip", 1.0, 1e-3, 1e3);
        Privacy privacy = privacy(p);
        try {
            org.consortia.mpc.protocols.analysis.DpLogisticRegression.sigma(features.length, clip, steps, privacy.epsilon(),
                    privacy.delta());
        } catch (IllegalArgumentException e) {
            throw new SpecException("epsilon", "a larger epsilon or delta, or fewer steps");
        }
        return new DpLogisticRegressionJob(dataset, features, target, bounds, rows, steps, lr, clip, p.party("resultParty", 0),
                privacy, p.parties);
    }

    private static DpSecureSumJob dpSecureSum(boolean mean, Params p) {
        String input = DataDir.checkName("input", p.string("input", null));
        int length = p.integer("length", -1, 1, (int) Math.min(org.consortia.mpc.protocols.analysis.DpAggregation.MAX_LENGTH,
                p.limits.maxElements() / Math.max(1, p.parties)));
        double clip = p.real("clip", Double.NaN, Math.scalb(1.0, -8), 4096);
        double bound = p.real("bound", Double.NaN, 1e-6, 1e6);
        if (!org.consortia.mpc.protocols.analysis.DpAggregation.inRange(length, bound)) {
            throw new SpecException("bound", "a bound on every entry with length times bound^2 below 2^22");
        }
        Privacy privacy = privacy(p);
        try {
            org.consortia.mpc.protocols.analysis.DpAggregation.sigma(length, clip, bound, FixedPoint.DEFAULT_FRACTIONAL_BITS,
                    privacy.epsilon(), privacy.delta());
        } catch (IllegalArgumentException e) {
            throw new SpecException("epsilon", "a larger epsilon or delta");
        }
        return new DpSecureSumJob(mean, input, length, clip, bound, p.party("resultParty", 0), privacy, p.parties);
    }

    /** 1 to 64 comma-separated column names. */
    private static String[] features(Params p) {
        String[] features = Arrays.stream(p.string("features", null).split(",")).map(String::trim).toArray(String[]::new);
        if (features.length < 1 || features.length > 64 || Arrays.stream(features).anyMatch(String::isEmpty)) {
            throw new SpecException("features", "1 to 64 comma-separated column names");
        }
        return features;
    }

    /** {@code count} public clamp ranges "lo:hi,lo:hi,...". */
    private static org.consortia.mpc.protocols.analysis.DpLinearRegression.Bounds[] bounds(Params p, String key, int count) {
        String[] parts = p.string(key, null).split(",");
        var out = new org.consortia.mpc.protocols.analysis.DpLinearRegression.Bounds[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                String[] lh = parts[i].trim().split(":");
                double lo = Double.parseDouble(lh[0].trim());
                double hi = Double.parseDouble(lh[1].trim());
                if (lh.length != 2 || Math.abs(lo) > 1e9 || Math.abs(hi) > 1e9) {
                    throw new NumberFormatException();
                }
                out[i] = new org.consortia.mpc.protocols.analysis.DpLinearRegression.Bounds(lo, hi);
            }
        } catch (RuntimeException e) {
            throw new SpecException(key, count + " comma-separated ranges lower:upper (lower < upper, |values| <= 1e9)");
        }
        if (out.length != count) {
            throw new SpecException(key, count + " comma-separated ranges lower:upper");
        }
        return out;
    }

    /** The noise a DP job needs must be within the mechanism's limits and this node's element limit. */
    private static void noiseWithinLimits(Params p, int values, java.util.function.IntSupplier coins) {
        long c;
        try {
            c = coins.getAsInt();
        } catch (IllegalArgumentException e) {
            throw new SpecException("epsilon", "a larger epsilon or delta (the noise needed is over the mechanism's limit)");
        }
        if (c * values > p.limits.maxElements() || c * values > (1 << 26)) {
            throw new SpecException("epsilon", "a larger epsilon or delta, or fewer bins (the noise needs "
                    + "more coins than this node's limits)");
        }
    }

    /** The number of elements of a tensor of {@code dims}, refusing non-positive or oversized dimensions. */
    private static long size(int[] dims, long max) {
        long n = 1;
        for (int d : dims) {
            if (d < 1 || (n = d > max / n ? Long.MAX_VALUE : n * d) > max) { // n <= max, so n * d cannot overflow
                throw new SpecException("architecture", "tensor dimensions that are positive and at most " + max + " elements");
            }
        }
        return n;
    }

    /** Reads parameters, remembering which were used. */
    private static final class Params {
        private final Map<String, String> map;
        private final int parties;
        private final List<String> members;
        private final SpecLimits limits;
        private final Set<String> used = new TreeSet<>(Set.of("fractionalBits", "offline", "comparisons",
                "security"));

        Params(Map<String, String> map, List<String> members, SpecLimits limits) {
            this.map = map;
            this.parties = members.size();
            this.members = members;
            this.limits = limits;
        }

        String optional(String key) {
            used.add(key);
            String v = map.get(key);
            return v == null || v.isBlank() ? null : v.trim();
        }

        String string(String key, String fallback) {
            String v = optional(key);
            if (v == null && fallback == null) {
                throw new SpecException(key, "a value (the parameter is missing)");
            }
            return v == null ? fallback : v;
        }

        int integer(String key, int fallback, int min, int max) {
            String v = optional(key);
            if (v == null) {
                if (fallback < min) {
                    throw new SpecException(key, "an integer in " + min + ".." + max + " (the parameter is missing)");
                }
                return fallback;
            }
            try {
                int i = Integer.parseInt(v);
                if (i >= min && i <= max) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
            throw new SpecException(key, "an integer in " + min + ".." + max);
        }

        int[] integers(String key, int count, int min, long max) {
            String v = string(key, null);
            String expected = count + " comma-separated integer" + (count == 1 ? "" : "s") + " in " + min + ".." + max;
            try {
                int[] out = Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
                if (out.length == count && Arrays.stream(out).allMatch(i -> i >= min && i <= max)) {
                    return out;
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
            throw new SpecException(key, expected);
        }

        /** A number in [min, max]; a fallback outside that range (NaN, say) makes the parameter required. */
        double real(String key, double fallback, double min, double max) {
            String v = optional(key);
            if (v == null) {
                if (!(fallback >= min && fallback <= max)) {
                    throw new SpecException(key, "a number in " + min + ".." + max + " (the parameter is missing)");
                }
                return fallback;
            }
            try {
                double d = Double.parseDouble(v);
                if (d >= min && d <= max) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
            throw new SpecException(key, "a number in " + min + ".." + max);
        }

        int party(String key, int fallback) {
            return integer(key, fallback, 0, parties - 1);
        }

        void fractionalBits() {
            integer("fractionalBits", FixedPoint.DEFAULT_FRACTIONAL_BITS, FixedPoint.MIN_FRACTIONAL_BITS,
                    FixedPoint.MAX_FRACTIONAL_BITS);
        }

        void offline() {
            String v = optional("offline");
            if (v != null && org.consortia.mpc.config.OfflineMode.of(v.trim()) == null) {
                throw new SpecException("offline", "dealer or ot (where the correlated randomness comes from; default: the "
                        + "consortium's protocol.offline)");
            }
        }

        void comparisons() {
            String v = optional("comparisons");
            if (v != null && org.consortia.mpc.config.ComparisonMode.of(v) == null) {
                throw new SpecException("comparisons", "boolean, fss or auto (how the job's comparisons run; default: the "
                        + "consortium's protocol.comparisons)");
            }
        }

        void security() {
            String v = optional("security");
            if (v != null && org.consortia.mpc.config.SecurityMode.of(v) == null) {
                throw new SpecException("security", "semi-honest or malicious (against whom the job is secure; default: "
                        + "the consortium's protocol.security)");
            }
        }

        void refuseUnknown() {
            for (String k : map.keySet()) {
                if (!used.contains(k)) {
                    throw new SpecException(k, "no such parameter (known: " + String.join(", ", used) + ")");
                }
            }
        }
    }
}
