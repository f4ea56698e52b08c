package org.consortia.mpc.tools.infer;

import java.nio.file.Path;
import java.util.Locale;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.OnnxImportException;
import org.consortia.mpc.inference.PlainInference;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.inference.trees.SecureTrees;
import org.consortia.mpc.inference.trees.TreeEnsemble;
import org.consortia.mpc.inference.trees.TreeImport;
import org.consortia.mpc.runtime.data.Table;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.netty.TlsCluster;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Secure inference of any supported ONNX model on a CSV of inputs (no header, one row per sample, the
 * flattened input tensor): party 0 owns the model, the last party the inputs and the outputs. Prints one CSV
 * row of outputs per input row (%.7g) on stdout, and a summary on stderr with the plaintext comparison.
 * <pre>Infer --model FILE.onnx --input FILE.csv [--parties N] [--transport local|tcp] [--micro-batch ROWS]</pre>
 * A tree ensemble (ONNX-ML TreeEnsembleRegressor/Classifier) is scored with its trees padded to a depth bound
 * ({@code --depth}, default 8).
 * Rows run in micro-batches (default 64), so memory does not grow with the number of rows.
 */
public final class Infer {
    private Infer() {
    }

    public static void main(String[] args) throws Exception {
        Path modelFile = null;
        Path inputFile = null;
        int parties = 2;
        String transport = "local";
        int microBatch = 64;
        int depth = 8;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> modelFile = Path.of(args[i + 1]);
                case "--input" -> inputFile = Path.of(args[i + 1]);
                case "--parties" -> parties = Integer.parseInt(args[i + 1]);
                case "--transport" -> transport = args[i + 1];
                case "--micro-batch" -> microBatch = Integer.parseInt(args[i + 1]);
                case "--depth" -> depth = Integer.parseInt(args[i + 1]);
                default -> fail("unknown option " + args[i]);
            }
        }
        if (modelFile == null || inputFile == null || args.length % 2 != 0) {
            fail("usage: infer.sh --model FILE.onnx --input FILE.csv [--parties N] [--transport local|tcp] [--micro-batch ROWS] [--depth D]");
        }
        if (TreeImport.isTreeEnsemble(modelFile)) {
            trees(modelFile, inputFile, parties, transport, depth);
            return;
        }
        Model model;
        try {
            model = OnnxImport.load(modelFile);
        } catch (OnnxImportException e) {
            fail(e.getMessage()); // one line: the op, node and what is supported, or the missing file
            return;
        }
        int in = model.inputSize();
        double[][] rows = readInputs(inputFile, in);
        int batch = rows.length;
        double[] x = flatten(rows, in);
        int owner = parties - 1;
        Model arch = model.architecture();
        ProtocolParameters params = ProtocolParameters.defaults();
        try (LocalCluster c = transport.equals("tcp") ? TlsCluster.start(parties, params, TlsMaterial.provider("auto"))
                : new LocalCluster(parties, params)) {
            int mb = Math.max(1, Math.min(batch, microBatch));
            ClusterRun<double[]> run = c.run(p -> SecureInference.revealInMicroBatches(p.backend(), p.id() == 0 ? model : arch,
                    0, owner, batch, p.id() == owner ? x : null, mb));
            double[] y = run.result(owner);
            double[] ref = PlainInference.run(model, batch, x);
            int out = model.outputSize();
            StringBuilder sb = new StringBuilder();
            double worst = 0;
            int agree = 0;
            for (int r = 0; r < batch; r++) {
                int a = 0;
                int b = 0;
                for (int j = 0; j < out; j++) {
                    sb.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.7g", y[r * out + j]));
                    worst = Math.max(worst, Math.abs(y[r * out + j] - ref[r * out + j]));
                    a = y[r * out + j] > y[r * out + a] ? j : a;
                    b = ref[r * out + j] > ref[r * out + b] ? j : b;
                }
                agree += a == b ? 1 : 0;
                sb.append('\n');
            }
            System.out.print(sb);
            System.err.printf(Locale.ROOT, "%s: %d rows, %d parties over %s (model at party 0, inputs and outputs at party %d); "
                    + "online %.1f ms, offline %.1f ms, %d rounds, %d bytes sent by the busiest party; max |secure - plaintext| "
                    + "= %.2e, argmax agreement %d/%d%n", model.name(), batch, parties, transport, owner, run.onlineMillis(),
                    run.offlineMillis(), run.rounds(), run.maxOnlineBytesSent(), worst, agree, batch);
        }
    }

    /**
     * A tree ensemble (ONNX-ML): scored obliviously with the trees padded to {@code depth} ({@code --depth}, default 8); one CSV row per input row: a classifier's label then its scores, else the
     * predictions; the summary compares with the plaintext trees.
     */
    private static void trees(Path modelFile, Path inputFile, int parties, String transport, int depth) throws Exception {
        TreeEnsemble model;
        try {
            model = TreeImport.load(modelFile, depth);
        } catch (OnnxImportException e) {
            fail(e.getMessage());
            return;
        }
        var shape = model.shape();
        int in = shape.features();
        double[][] rows = readInputs(inputFile, in);
        int batch = rows.length;
        double[] x = flatten(rows, in);
        int owner = parties - 1;
        ProtocolParameters params = ProtocolParameters.defaults();
        try (LocalCluster c = transport.equals("tcp") ? TlsCluster.start(parties, params, TlsMaterial.provider("auto"))
                : new LocalCluster(parties, params)) {
            ClusterRun<double[]> run = c.run(p -> {
                var xs = p.input(owner, Shape.matrix(batch, in), p.id() == owner ? x : null);
                var out = SecureTrees.score(xs, 0, shape, p.id() == 0 ? model : null);
                var all = out.labels() == null ? out.scores() : out.labels().toFixedPoint()
                        .reshape(Shape.matrix(batch, 1)).concat(1, out.scores());
                return all.revealTo(owner);
            });
            double[] y = run.result(owner);
            int width = y.length / batch;
            StringBuilder sb = new StringBuilder();
            double worst = 0;
            for (int r = 0; r < batch; r++) {
                double[] ref = model.score(rows[r]);
                for (int j = 0; j < width; j++) {
                    sb.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.7g", y[r * width + j]));
                }
                for (int k = 0; k < ref.length; k++) {
                    worst = Math.max(worst, Math.abs(ref[k] - y[r * width + width - ref.length + k]));
                }
                sb.append('\n');
            }
            System.out.print(sb);
            System.err.printf(Locale.ROOT, "%s: %d trees of depth <= %d, %d rows, %d parties over %s (model at party 0, inputs and "
                    + "outputs at party %d); online %.1f ms, offline %.1f ms, %d rounds, %d bytes sent by the busiest party; "
                    + "max |secure - plaintext| = %.2e%n", modelFile.getFileName(), shape.trees(), depth, batch, parties, transport,
                    owner, run.onlineMillis(), run.offlineMillis(), run.rounds(), run.maxOnlineBytesSent(), worst);
        }
    }

    /** The rows, row-major. */
    private static double[] flatten(double[][] rows, int width) {
        double[] x = new double[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, x, r * width, width);
        }
        return x;
    }

    private static double[][] readInputs(Path file, int width) {
        try {
            return Table.readRows(file, width);
        } catch (java.io.IOException e) {
            fail(e.getMessage());
            return null;
        }
    }

    private static void fail(String why) {
        System.err.println("infer: " + why);
        System.exit(2);
    }
}
