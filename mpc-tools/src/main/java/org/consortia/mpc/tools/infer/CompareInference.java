package org.consortia.mpc.tools.infer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.PlainInference;
import org.consortia.mpc.runtime.data.Table;

/**
 * Prints a secure inference job's outputs (the job record's JSON, from the data owner's job API) next to the
 * plaintext model's, per sample: predicted class, plaintext class, label, and the largest output difference.
 * <pre>CompareInference model.onnx inputs.csv labels.csv job.json</pre>
 */
public final class CompareInference {
    private CompareInference() {
    }

    public static void main(String[] args) throws Exception {
        Model model = OnnxImport.load(Path.of(args[0]));
        double[][] rowsIn = Table.readRows(Path.of(args[1]), model.inputSize());
        var labels = Files.readAllLines(Path.of(args[2])).stream().filter(l -> !l.isBlank()).map(String::trim).toList();
        Matcher m = Pattern.compile("\"result\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(Files.readString(Path.of(args[3])));
        if (!m.find()) {
            System.err.println(args[3] + ": no result in the job record");
            System.exit(1);
        }
        double[] secure = Arrays.stream(m.group(1).split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        int rows = rowsIn.length;
        int in = model.inputSize();
        double[] x = new double[rows * in];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(rowsIn[r], 0, x, r * in, in);
        }
        double[] plain = PlainInference.run(model, rows, x);
        int out = model.outputSize();
        System.out.printf(Locale.ROOT, "%-7s %6s %15s %18s %12s%n", "sample", "label", "secure class", "plaintext class", "max |diff|");
        boolean ok = true;
        for (int r = 0; r < rows; r++) {
            int a = 0;
            int b = 0;
            double d = 0;
            for (int j = 0; j < out; j++) {
                a = secure[r * out + j] > secure[r * out + a] ? j : a;
                b = plain[r * out + j] > plain[r * out + b] ? j : b;
                d = Math.max(d, Math.abs(secure[r * out + j] - plain[r * out + j]));
            }
            ok &= a == b && d < 1e-2;
            System.out.printf(Locale.ROOT, "%-7d %6s %15d %18d %12.2e%n", r, labels.get(r), a, b, d);
        }
        if (!ok) {
            System.err.println("secure and plaintext inference disagree");
            System.exit(1);
        }
    }
}
