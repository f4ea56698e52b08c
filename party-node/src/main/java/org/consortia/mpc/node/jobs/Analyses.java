package org.consortia.mpc.node.jobs;

import java.io.IOException;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.demo.Csv;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * The analyses a node can take part in, by name. Each builds the same SPMD program at every node from the
 * job's public parameters; a party reads only its own files, from its data directory.
 */
public final class Analyses {
    public static final List<String> NAMES = List.of("linear-regression", "logistic-regression", "vertical-regression",
            "inference", "secure-sum", "matmul-loop");

    private Analyses() {
    }

    public static JointProgram<double[]> create(JobSpec spec, NodeConfig node) {
        return switch (spec.analysis()) {
            case "vertical-regression" -> verticalRegression(spec, node);
            case "matmul-loop" -> matmulLoop(spec);
            case "inference" -> inference(spec, node);
            case "linear-regression", "logistic-regression" -> regression(spec, node);
            case "secure-sum" -> secureSum(spec, node);
            default -> throw new IllegalArgumentException("unknown analysis '" + spec.analysis() + "'; known: "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * Linear regression on data split by columns: party i holds {@code columns[i]} features of the same
     * {@code rows} rows (aligned by row order), {@code targetParty} also holds the outcome column
     * {@code target}. Each party standardizes its features (and centres the outcome) locally; the stacked
     * matrix Z = [X | y] is formed from shares, Z'Z is one secure matrix product, revealed only to
     * {@code resultParty}, which solves the normal equations. Reveals Z'Z (the pooled Gram matrix) to the
     * result party and nothing to anyone else. Result: the coefficients on standardized features.
     */
    static JointProgram<double[]> verticalRegression(JobSpec spec, NodeConfig node) {
        int parties = node.consortium().partyCount();
        int rows = spec.intParam("rows", -1);
        int[] cols = Arrays.stream(spec.param("columns").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        if (rows <= 0 || cols.length != parties) {
            throw new IllegalArgumentException("vertical-regression: need rows > 0 and one column count per party ("
                    + parties + "), got rows=" + rows + ", columns=" + spec.param("columns"));
        }
        int targetParty = spec.intParam("targetParty", parties - 1);
        int resultParty = spec.intParam("resultParty", targetParty);
        String target = spec.param("target", "target");
        String dataset = spec.param("dataset");
        int p = Arrays.stream(cols).sum();
        return party -> {
            int self = party.id();
            double[] mine = null;
            double[] y = null;
            if (self < parties) {
                Csv csv = Csv.read(node.dataDir().resolve(dataset));
                int t = csv.header().indexOf(target);
                int features = csv.header().size() - (self == targetParty ? 1 : 0);
                if (self == targetParty && t != csv.header().size() - 1) {
                    throw new IOException(csv.file() + ": the outcome column '" + target + "' must be the last column");
                }
                if (csv.rows().length != rows || features != cols[self]) {
                    throw new IOException(csv.file() + ": has " + csv.rows().length + " rows and " + features
                            + " feature columns; the job declares " + rows + " rows and " + cols[self]);
                }
                mine = csv.standardized(0, features);
                y = self == targetParty ? csv.centred(t) : null;
            }
            SecretTensor z = null;
            for (int i = 0; i < parties; i++) {
                if (cols[i] > 0) {
                    SecretTensor xi = party.input(i, Shape.matrix(rows, cols[i]), i == self ? mine : null);
                    z = z == null ? xi : z.concat(1, xi);
                }
            }
            SecretTensor yt = party.input(targetParty, Shape.matrix(rows, 1), y);
            z = z == null ? yt : z.concat(1, yt);
            double[] gram = z.transpose().matmul(z).revealTo(resultParty);
            return gram == null ? null : solve(gram, p);
        };
    }

    /** What a job uses and reveals, for the nodes' policy checks and audit records. */
    public record Facts(java.util.Map<Integer, String> inputs, long rows, List<Integer> recipients) {
    }

    /** Which party contributes which dataset, how many rows stand behind the result, and who receives it. */
    public static Facts facts(JobSpec spec, org.consortia.mpc.config.ConsortiumConfig c) {
        int parties = c.partyCount();
        java.util.Map<Integer, String> in = new java.util.TreeMap<>();
        List<Integer> all = java.util.stream.IntStream.range(0, parties).boxed().toList();
        return switch (spec.analysis()) {
            case "linear-regression", "logistic-regression" -> {
                boolean byRows = spec.param("partition", "rows").equals("rows");
                int[] rows = ints(spec.param("rows"));
                int[] cols = ints(spec.param("columns"));
                int target = spec.intParam("targetParty", parties - 1);
                for (int k = 0; k < parties; k++) {
                    if (byRows || (k < cols.length && cols[k] > 0) || k == target) {
                        in.put(k, spec.param("dataset"));
                    }
                }
                yield new Facts(in, Arrays.stream(byRows ? rows : new int[] {rows[0]}).asLongStream().sum(),
                        List.of(spec.intParam("resultParty", 0)));
            }
            case "vertical-regression" -> {
                all.forEach(k -> in.put(k, spec.param("dataset")));
                int target = spec.intParam("targetParty", parties - 1);
                yield new Facts(in, spec.intParam("rows", 0), List.of(spec.intParam("resultParty", target)));
            }
            case "inference" -> {
                int dataOwner = spec.intParam("dataOwner", parties - 1);
                in.put(spec.intParam("modelOwner", 0), spec.param("model"));
                in.merge(dataOwner, spec.param("input"), (a, b) -> a + "," + b);
                yield new Facts(in, spec.intParam("rows", 0), List.of(dataOwner));
            }
            case "secure-sum" -> {
                all.forEach(k -> in.put(k, spec.param("input")));
                yield new Facts(in, parties, List.of(spec.intParam("resultParty", 0)));
            }
            case "matmul-loop" -> new Facts(in, 0, all);
            default -> throw new IllegalArgumentException("unknown analysis '" + spec.analysis() + "'; known: "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * Completes a spec at the node it is submitted to, before it is announced: for inference, the model owner
     * adds the model's architecture (shapes only), so the other parties never need the weights.
     */
    public static JobSpec prepare(JobSpec spec, NodeConfig node) {
        if (!spec.analysis().equals("inference") || spec.params().containsKey("architecture")) {
            return spec;
        }
        int owner = spec.intParam("modelOwner", 0);
        if (node.self().id() != owner) {
            throw new IllegalArgumentException("inference: submit the job to the model owner (party " + owner
                    + "), which announces the model's architecture");
        }
        org.consortia.mpc.protocols.nn.Model m = org.consortia.mpc.protocols.nn.OnnxImport.load(
                node.dataDir().resolve(spec.param("model")));
        java.util.Map<String, String> p = new java.util.TreeMap<>(spec.params());
        p.put("architecture", ArchitectureJson.encode(m).encode());
        return new JobSpec(spec.analysis(), p);
    }

    /**
     * Secure inference: the model owner's ONNX file (param {@code model}, in its data directory) against the data
     * owner's CSV of inputs (param {@code input}: no header, one flattened sample per row, {@code rows} rows);
     * the outputs are revealed to the data owner only.
     */
    static JointProgram<double[]> inference(JobSpec spec, NodeConfig node) {
        int parties = node.consortium().partyCount();
        int modelOwner = spec.intParam("modelOwner", 0);
        int dataOwner = spec.intParam("dataOwner", parties - 1);
        int rows = spec.intParam("rows", -1);
        if (rows < 1) {
            throw new IllegalArgumentException("inference: parameter rows must be >= 1");
        }
        String arch = spec.params().get("architecture");
        org.consortia.mpc.protocols.nn.Model architecture;
        try {
            architecture = arch == null ? null : ArchitectureJson.decode(new io.vertx.core.json.JsonObject(arch));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("inference: the job's model architecture is malformed (" + e.getMessage() + ")");
        }
        return party -> {
            int self = party.id();
            org.consortia.mpc.protocols.nn.Model model = self == modelOwner
                    ? org.consortia.mpc.protocols.nn.OnnxImport.load(node.dataDir().resolve(spec.param("model")))
                    : architecture;
            if (model == null) {
                throw new IllegalArgumentException("inference: the job carries no model architecture");
            }
            double[] x = null;
            if (self == dataOwner) {
                x = readRows(node.dataDir().resolve(spec.param("input")), rows, model.inputSize());
            }
            return org.consortia.mpc.protocols.nn.SecureInference.run(party.backend(), model, modelOwner, dataOwner, rows, x)
                    .revealTo(dataOwner);
        };
    }

    /** Reads a header-less CSV of {@code rows} rows of {@code width} numbers; errors name the file, row and column. */
    static double[] readRows(java.nio.file.Path file, int rows, int width) throws IOException {
        double[][] table = org.consortia.mpc.runtime.demo.Csv.readRows(file, width);
        if (table.length != rows) {
            throw new IOException(file + ": has " + table.length + " rows, the job declares " + rows);
        }
        double[] x = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(table[r], 0, x, r * width, width);
        }
        return x;
    }

    /**
     * Secure sum of one vector per contributing party (param {@code input}: a one-row CSV in each party's data
     * directory, {@code length} values), revealed to {@code resultParty} only, refused below
     * {@code minContributors}.
     */
    static JointProgram<double[]> secureSum(JobSpec spec, NodeConfig node) {
        int parties = node.consortium().partyCount();
        int length = spec.intParam("length", -1);
        int result = spec.intParam("resultParty", 0);
        int min = spec.intParam("minContributors", parties);
        int[] all = java.util.stream.IntStream.range(0, parties).toArray();
        return party -> {
            double[] mine = party.id() < parties ? readRows(node.dataDir().resolve(spec.param("input")), 1, length) : null;
            return org.consortia.mpc.protocols.analysis.SecureAggregation.sum(party.backend(), all, length, mine, min)
                    .revealTo(result);
        };
    }

    /**
     * Linear (ridge) or logistic regression over a dataset split across the parties, by {@code partition=rows}
     * (every party holds rows with the same columns; {@code rows} = each party's row count, {@code columns} = the
     * number of features) or {@code partition=columns} (each party holds some columns of the same rows, aligned
     * by the {@code key} column; {@code rows} = the row count, {@code columns} = each party's feature count; the
     * outcome {@code target} is at {@code targetParty}). The fitted model goes to {@code resultParty} only:
     * linear: [standardized coefficients, coefficients, intercept, R^2]; logistic: [weights, bias].
     */
    static JointProgram<double[]> regression(JobSpec spec, NodeConfig node) {
        int parties = node.consortium().partyCount();
        boolean byRows = spec.param("partition", "rows").equals("rows");
        if (!byRows && !spec.param("partition").equals("columns")) {
            throw new IllegalArgumentException("regression: partition must be rows or columns, got " + spec.param("partition"));
        }
        int[] rows = ints(spec.param("rows"));
        int[] cols = ints(spec.param("columns"));
        if (byRows ? rows.length != parties || cols.length != 1 : rows.length != 1 || cols.length != parties) {
            throw new IllegalArgumentException("regression: by rows give one row count per party and one feature count; by "
                    + "columns give one row count and one feature count per party");
        }
        String dataset = spec.param("dataset");
        String target = spec.param("target");
        String key = spec.params().get("key");
        if (!byRows && key == null) {
            throw new IllegalArgumentException("regression by columns needs the key column that aligns the rows (param key)");
        }
        int targetParty = spec.intParam("targetParty", parties - 1);
        int resultParty = spec.intParam("resultParty", 0);
        boolean logistic = spec.analysis().equals("logistic-regression");
        return party -> {
            int self = party.id();
            Datasets.Table table = null;
            if (self < parties) {
                table = Datasets.load(node.dataDir(), dataset);
                if (!byRows) {
                    table = table.sortedBy(key);
                }
            }
            SecretTensor x = null;
            SecretTensor y = null;
            if (byRows) {
                int p = cols[0];
                for (int k = 0; k < parties; k++) {
                    double[] xs = null;
                    double[] ys = null;
                    if (k == self) {
                        double[][] feats = table.without(target, key);
                        check(table, feats, rows[k], p);
                        xs = flat(feats);
                        ys = table.columnValues(target);
                    }
                    SecretTensor xk = party.input(k, Shape.matrix(rows[k], p), xs);
                    SecretTensor yk = party.input(k, Shape.matrix(rows[k], 1), ys);
                    x = x == null ? xk : x.concat(0, xk);
                    y = y == null ? yk : y.concat(0, yk);
                }
            } else {
                int n = rows[0];
                checkSameKeys(party, parties, table == null ? 0 : Datasets.keyHash(table.columnValues(key)));
                for (int k = 0; k < parties; k++) {
                    double[] xs = null;
                    if (k == self) {
                        double[][] feats = table.without(key, k == targetParty ? target : null);
                        check(table, feats, n, cols[k]);
                        xs = flat(feats);
                    }
                    if (cols[k] > 0) {
                        SecretTensor xk = party.input(k, Shape.matrix(n, cols[k]), xs);
                        x = x == null ? xk : x.concat(1, xk);
                    }
                }
                y = party.input(targetParty, Shape.matrix(n, 1), self == targetParty ? table.columnValues(target) : null);
            }
            if (logistic) {
                var fit = org.consortia.mpc.protocols.analysis.LogisticRegression.fit(x, y, spec.intParam("epochs", 5),
                        spec.intParam("batch", 32), Double.parseDouble(spec.param("lr", "0.5")),
                        Double.parseDouble(spec.param("l2", "0")), false, resultParty);
                if (fit == null) {
                    return null;
                }
                double[] out = java.util.Arrays.copyOf(fit.weights(), fit.weights().length + 1);
                out[out.length - 1] = fit.bias();
                return out;
            }
            var fit = org.consortia.mpc.protocols.analysis.LinearRegression.fit(x, y,
                    Double.parseDouble(spec.param("lambda", "0")), spec.intParam("iterations", 40), resultParty);
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
        };
    }

    /** Every party inputs a hash of its sorted keys; one zero test per party against party 0's; only equal/unequal opens. */
    private static void checkSameKeys(org.consortia.mpc.runtime.Party party, int parties, long myHash) {
        SecretTensor first = party.inputIntegers(0, Shape.vector(1), party.id() == 0 ? new long[] {myHash} : null);
        for (int k = 1; k < parties; k++) {
            SecretTensor hk = party.inputIntegers(k, Shape.vector(1), party.id() == k ? new long[] {myHash} : null);
            double[] same = hk.sub(first).isZero().reveal();
            party.require(same[0] == 1.0, "the parties hold different keys: party " + k
                    + "'s key column does not match party 0's (rows cannot be aligned)");
        }
    }

    private static void check(Datasets.Table t, double[][] feats, int rows, int cols) throws IOException {
        if (feats.length != rows || (feats.length > 0 && feats[0].length != cols)) {
            throw new IOException(t.file() + ": has " + feats.length + " rows and " + (feats.length == 0 ? 0 : feats[0].length)
                    + " feature columns; the job declares " + rows + " rows and " + cols + " feature columns");
        }
    }

    private static double[] flat(double[][] m) {
        int c = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * c];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * c, c);
        }
        return out;
    }

    private static int[] ints(String csv) {
        try {
            return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected comma-separated integers, got '" + csv + "'");
        }
    }

    /** Solves G_xx b = G_xy from the (p+1)x(p+1) Gram matrix of [X | y]. */
    static double[] solve(double[] gram, int p) {
        double[][] a = new double[p][p];
        double[] c = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                a[i][j] = gram[i * (p + 1) + j];
            }
            c[i] = gram[i * (p + 1) + p];
        }
        return new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().solve(new ArrayRealVector(c)).toArray();
    }

    /**
     * A load generator for tests and operations: party 0 and the last party input public synthetic
     * {@code size x size} matrices and multiply them {@code iterations} times; the sum of all products is
     * revealed to every party.
     */
    static JointProgram<double[]> matmulLoop(JobSpec spec) {
        int size = spec.intParam("size", 64);
        int iterations = spec.intParam("iterations", 10);
        double[] a = new double[size * size];
        double[] b = new double[size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i) * 2;
            b[i] = Math.cos(i * 0.5);
        }
        return party -> {
            int last = party.parties() - 1;
            SecretTensor x = party.input(0, Shape.matrix(size, size), a);
            SecretTensor w = party.input(last, Shape.matrix(size, size), b);
            SecretTensor acc = x.matmul(w);
            for (int i = 1; i < iterations; i++) {
                acc = acc.add(x.matmul(w));
            }
            return acc.sum().reveal();
        };
    }

    /** The plaintext reference of {@link #matmulLoop}. */
    public static double matmulLoopReference(int size, int iterations) {
        double s = 0;
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < size; k++) {
                double av = Math.sin(i * size + k) * 2;
                for (int j = 0; j < size; j++) {
                    s += av * Math.cos((k * size + j) * 0.5);
                }
            }
        }
        return s * iterations;
    }

}
