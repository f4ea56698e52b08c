package org.consortia.mpc.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A numeric table from a CSV file with a header row: the one table type of the project (tools, benchmarks and
 * the node's datasets). Every error names the file, the row (its 1-based line number, the header being line 1)
 * and the column, never a cell's value; blank lines are skipped; cells must be finite numbers. Files larger
 * than the reader's byte limit are refused before they are read.
 */
public record Table(Path file, List<String> header, double[][] rows) {
    /** The default largest file read, in bytes. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    public static Table read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a table with a header row; refuses a file of more than {@code maxBytes} bytes. */
    public static Table read(Path file, long maxBytes) throws IOException {
        List<String> lines = lines(file, maxBytes);
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty; expected a header row");
        }
        List<String> header = List.of(lines.get(0).split(",", -1)).stream().map(String::trim).toList();
        return new Table(file, header, parse(file, lines, 1, header));
    }

    /** A header-less CSV of rows of exactly {@code width} numbers (e.g. flattened model inputs). */
    public static double[][] readRows(Path file, int width) throws IOException {
        return readRows(file, width, DEFAULT_MAX_BYTES);
    }

    /** As {@link #readRows(Path, int)}, refusing a file of more than {@code maxBytes} bytes. */
    public static double[][] readRows(Path file, int width, long maxBytes) throws IOException {
        List<String> columns = new ArrayList<>();
        for (int j = 1; j <= width; j++) {
            columns.add(String.valueOf(j));
        }
        return parse(file, lines(file, maxBytes), 0, columns);
    }

    private static List<String> lines(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IOException(file + ": " + size + " bytes, more than the limit of " + maxBytes);
        }
        return Files.readAllLines(file);
    }

    /** The index of column {@code name}. */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + ": no column '" + name + "'");
        }
        return i;
    }

    /** The table's rows without the named columns ({@code null} names are ignored), in order. */
    public double[][] without(String... names) {
        Set<Integer> drop = new HashSet<>();
        for (String n : names) {
            if (n != null) {
                drop.add(column(n));
            }
        }
        double[][] out = new double[rows.length][header.size() - drop.size()];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0, k = 0; c < header.size(); c++) {
                if (!drop.contains(c)) {
                    out[r][k++] = rows[r][c];
                }
            }
        }
        return out;
    }

    /** The values of column {@code name}. */
    public double[] columnValues(String name) {
        int c = column(name);
        return Arrays.stream(rows).mapToDouble(r -> r[c]).toArray();
    }

    /** Rows sorted by the key column; keys must be unique (the error names neither the value nor its rows). */
    public Table sortedBy(String key) {
        int c = column(key);
        double[][] sorted = rows.clone();
        Arrays.sort(sorted, (a, b) -> Double.compare(a[c], b[c]));
        for (int r = 1; r < sorted.length; r++) {
            if (sorted[r][c] == sorted[r - 1][c]) {
                throw new IllegalArgumentException(file + ": key column '" + key + "' has a duplicated value; keys must be unique");
            }
        }
        return new Table(file, header, sorted);
    }

    @Override
    public String toString() {
        return "Table[" + file.getFileName() + ", " + header.size() + " columns]"; // never values
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
