package org.consortia.mpc.runtime.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric CSV table with a header row. Every error names the file, the row (its 1-based line number, the
 * header being line 1) and the column; blank lines are skipped; cells must be finite numbers.
 */
public record Csv(Path file, List<String> header, double[][] rows) {

    public static Csv read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty; expected a header row");
        }
        List<String> header = List.of(lines.get(0).split(",", -1)).stream().map(String::trim).toList();
        return new Csv(file, header, parse(file, lines, 1, header));
    }

    /** A header-less CSV of rows of exactly {@code width} numbers (e.g. flattened model inputs). */
    public static double[][] readRows(Path file, int width) throws IOException {
        List<String> columns = new ArrayList<>();
        for (int j = 1; j <= width; j++) {
            columns.add(String.valueOf(j));
        }
        return parse(file, Files.readAllLines(file), 0, columns);
    }

    private static double[][] parse(Path file, List<String> lines, int first, List<String> columns) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (int i = first; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != columns.size()) {
                throw new IOException(file + ": row " + (i + 1) + " has " + cells.length + " cells, expected " + columns.size());
            }
            double[] r = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    r[j] = Double.parseDouble(cells[j].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": row " + (i + 1) + ", column '" + columns.get(j) + "' is not a number");
                }
                if (!Double.isFinite(r[j])) {
                    throw new IOException(file + ": row " + (i + 1) + ", column '" + columns.get(j) + "' is not finite");
                }
            }
            rows.add(r);
        }
        return rows.toArray(double[][]::new);
    }

    /** Columns {@code from..to-1}, standardized (mean 0, population std 1), row-major. */
    public double[] standardized(int from, int to) {
        int n = rows.length;
        int w = to - from;
        double[] out = new double[n * w];
        for (int j = 0; j < w; j++) {
            double mean = 0;
            for (double[] r : rows) {
                mean += r[from + j];
            }
            mean /= n;
            double var = 0;
            for (double[] r : rows) {
                var += (r[from + j] - mean) * (r[from + j] - mean);
            }
            double sd = Math.sqrt(var / n);
            for (int i = 0; i < n; i++) {
                out[i * w + j] = (rows[i][from + j] - mean) / sd;
            }
        }
        return out;
    }

    /** Column {@code c}, centred (mean 0). */
    public double[] centred(int c) {
        double mean = 0;
        for (double[] r : rows) {
            mean += r[c];
        }
        mean /= rows.length;
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][c] - mean;
        }
        return out;
    }
}
