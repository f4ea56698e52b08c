package org.consortia.mpc.tools.bench;

import java.util.SplittableRandom;

import org.consortia.mpc.analyses.relational.SecretJoin;
import org.consortia.mpc.analyses.stats.LinearRegression;
import org.consortia.mpc.analyses.stats.LogisticRegression;
import org.consortia.mpc.analyses.stats.SecureAggregation;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.PlainInference;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.inference.trees.SecureTrees;
import org.consortia.mpc.inference.trees.TreeEnsemble;
import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.Checker;
import org.consortia.mpc.programs.Context;
import org.consortia.mpc.programs.Evaluator;
import org.consortia.mpc.programs.LinregProgram;
import org.consortia.mpc.programs.ProgramLimits;
import org.consortia.mpc.programs.RowBlocks;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.Partitions;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.link.EcdhLinkage;
import org.consortia.mpc.runtime.link.LinkKeys;
import org.consortia.mpc.runtime.link.OprfLinkage;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.RingMatmul;
import org.consortia.mpc.sharing.ring.Shape;
import org.consortia.mpc.tools.infer.MnistAgreement;

/**
 * One canonical benchmark operation (DESIGN.md): the secure program (returning this party's shares of the
 * result, so that opening it is not timed), the exact double-precision result for the error column, and
 * the same computation in plaintext on {@code long[]} for the roofline. The exact result may depend on the
 * number of parties (secure_sum).
 */
record BenchOp(String name, String shape, JointProgram<long[]> program, java.util.function.IntFunction<double[]> exact,
        Runnable plaintext, int fractionalBits, Extent extent) {

    /**
     * How a job-sized op is measured: the outputs checked against the exact result, the items (images, rows,
     * elements) per run for an items/s figure (0: none), whether outputs are class labels (then the report gives the
     * share of labels equal to plaintext's), and at most how many reps (a run of a job-sized op takes seconds).
     */
    record Extent(int checkedOutputs, long items, boolean labels, int maxReps) {
        static final Extent KERNEL = new Extent(1000, 0, false, Integer.MAX_VALUE);
    }

    BenchOp(String name, String shape, JointProgram<long[]> program, java.util.function.IntFunction<double[]> exact,
            Runnable plaintext) {
        this(name, shape, program, exact, plaintext, FixedPoint.DEFAULT_FRACTIONAL_BITS, Extent.KERNEL);
    }

    BenchOp(String name, String shape, JointProgram<long[]> program, java.util.function.IntFunction<double[]> exact,
            Runnable plaintext, int fractionalBits) {
        this(name, shape, program, exact, plaintext, fractionalBits, Extent.KERNEL);
    }

    static BenchOp of(String name, FixedPoint fp) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        return switch (name) {
            case "mul" -> mul(fp, r, 1_000_000);
            case "matmul128" -> matmul(name, fp, r, 128);
            case "matmul256" -> matmul(name, fp, r, 256);
            case "relu" -> relu(fp, r, Integer.getInteger("mpc.bench.relu.n", 100_000));
            case "maxpool" -> maxpool(fp, r);
            case "argmax" -> argmax(fp, r);
            case "sigmoid" -> sigmoid(fp, 10_000);
            case "gelu" -> gelu(fp, 10_000);
            case "lenet1" -> model(name, "data/models/mnist_lenet_dyn.onnx", mnist(1), 1, fp);
            case "lenet64" -> model(name, "data/models/mnist_lenet_dyn.onnx", mnist(64), 64, fp);
            case "mlp1" -> model(name, "data/models/mnist_mlp_dyn.onnx", mnist(1), 1, fp);
            case "resnet18" -> model(name, "data/models/resnet18_cifar_dyn.onnx", stored("resnet18_cifar", 1), 1, fp);
            case "resnet18x16" -> model(name, "data/models/resnet18_cifar_dyn.onnx", stored("resnet18_cifar", 16), 16, fp);
            case "mobilenetv2" -> model(name, "data/models/mobilenetv2_dyn.onnx", stored("mobilenetv2", 1), 1, fp);
            case "squeezenet" -> model(name, "data/models/squeezenet11_dyn.onnx", stored("squeezenet11", 1), 1, fp);
            case "transformer" -> model(name, "data/models/transformer_dyn.onnx", stored("transformer", 1), 1, fp);
            case "digits1" -> model(name, "data/models/digits_cnn_dyn.onnx", digits(), 1, fp);
            case "linreg_infer" -> model(name, "data/models/diabetes_linreg_dyn.onnx", diabetes(), 1, fp);
            case "secure_sum" -> secureSum(fp, r, 1_000_000);
            case "lenet10k" -> lenetJob(fp, 10_000);
            case "linreg1m" -> linregJob(1_000_000, 20);
            case "sum10m" -> sumJob(fp, 10_000_000);
            case "linreg_train" -> linregTrain();
            case "program_linreg" -> programLinreg();
            case "link_ecdh" -> link("link_ecdh", Integer.getInteger("mpc.bench.link.keys", 1 << 20),
                    EcdhLinkage::link, 3);
            case "link_oprf" -> link("link_oprf", Integer.getInteger("mpc.bench.link.keys", 1 << 20),
                    OprfLinkage::link, 10);
            case "link_secret" -> linkSecret(Integer.getInteger("mpc.bench.link.secret.keys", 1 << 12));
            case "query_bank_insurer" -> QueryBench.op(Integer.getInteger("mpc.bench.query.rows", 1_000_000));
            case "rf100" -> randomForest(r, 100, 8, 30, Integer.getInteger("mpc.bench.rf100.rows", 1000));
            case "logreg_train" -> logregTrain();
            case "gbdt_train" -> GbdtBench.op();
            default -> throw new IllegalArgumentException("unknown op '" + name + "'; known: " + String.join(", ", Bench.ALL_OPS) + ", "
                    + String.join(", ", Bench.JOB_OPS));
        };
    }

    private static double[] uniform(SplittableRandom r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    private static BenchOp mul(FixedPoint fp, SplittableRandom r, int n) {
        double[] x = uniform(r, n, -100, 100);
        double[] y = uniform(r, n, -100, 100);
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            exact[i] = x[i] * y[i];
        }
        long[] ex = fp.encode(x);
        long[] ey = fp.encode(y);
        int f = fp.fracBits();
        Runnable plain = () -> {
            long[] z = new long[n];
            for (int i = 0; i < n; i++) {
                z[i] = (ex[i] * ey[i]) >> f;
            }
            Sink.consume(z);
        };
        Shape s = Shape.vector(n);
        return new BenchOp("mul", "[" + n + "]", p -> p.input(0, s, x).mul(p.input(1, s, y)).share(), parties -> exact, plain);
    }

    private static BenchOp matmul(String name, FixedPoint fp, SplittableRandom r, int n) {
        double[] a = uniform(r, n * n, -4, 4);
        double[] b = uniform(r, n * n, -4, 4);
        double[] exact = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double av = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    exact[i * n + j] += av * b[k * n + j];
                }
            }
        }
        long[] ea = fp.encode(a);
        long[] eb = fp.encode(b);
        int f = fp.fracBits();
        Runnable plain = () -> {
            long[] z = RingMatmul.multiply(ea, eb, n, n, n);
            for (int i = 0; i < z.length; i++) {
                z[i] >>= f;
            }
            Sink.consume(z);
        };
        Shape s = Shape.matrix(n, n);
        return new BenchOp(name, "[" + n + "," + n + "]x[" + n + "," + n + "]",
                p -> p.input(0, s, a).matmul(p.input(1, s, b)).share(), parties -> exact, plain);
    }

    private static BenchOp relu(FixedPoint fp, SplittableRandom r, int n) {
        double[] x = uniform(r, n, -10, 10);
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            exact[i] = Math.max(0, x[i]);
        }
        long[] ex = fp.encode(x);
        Runnable plain = () -> {
            long[] z = new long[n];
            for (int i = 0; i < n; i++) {
                z[i] = Math.max(0, ex[i]);
            }
            Sink.consume(z);
        };
        Shape s = Shape.vector(n);
        return new BenchOp("relu", "[" + n + "]", p -> p.input(0, s, x).relu().share(), parties -> exact, plain);
    }

    private static BenchOp maxpool(FixedPoint fp, SplittableRandom r) {
        int b = 64;
        int c = 6;
        int h = 24;
        double[] x = uniform(r, b * c * h * h, -10, 10);
        long[] ex = fp.encode(x);
        int o = h / 2;
        double[] exact = new double[b * c * o * o];
        long[] z = new long[exact.length];
        Runnable plain = () -> {
            for (int pl = 0; pl < b * c; pl++) {
                for (int y = 0; y < o; y++) {
                    for (int xx = 0; xx < o; xx++) {
                        int base = (pl * h + 2 * y) * h + 2 * xx;
                        z[(pl * o + y) * o + xx] = Math.max(Math.max(ex[base], ex[base + 1]), Math.max(ex[base + h], ex[base + h + 1]));
                    }
                }
            }
            Sink.consume(z);
        };
        plain.run();
        for (int i = 0; i < z.length; i++) {
            exact[i] = fp.decode(z[i]);
        }
        Shape s = Shape.of(b, c, h, h);
        return new BenchOp("maxpool", "[64,6,24,24] k2 s2", p -> p.input(0, s, x).maxPool2d(2, 2, 0).share(), parties -> exact, plain);
    }

    private static BenchOp argmax(FixedPoint fp, SplittableRandom r) {
        int rows = 64;
        int k = 10;
        double[] x = uniform(r, rows * k, -10, 10);
        long[] ex = fp.encode(x);
        double[] exact = new double[rows];
        long[] z = new long[rows];
        Runnable plain = () -> {
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (ex[i * k + j] > ex[i * k + best]) {
                        best = j;
                    }
                }
                z[i] = best;
            }
            Sink.consume(z);
        };
        plain.run();
        for (int i = 0; i < rows; i++) {
            exact[i] = z[i] * fp.lsb(); // the secure result is an integer index, decoded at scale f by the harness
        }
        Shape s = Shape.matrix(rows, k);
        return new BenchOp("argmax", "[64,10]", p -> p.input(0, s, x).argmax().share(), parties -> exact, plain);
    }

    private static BenchOp sigmoid(FixedPoint fp, int n) {
        double[] x = new double[n];
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -10 + 20.0 * i / (n - 1);
            exact[i] = 1 / (1 + Math.exp(-x[i]));
        }
        double[] tmp = new double[n];
        Runnable plain = () -> {
            for (int i = 0; i < n; i++) {
                tmp[i] = 1 / (1 + Math.exp(-x[i]));
            }
            Sink.consume(fp.encode(tmp));
        };
        Shape s = Shape.vector(n);
        return new BenchOp("sigmoid", "[" + n + "] on [-10,10]", p -> p.input(0, s, x).sigmoid().share(), parties -> exact, plain);
    }

    /** GELU on 10,000 points of [-8, 8] (x Phi(x), Phi from Commons Math's erfc). */
    private static BenchOp gelu(FixedPoint fp, int n) {
        double[] x = new double[n];
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -8 + 16.0 * i / (n - 1);
            exact[i] = gelu(x[i]);
        }
        double[] tmp = new double[n];
        Runnable plain = () -> {
            for (int i = 0; i < n; i++) {
                tmp[i] = gelu(x[i]);
            }
            Sink.consume(fp.encode(tmp));
        };
        Shape s = Shape.vector(n);
        return new BenchOp("gelu", "[" + n + "] on [-8,8]", p -> p.input(0, s, x).gelu().share(), parties -> exact, plain);
    }

    private static double gelu(double x) {
        return x * 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
    }

    /**
     * Secure inference of an ONNX model: party 0 holds the weights, the last party the input; the result stays
     * shared (the harness reconstructs it for the error column). Plaintext time: the same fixed-point
     * computation on long[] (the plaintext backend).
     */
    private static BenchOp model(String name, String file, double[] x, int batch, FixedPoint fp) {
        Model m = OnnxImport.load(java.nio.file.Path.of(file));
        Model arch = m.architecture();
        double[] exact = PlainInference.run(m, batch, x);
        PlainBackend plainBackend = new PlainBackend(2, fp);
        Runnable plain = () -> Sink.consume(SecureInference.run(plainBackend, m, 0, 1, batch, x)
                .share());
        int[] in = m.inputDims();
        String shape = batch + "x" + java.util.Arrays.toString(in);
        return new BenchOp(name, shape, p -> {
            int owner = p.parties() - 1;
            return SecureInference.run(p.backend(), p.id() == 0 ? m : arch, 0, owner, batch,
                    p.id() == owner ? x : null).share();
        }, parties -> exact, plain);
    }

    private static double[] mnist(int n) {
        try {
            return MnistAgreement.readImages(
                    java.nio.file.Path.of("data/mnist/t10k-images-idx3-ubyte.gz"), n);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the MNIST test images: " + e.getMessage(), e);
        }
    }

    /** {@code n} inputs from a model's stored samples (data/models/NAME_expected.json), repeated as needed. */
    private static double[] stored(String name, int n) {
        String text;
        try {
            text = java.nio.file.Files.readString(java.nio.file.Path.of("data/models/" + name + "_expected.json"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the stored samples of " + name + ": " + e.getMessage(), e);
        }
        java.util.List<double[]> samples = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"input\":\\s*\\[([^\\]]*)\\]").matcher(text);
        while (m.find()) {
            samples.add(java.util.Arrays.stream(m.group(1).split(",")).mapToDouble(v -> Double.parseDouble(v.trim())).toArray());
        }
        int size = samples.get(0).length;
        double[] x = new double[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(samples.get(i % samples.size()), 0, x, i * size, size);
        }
        return x;
    }

    private static double[] digits() {
        try {
            var csv = Table.read(java.nio.file.Path.of("data/digits.csv"));
            double[] x = new double[64];
            for (int i = 0; i < 64; i++) {
                x[i] = csv.rows()[4][i] / 16.0;
            }
            return x;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read data/digits.csv: " + e.getMessage(), e);
        }
    }

    private static double[] diabetes() {
        try {
            var csv = Table.read(java.nio.file.Path.of("data/diabetes.csv"));
            double[] z = csv.standardized(0, 10);
            return java.util.Arrays.copyOfRange(z, 0, 10);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read data/diabetes.csv: " + e.getMessage(), e);
        }
    }

    /** Every party contributes a vector; the sum is opened to all, the shares are returned for the error column. */
    private static BenchOp secureSum(FixedPoint fp, SplittableRandom r, int n) {
        double[][] v = new double[16][];
        for (int i = 0; i < v.length; i++) {
            v[i] = uniform(r, n, -1, 1);
        }
        java.util.function.IntFunction<double[]> exact = parties -> {
            double[] s = new double[n];
            for (int i = 0; i < parties; i++) {
                for (int j = 0; j < n; j++) {
                    s[j] += v[i][j];
                }
            }
            return s;
        };
        long[][] enc = new long[v.length][];
        for (int i = 0; i < v.length; i++) {
            enc[i] = fp.encode(v[i]);
        }
        Runnable plain = () -> {
            long[] z = new long[n];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < n; j++) {
                    z[j] += enc[i][j];
                }
            }
            Sink.consume(z);
        };
        return new BenchOp("secure_sum", "[" + n + "] per party", p -> {
            int[] all = java.util.stream.IntStream.range(0, p.parties()).toArray();
            var sum = SecureAggregation.sum(p.backend(), all, n, v[p.id()], 1);
            sum.revealRing(); // the aggregate is opened to every party
            return sum.share();
        }, exact, plain);
    }

    /**
     * {@code images} MNIST test images through LeNet in one job, micro-batched (SecureInference's size for a 512 MiB
     * budget), each micro-batch's logits revealed to the data owner, who returns the predicted labels; checked against
     * the plaintext model's labels in double.
     */
    private static BenchOp lenetJob(FixedPoint fp, int images) {
        var m = OnnxImport.load(java.nio.file.Path.of("data/models/mnist_lenet_dyn.onnx"));
        var arch = m.architecture();
        double[] x = mnist(images);
        int microBatch = SecureInference.microBatchFor(arch, images, 512L << 20);
        java.util.function.IntFunction<double[]> exact = parties -> {
            double[] y = PlainInference.run(m, images, x);
            return labels(y, images);
        };
        Runnable plain = () -> Sink.consume(fp.encode(labels(PlainInference.run(m, images, x),
                images)));
        return new BenchOp("lenet10k", images + "x[1,28,28], micro-batch " + microBatch, p -> {
            int owner = p.parties() - 1;
            double[] y = SecureInference.revealInMicroBatches(p.backend(), p.id() == 0 ? m : arch,
                    0, owner, images, p.id() == owner ? x : null, microBatch);
            return y == null ? new long[images] : p.fixedPoint().encode(labels(y, images));
        }, exact, plain, fp.fracBits(), new Extent(images, images, true, 3));
    }

    private static double[] labels(double[] logits, int rows) {
        int k = logits.length / rows;
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (logits[i * k + j] > logits[i * k + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Linear regression over {@code rows} synthetic rows of {@code features} features split by rows: each party
     * generates only its own rows, a chunk at a time, and inputs its local moments
     * ({@link org.consortia.mpc.analyses.stats.LinearRegression#fitFromMoments}); the original-unit coefficients
     * and intercept go to party 0 and are checked against Commons Math OLS on the pooled rows.
     */
    private static BenchOp linregJob(int rows, int features) {
        int f = 20;
        SyntheticRows data = new SyntheticRows(rows, features, 0x11e9_1a4eL);
        java.util.function.IntFunction<double[]> exact = parties -> data.commonsMathOls();
        Runnable plain = () -> Sink.consume(new long[] {Double.doubleToLongBits(data.moments(0, rows).mean()[0])});
        return new BenchOp("linreg1m", rows + "x" + features + ", rows split, f=20", party -> {
            int k = party.id();
            long[] counts = Partitions.rowCounts(party.parties(), rows);
            long from = 0;
            for (int i = 0; i < k && i < counts.length; i++) {
                from += counts[i];
            }
            var mine = k < party.parties() && party.backend().readsInputOf(k)
                    ? data.moments((int) from, (int) (from + counts[k])) : null;
            var fit = LinearRegression.fitFromMoments(party.backend(), counts, features + 1,
                    mine, 0.0, 40, 0);
            long[] out = new long[features + 1];
            if (fit != null) {
                out[0] = party.fixedPoint().encode(fit.intercept());
                System.arraycopy(party.fixedPoint().encode(fit.coefficients()), 0, out, 1, features);
            }
            return out;
        }, exact, plain, f, new Extent(features + 1, rows, false, 5));
    }

    /**
     * Every party contributes {@code n} values (generated from its id, never stored by the harness); the sum goes to
     * party 0 a chunk at a time ({@link org.consortia.mpc.analyses.stats.SecureAggregation#sumRevealedInChunks}).
     */
    private static BenchOp sumJob(FixedPoint fp, int n) {
        java.util.function.IntFunction<double[]> exact = parties -> {
            double[] s = new double[n];
            for (int k = 0; k < parties; k++) {
                for (int j = 0; j < n; j++) {
                    s[j] += contribution(k, j);
                }
            }
            return s;
        };
        long[] a = new long[n];
        long[] b = new long[n];
        for (int j = 0; j < n; j++) {
            a[j] = fp.encode(contribution(0, j));
            b[j] = fp.encode(contribution(1, j));
        }
        Runnable plain = () -> {
            long[] z = new long[n];
            for (int j = 0; j < n; j++) {
                z[j] = a[j] + b[j];
            }
            Sink.consume(z);
        };
        return new BenchOp("sum10m", "[" + n + "] per party", p -> {
            double[] mine = null;
            if (p.id() < p.parties()) {
                mine = new double[n];
                for (int j = 0; j < n; j++) {
                    mine[j] = contribution(p.id(), j);
                }
            }
            int[] all = java.util.stream.IntStream.range(0, p.parties()).toArray();
            double[] sum = SecureAggregation.sumRevealedInChunks(p.backend(), all, n, mine, 1, 0);
            return sum == null ? new long[n] : p.fixedPoint().encode(sum);
        }, exact, plain, fp.fracBits(), new Extent(1000, n, false, 10));
    }

    /** Party k's j-th value of sum10m, in [-1, 1). */
    private static double contribution(int k, int j) {
        long h = (k + 1) * 0x9E3779B97F4A7C15L + j * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-52 - 1.0;
    }

    private static double[][] table(String file) {
        try {
            return Table.read(java.nio.file.Path.of(file)).rows();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * OLS on California housing (20,640 rows split by rows over the parties); the standardized coefficients
     * stay shared (the harness opens them); exact = Commons-Math-free closed form in double on the pooled data.
     */
    private static BenchOp linregTrain() {
        double[][] rows = table("data/california_housing.csv");
        int p = rows[0].length - 1;
        double[] exact = standardizedOls(rows);
        Runnable plain = () -> Sink.consume(new long[] {Double.doubleToLongBits(standardizedOls(rows)[0])});
        return new BenchOp("linreg_train", "20640x8, rows split, f=20", party -> {
            var xy = Partitions.byRows(party, rows);
            var fit = LinearRegression.fit(xy[0], xy[1], 0.0, 40, 0);
            long[] out = new long[p];
            if (fit != null) {
                long[] enc = party.fixedPoint().encode(fit.standardized());
                System.arraycopy(enc, 0, out, 0, p); // revealed to party 0 only: the harness sums the parties' arrays
            }
            return out;
        }, parties -> exact, plain, 20);
    }

    /**
     * linreg_train's regression as a researcher's program ({@code LinregProgram}: the same operations, checked and run by
     * the program evaluator, each member's rows served as its input): the same data, split and outputs.
     */
    private static BenchOp programLinreg() {
        double[][] rows = table("data/california_housing.csv");
        int p = rows[0].length - 1;
        double[] exact = standardizedOls(rows);
        Runnable plain = () -> Sink.consume(new long[] {Double.doubleToLongBits(standardizedOls(rows)[0])});
        java.util.Map<Integer, CheckedProgram> byParties = new java.util.concurrent.ConcurrentHashMap<>();
        return new BenchOp("program_linreg", "20640x8, rows split, f=20, as a program", party -> {
            var checked = byParties.computeIfAbsent(party.parties(), parties -> {
                long[] c = Partitions.rowCounts(parties, rows.length);
                int[] counts = new int[parties];
                java.util.List<String> members = new java.util.ArrayList<>();
                for (int k = 0; k < parties; k++) {
                    counts[k] = (int) c[k];
                    members.add("m" + k);
                }
                return Checker.check(LinregProgram.build(counts, p, "housing",
                        0.0, 40, 0), new Context(members, 20,
                        ProgramLimits.DEFAULT));
            });
            var results = Evaluator.run(checked, party.backend(), new RowBlocks(rows, party.backend()),
                    new java.security.SecureRandom());
            long[] out = new long[p];
            var fit = results.get("fit");
            if (fit != null) {
                System.arraycopy(party.fixedPoint().encode(java.util.Arrays.copyOf(fit.values(), p)), 0, out, 0, p);
            }
            return out;
        }, n -> exact, plain, 20);
    }

    /**
     * A random forest of {@code trees} complete trees of {@code depth} over {@code features} features (random features,
     * thresholds and leaves: the cost does not depend on them), scored on {@code rows} rows: the model at party 0, the
     * rows at the last party, which receives the scores.
     */
    private static BenchOp randomForest(SplittableRandom r, int trees, int depth, int features, int rows) {
        var shape = new TreeEnsemble.Shape(features, trees, depth, 1, true,
                TreeEnsemble.Post.NONE, false);
        int nodes = trees * shape.internal();
        int[] feature = new int[nodes];
        double[] threshold = uniform(r, nodes, -1, 1);
        for (int i = 0; i < nodes; i++) {
            feature[i] = r.nextInt(features);
        }
        var model = new TreeEnsemble(shape, feature, threshold, new boolean[nodes],
                uniform(r, trees * shape.leaves(), -2, 2), new double[1]);
        double[] x = uniform(r, rows * features, -1, 1);
        double[] exact = new double[rows];
        for (int i = 0; i < rows; i++) {
            exact[i] = model.score(java.util.Arrays.copyOfRange(x, i * features, (i + 1) * features))[0];
        }
        Runnable plain = () -> Sink.consume(new long[] {Double.doubleToLongBits(model.score(java.util.Arrays.copyOf(x, features))[0])});
        return new BenchOp("rf100", trees + " trees depth " + depth + ", " + features + " features, " + rows + " rows", party -> {
            int dataOwner = party.parties() - 1;
            var in = party.input(dataOwner, Shape.matrix(rows, features),
                    party.id() == dataOwner ? x : null);
            var out = SecureTrees.score(in, 0, shape, party.id() == 0 ? model : null)
                    .scores().revealTo(dataOwner);
            return out == null ? new long[rows] : party.fixedPoint().encode(out);
        }, n -> exact, plain, FixedPoint.DEFAULT_FRACTIONAL_BITS, new Extent(rows, rows, false, 3));
    }

    /** A linkage protocol as the bench runs it (ECDH's and the OPRF's {@code link} share this signature). */
    @FunctionalInterface
    private interface Linkage {
        EcdhLinkage.Outcome link(Backend be, String[] mine,
                int[] counts, EcdhLinkage.Mode mode, java.security.SecureRandom random);
    }

    /**
     * Private set intersection by {@code protocol} ({@code link_ecdh}: Diffie-Hellman blinding; {@code link_oprf}: the
     * OPRF on the OT extension): every member holds {@code keys} keys, half of them common to all; the outputs are each
     * member's count of common rows (all equal the intersection's size). {@code maxReps} caps the repetitions.
     */
    private static BenchOp link(String name, int keys, Linkage protocol, int maxReps) {
        return new BenchOp(name, keys + " keys per member, half common", party -> {
            String[] mine = new String[keys];
            for (int i = 0; i < keys; i++) {
                mine[i] = i < keys / 2 ? "c" + i : "m" + party.id() + "-" + i;
            }
            int[] counts = new int[party.parties()];
            java.util.Arrays.fill(counts, keys);
            var out = protocol.link(party.backend(), party.backend().dryRun() ? null : mine, counts,
                    EcdhLinkage.Mode.INTERSECTION, new java.security.SecureRandom());
            long common = 0;
            if (out.common() != null) {
                for (boolean c : out.common()) {
                    common += c ? 1 : 0;
                }
            }
            return new long[] {party.id() == 0 ? common << FixedPoint.DEFAULT_FRACTIONAL_BITS : 0};
        }, n -> new double[] {keys / 2}, () -> Sink.consume(new long[] {keys}), FixedPoint.DEFAULT_FRACTIONAL_BITS,
                new Extent(1, keys, false, maxReps));
    }

    /**
     * The secret join ({@code linkage: intersect}): every member holds {@code keys} keys (60-bit hashes) with one value
     * column, half of the keys common to all; the matched bits stay secret, and only their sum is opened (to check).
     */
    private static BenchOp linkSecret(int keys) {
        return new BenchOp("link_secret", keys + " keys per member, half common, matches secret", party -> {
            long[] mine = new long[keys];
            double[] values = new double[keys];
            for (int i = 0; i < keys; i++) {
                String k = i < keys / 2 ? "c" + i : "m" + party.id() + "-" + i;
                mine[i] = LinkKeys.key60(k);
                values[i] = i % 7;
            }
            int[] rows = new int[party.parties()];
            int[] widths = new int[party.parties()];
            java.util.Arrays.fill(rows, keys);
            java.util.Arrays.fill(widths, 1);
            var joined = SecretJoin.join(party.backend(),
                    party.backend().dryRun() ? null : mine, values, rows, widths);
            double[] count = joined.matched().sum().revealTo(0);
            return new long[] {count == null ? 0 : (long) count[0] << FixedPoint.DEFAULT_FRACTIONAL_BITS};
        }, n -> new double[] {keys / 2}, () -> Sink.consume(new long[] {keys}), FixedPoint.DEFAULT_FRACTIONAL_BITS,
                new Extent(1, keys, false, 3));
    }

    /** Logistic regression on breast cancer (569 rows split by rows), 5 epochs of batches of 32. */
    private static BenchOp logregTrain() {
        double[][] rows = table("data/breast_cancer.csv");
        int p = rows[0].length - 1;
        JointProgram<long[]> program = party -> {
            var xy = Partitions.byRows(party, rows);
            var fit = LogisticRegression.fit(xy[0], xy[1], 5, 32, 0.5, 0.01, false, 0);
            long[] out = new long[p + 1];
            if (fit != null) { // revealed to party 0 only: the harness sums the parties' arrays
                System.arraycopy(party.fixedPoint().encode(fit.standardizedWeights()), 0, out, 0, p);
                out[p] = party.fixedPoint().encode(fit.standardizedBias());
            }
            return out;
        };
        FixedPoint fp = new FixedPoint(24); // several features have variances near 1e-5
        Party plain = new Party(
                new PlainBackend(2, fp));
        Runnable reference = () -> {
            try {
                Sink.consume(program.run(plain));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        double[] exact;
        try {
            exact = fp.decode(program.run(plain)); // the same algorithm on the plaintext backend
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new BenchOp("logreg_train", "569x30, 5 epochs, batch 32, f=24", program, parties -> exact, reference, 24);
    }

    /** Standardized OLS coefficients in double (normal equations of the correlation matrix). */
    static double[] standardizedOls(double[][] rows) {
        int n = rows.length;
        int q = rows[0].length;
        double[] mean = new double[q];
        double[] sd = new double[q];
        for (double[] r : rows) {
            for (int j = 0; j < q; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j < q; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
        }
        double[][] c = new double[q][q];
        for (double[] r : rows) {
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < q; j++) {
                    c[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]) / n / Math.sqrt(sd[i] * sd[j]);
                }
            }
        }
        int p = q - 1;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(c[i], 0, a[i], 0, p);
            b[i] = c[i][p];
        }
        return new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(a))
                .getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
    }

    /** Keeps the JIT from discarding plaintext results. */
    static final class Sink {
        static volatile long sink;

        static void consume(long[] z) {
            sink += z.length == 0 ? 0 : z[z.length / 2];
        }
    }
}
