package org.consortia.mpc.programs;

import org.consortia.mpc.runtime.data.Table;

/** A read's rows from a member's table: the named columns row-major, sorted by the key with its hash if there is one. */
public final class TableRows {
    private TableRows() {
    }

    /** The rows of {@code read} from {@code table} (errors name the table's file and column, never a value). */
    public static ProgramHost.Rows of(Table table, InputRead read) {
        // aligned by a key: sorted by it; a join's keys stay in the dataset's order, as its member's other reads of it
        Table t = read.key() == null || read.link() ? table : table.sortedBy(read.key());
        int rows = t.rows().length;
        int d = read.columns().size();
        double[] x = new double[rows * d];
        for (int j = 0; j < d; j++) {
            double[] col = t.columnValues(read.columns().get(j));
            for (int r = 0; r < rows; r++) {
                x[r * d + j] = col[r];
            }
        }
        if (read.link()) {
            double[] k = t.columnValues(read.key());
            long[] keys = new long[rows];
            for (int r = 0; r < rows; r++) {
                keys[r] = keyHash(k[r]);
            }
            return new ProgramHost.Rows(x, 0, keys);
        }
        return new ProgramHost.Rows(x, read.key() == null ? 0 : hash(t.columnValues(read.key())));
    }

    /**
     * A key as a 60-bit hash for a secret join (a bijective mix of its bits, cut to 60: two different keys of a join
     * collide with probability below n0 nk 2^-60; a string key arrives as its 52-bit surrogate).
     */
    public static long keyHash(double key) {
        long h = Double.doubleToLongBits(key == 0 ? 0.0 : key); // -0 and 0 are one key
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h >>> 4;
    }

    /** A 62-bit hash of sorted key values (equal key sets, equal hashes). */
    public static long hash(double[] sortedKeys) {
        long h = 0x9E3779B97F4A7C15L;
        for (double k : sortedKeys) {
            h ^= Double.doubleToLongBits(k);
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h >>> 2;
    }
}
