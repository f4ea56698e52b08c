package org.consortia.mpc.node.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A party's private tables, by dataset name, from its data directory: {@code <dataDir>/<name>.csv} with a
 * header row and numeric cells. Every error names the file, the row (1-based, header = row 1) and the column,
 * and is raised before anything is input. For data split by columns, rows are aligned by a key column that
 * every party holds: each party sorts its rows by key, and the parties check (with a secure equality test on a
 * hash of the sorted keys) that they hold the same keys; finding the common keys of different sets (private set
 * intersection) is a later feature.
 */
public final class Datasets {
    private Datasets() {
    }

    /** A loaded table: its file, column names and rows. */
    public record Table(Path file, List<String> columns, double[][] rows) {
        public int column(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException(file + ": no column '" + name + "'; columns are " + columns);
            }
            return i;
        }

        /** The table without the named columns, in order. */
        public double[][] without(String... names) {
            Set<Integer> drop = new HashSet<>();
            for (String n : names) {
                if (n != null) {
                    drop.add(column(n));
                }
            }
            double[][] out = new double[rows.length][columns.size() - drop.size()];
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0, k = 0; c < columns.size(); c++) {
                    if (!drop.contains(c)) {
                        out[r][k++] = rows[r][c];
                    }
                }
            }
            return out;
        }

        public double[] columnValues(String name) {
            int c = column(name);
            return Arrays.stream(rows).mapToDouble(r -> r[c]).toArray();
        }

        /** Rows sorted by the key column; keys must be unique. */
        public Table sortedBy(String key) {
            int c = column(key);
            double[][] sorted = rows.clone();
            Arrays.sort(sorted, (a, b) -> Double.compare(a[c], b[c]));
            for (int r = 1; r < sorted.length; r++) {
                if (sorted[r][c] == sorted[r - 1][c]) {
                    throw new IllegalArgumentException(file + ": key column '" + key + "' has the value " + sorted[r][c]
                            + " twice; keys must be unique");
                }
            }
            return new Table(file, columns, sorted);
        }
    }

    public static Table load(Path dataDir, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("dataset name '" + name + "': letters, digits, '.', '_' and '-' only");
        }
        Path file = dataDir.resolve(name.endsWith(".csv") ? name : name + ".csv");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such dataset file");
        }
        org.consortia.mpc.runtime.demo.Csv csv = org.consortia.mpc.runtime.demo.Csv.read(file);
        return new Table(file, csv.header(), csv.rows());
    }

    /** A 62-bit hash of the sorted key values (for the parties' secure equality check). */
    public static long keyHash(double[] sortedKeys) {
        long h = 0x9E3779B97F4A7C15L;
        for (double k : sortedKeys) {
            h ^= Double.doubleToLongBits(k);
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h >>> 2;
    }
}
