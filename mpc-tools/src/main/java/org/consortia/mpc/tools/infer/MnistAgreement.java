package org.consortia.mpc.tools.infer;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.PlainInference;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;

/**
 * Secure inference of an MNIST model over the test set, in batches, against the same model in plain double
 * precision: prints the agreement of predictions, both accuracies, and the disagreements.
 * <pre>MnistAgreement [model.onnx] [images.idx3.gz] [labels.idx1.gz] [count] [batch] [parties]</pre>
 */
public final class MnistAgreement {
    private MnistAgreement() {
    }

    public static void main(String[] args) throws Exception {
        Path modelFile = Path.of(arg(args, 0, "data/models/mnist_lenet_dyn.onnx"));
        Path images = Path.of(arg(args, 1, "data/mnist/t10k-images-idx3-ubyte.gz"));
        Path labelsFile = Path.of(arg(args, 2, "data/mnist/t10k-labels-idx1-ubyte.gz"));
        int count = Integer.parseInt(arg(args, 3, "10000"));
        int batch = Integer.parseInt(arg(args, 4, "500"));
        int parties = Integer.parseInt(arg(args, 5, "2"));
        Model model = OnnxImport.load(modelFile);
        Model arch = model.architecture();
        double[] x = readImages(images, count);
        int[] labels = readLabels(labelsFile, count);
        int in = model.inputSize();
        int out = model.outputSize();
        int agree = 0;
        int secureRight = 0;
        int plainRight = 0;
        long t0 = System.nanoTime();
        double online = 0;
        try (LocalCluster c = new LocalCluster(parties)) {
            for (int from = 0; from < count; from += batch) {
                int b = Math.min(batch, count - from);
                double[] xb = java.util.Arrays.copyOfRange(x, from * in, (from + b) * in);
                int owner = parties - 1;
                ClusterRun<double[]> run = c.run(p -> SecureInference.run(p.backend(), p.id() == 0 ? model : arch, 0, owner, b,
                        p.id() == owner ? xb : null).revealTo(owner));
                online += run.onlineMillis();
                double[] y = run.result(owner);
                double[] ref = PlainInference.run(model, b, xb);
                for (int i = 0; i < b; i++) {
                    int s = argmax(y, i * out, out);
                    int pl = argmax(ref, i * out, out);
                    agree += s == pl ? 1 : 0;
                    secureRight += s == labels[from + i] ? 1 : 0;
                    plainRight += pl == labels[from + i] ? 1 : 0;
                    if (s != pl) {
                        System.out.printf("disagreement: image %d (label %d): secure %d, plaintext %d%n", from + i, labels[from + i], s, pl);
                    }
                }
                System.err.printf(Locale.ROOT, "%d/%d images, agreement so far %d%n", from + b, count, agree);
            }
        }
        System.out.printf(Locale.ROOT, "%s over %d MNIST test images, %d parties, batches of %d: secure = plaintext on %d "
                + "(%.3f%%); accuracy secure %.2f%%, plaintext %.2f%%; online %.1f s in total, wall %.1f s%n", model.name(), count,
                parties, batch, agree, 100.0 * agree / count, 100.0 * secureRight / count, 100.0 * plainRight / count,
                online / 1000, (System.nanoTime() - t0) / 1e9);
    }

    private static int argmax(double[] v, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }

    public static double[] readImages(Path file, int count) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16), 1 << 16))) {
            if (in.readInt() != 2051) {
                throw new IOException(file + ": not an IDX3 image file");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            int take = Math.min(n, count);
            double[] x = new double[take * rows * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = in.readUnsignedByte() / 255.0;
            }
            return x;
        }
    }

    static int[] readLabels(Path file, int count) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16), 1 << 16))) {
            if (in.readInt() != 2049) {
                throw new IOException(file + ": not an IDX1 label file");
            }
            int n = Math.min(in.readInt(), count);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = in.readUnsignedByte();
            }
            return y;
        }
    }

    private static String arg(String[] a, int i, String fallback) {
        return a.length > i ? a[i] : fallback;
    }
}
