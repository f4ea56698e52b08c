package org.consortia.mpc.node.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.consortia.mpc.config.DatasetSpec;
import org.consortia.mpc.runtime.data.Table;

/**
 * Reads a dataset as its declaration says and converts it to a numeric {@link Table} (columns in the declared order)
 * plus the canonical key text of the columns a job links or aligns by. Checked before anything is shared: every declared
 * column present with a type its source can hold; a string column only where the job uses it as a key; each row's cells
 * of their declared types (a row that does not fit is refused, or with {@code badRows: skip} left out and counted); at most
 * {@code maxCells} cells. A dataset a node file does not declare is a CSV file of that name in the data directory whose
 * columns are all numbers (the earlier behaviour, now read with a real CSV parser). Rows in messages are numbered from 1,
 * the header not counted.
 */
public final class DatasetReader {
    private DatasetReader() {
    }

    /**
     * A dataset as read: its numbers, the canonical key text of the columns asked for (by column name), and the rows
     * left out under {@code badRows: skip}.
     */
    public record Loaded(Table table, Map<String, String[]> keys, long skipped) {
        @Override
        public String toString() { // never values
            return "Loaded[" + table + ", " + skipped + " skipped]";
        }
    }

    /** The declaration of an undeclared CSV dataset: every header column a number. */
    static DatasetSpec undeclared(String name, Path file, List<String> header) {
        List<DatasetSpec.Column> cs = header.stream().map(h -> new DatasetSpec.Column(h, DatasetSpec.Type.NUMBER, null)).toList();
        return new DatasetSpec(name, DatasetSpec.Source.CSV, file.toString(), null, null, null, null, cs, ',',
                DatasetSpec.BadRows.REFUSE, DatasetSpec.DEFAULT_MAX_STRING);
    }

    /** A CSV file in the data directory that no node file declares, all columns numbers. */
    public static Loaded readUndeclared(String name, Path file, Set<String> keyColumns, long maxBytes, long maxCells) {
        return read(declaration(name, file, maxBytes), keyColumns, maxBytes, maxCells);
    }

    /** As {@link #readUndeclared(String, Path, Set, long, long)}, refusing more than {@code maxRows} rows. */
    public static Loaded readUndeclared(String name, Path file, Set<String> keyColumns, long maxBytes, long maxCells,
            long maxRows) {
        return read(declaration(name, file, maxBytes), keyColumns, maxBytes, maxCells, maxRows);
    }

    /** Reads a declared dataset (any number of rows within {@code maxCells}). */
    public static Loaded read(DatasetSpec spec, Set<String> keyColumns, long maxBytes, long maxCells) {
        return read(spec, keyColumns, maxBytes, maxCells, Long.MAX_VALUE);
    }

    /** Reads a declared dataset, refusing it as soon as it has more than {@code maxRows} rows (the job's declared count). */
    public static Loaded read(DatasetSpec spec, Set<String> keyColumns, long maxBytes, long maxCells, long maxRows) {
        int w = spec.columns().size();
        List<String> keyNames = new ArrayList<>(keyColumns);
        List<double[]> rows = new ArrayList<>();
        List<List<String>> keys = new ArrayList<>();
        keyNames.forEach(k -> keys.add(new ArrayList<>()));
        long skipped = scan(spec, keyNames, maxBytes, (r, k) -> {
            if (rows.size() >= maxRows) {
                throw new DataException(spec.name() + ": has more than the " + maxRows + " rows the job declares");
            }
            if ((long) (rows.size() + 1) * w > maxCells) {
                throw new DataException(spec.name() + ": more than the node's limit of " + maxCells + " cells");
            }
            rows.add(r);
            for (int i = 0; i < k.length; i++) {
                keys.get(i).add(k[i]);
            }
        });
        Map<String, String[]> keyText = new HashMap<>();
        for (int i = 0; i < keyNames.size(); i++) {
            keyText.put(keyNames.get(i), keys.get(i).toArray(String[]::new));
        }
        return new Loaded(valuesOnly(spec, keyColumns, rows), keyText, skipped);
    }

    /** What a stream of rows delivers: {@code count} rows of the asked columns, row-major in {@code flat}. */
    @FunctionalInterface
    public interface Chunks {
        void accept(double[] flat, int count);
    }

    /** The rows streamed and the rows left out. */
    public record Streamed(long rows, long skipped) {
    }

    /**
     * Streams the value columns {@code columns} of dataset {@code spec} a chunk of {@code chunkRows} rows at a time,
     * without holding the dataset: memory is one chunk whatever the rows (a database through a cursor, Parquet through
     * DuckDB's streamed results). Only the asked columns are read and checked: with {@code badRows: skip}, a row is left
     * out when one of them does not fit.
     */
    public static Streamed stream(DatasetSpec spec, List<String> columns, int chunkRows, long maxBytes, Chunks sink) {
        List<DatasetSpec.Column> wanted = new ArrayList<>();
        for (String name : columns) {
            DatasetSpec.Column c = spec.column(name);
            if (c == null || c.type() == DatasetSpec.Type.STRING) {
                throw new DataException(spec.name() + ": no value column '" + name + "'"
                        + (c == null ? "" : " (a string column enters only as a key)"));
            }
            if (!wanted.contains(c)) {
                wanted.add(c);
            }
        }
        // only the asked columns are read (a database or DuckDB selects just those)
        DatasetSpec narrow = new DatasetSpec(spec.name(), spec.source(), spec.location(), spec.table(), spec.user(),
                spec.passwordFile(), spec.passwordEnv(), wanted, spec.delimiter(), spec.badRows(), spec.maxString());
        int[] at = new int[columns.size()];
        for (int j = 0; j < at.length; j++) {
            at[j] = wanted.indexOf(spec.column(columns.get(j)));
        }
        double[] buf = new double[chunkRows * at.length];
        int[] fill = {0};
        long[] total = {0};
        long skipped = scan(narrow, List.of(), maxBytes, (r, k) -> {
            int base = fill[0] * at.length;
            for (int j = 0; j < at.length; j++) {
                buf[base + j] = r[at[j]];
            }
            total[0]++;
            if (++fill[0] == chunkRows) {
                sink.accept(buf, fill[0]);
                fill[0] = 0;
            }
        });
        if (fill[0] > 0) {
            sink.accept(buf, fill[0]);
        }
        return new Streamed(total[0], skipped);
    }

    /** The declaration of {@code name}: {@code spec}, or for an undeclared CSV file its header, all numbers. */
    public static DatasetSpec declaration(String name, Path file, long maxBytes) {
        List<String> header;
        try (CsvSource probe = new CsvSource(name, file, ',', null, maxBytes)) {
            header = probe.available();
        }
        if (header.isEmpty()) {
            throw new DataException(name + ": the CSV file has no header row");
        }
        return undeclared(name, file, header);
    }

    /**
     * Whether dataset {@code spec} can be opened as declared, without reading its rows: the file or the database
     * reachable, every declared column present with a type its source can hold. {@code null} when it can, else the
     * problem (naming the dataset; for the member's own operator).
     */
    public static String probe(DatasetSpec spec, long maxBytes) {
        try {
            if (spec.source() == DatasetSpec.Source.CSV) {
                List<String> names = spec.columns().stream().map(DatasetSpec.Column::name).toList();
                try (CsvSource csv = new CsvSource(spec.name(), Path.of(spec.location()), spec.delimiter(), names, maxBytes)) {
                    for (String n : names) {
                        if (!csv.available().contains(n)) {
                            return spec.name() + ": the CSV file lacks the declared column '" + n + "'";
                        }
                    }
                }
            } else {
                new SqlSource(spec, true).close();
            }
            return null;
        } catch (DataException e) {
            return e.getMessage();
        }
    }

    /** One row as it is read: every declared column's number, and the canonical text of the key columns asked for. */
    private interface RowSink {
        void row(double[] values, String[] keys);
    }

    /** Reads every row of {@code spec}, checked and converted, into {@code sink}; returns the rows left out. */
    private static long scan(DatasetSpec spec, List<String> keyColumns, long maxBytes, RowSink sink) {
        for (String k : keyColumns) {
            if (spec.column(k) == null) {
                throw new DataException(spec.name() + ": the job's key column '" + k + "' is not a declared column");
            }
        }
        List<String> names = spec.columns().stream().map(DatasetSpec.Column::name).toList();
        try (RowSource source = open(spec, names, maxBytes)) {
            if (spec.source() == DatasetSpec.Source.CSV) {
                for (String n : names) {
                    if (!source.available().contains(n)) {
                        throw new DataException(spec.name() + ": the CSV file lacks the declared column '" + n + "'");
                    }
                }
            }
            return convert(spec, source, keyColumns, sink);
        } catch (DataException e) {
            if (e.getMessage().startsWith(spec.name() + ":")) {
                throw e;
            }
            throw new DataException(spec.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The table without the string columns the job does not link or align by: text enters a computation only as a key
     * (a job naming such a column as a value finds no column of that name; declare it a category to use it as one).
     */
    private static Table valuesOnly(DatasetSpec spec, Set<String> keyColumns, List<double[]> rows) {
        List<Integer> keep = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int j = 0; j < spec.columns().size(); j++) {
            DatasetSpec.Column c = spec.columns().get(j);
            if (c.type() != DatasetSpec.Type.STRING || keyColumns.contains(c.name())) {
                keep.add(j);
                header.add(c.name());
            }
        }
        double[][] out = new double[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            double[] full = rows.get(r);
            if (keep.size() == full.length) {
                out[r] = full;
            } else {
                out[r] = new double[keep.size()];
                for (int j = 0; j < keep.size(); j++) {
                    out[r][j] = full[keep.get(j)];
                }
            }
        }
        return new Table(Path.of(spec.name()), header, out);
    }

    private static RowSource open(DatasetSpec spec, List<String> names, long maxBytes) {
        return switch (spec.source()) {
            case CSV -> new CsvSource(spec.name(), Path.of(spec.location()), spec.delimiter(), names, maxBytes);
            case PARQUET, JDBC -> new SqlSource(spec);
        };
    }

    private static long convert(DatasetSpec spec, RowSource source, List<String> keyNames, RowSink sink) {
        int w = spec.columns().size();
        int[] keyAt = new int[keyNames.size()];
        for (int i = 0; i < keyAt.length; i++) {
            keyAt[i] = spec.columns().indexOf(spec.column(keyNames.get(i)));
        }
        long row = 0;
        long skipped = 0;
        String firstSkip = null;
        while (source.next()) {
            row++;
            double[] r = new double[w];
            String[] k = new String[keyAt.length];
            String bad = null;
            if (!source.complete()) {
                bad = "has a different number of fields than the header";
            } else {
                for (int j = 0; j < w && bad == null; j++) {
                    DatasetSpec.Column c = spec.columns().get(j);
                    try {
                        Object raw = source.cell(j);
                        r[j] = Cells.number(c, raw, spec.maxString());
                        for (int i = 0; i < keyAt.length; i++) {
                            if (keyAt[i] == j) {
                                k[i] = Cells.key(c, raw, spec.maxString());
                            }
                        }
                    } catch (BadCell e) {
                        bad = "column '" + c.name() + "' " + e.getMessage();
                    }
                }
            }
            if (bad != null) {
                if (spec.badRows() == DatasetSpec.BadRows.REFUSE) {
                    throw new DataException(spec.name() + ": row " + row + ": " + bad
                            + " (refused; badRows: skip in the node file leaves such rows out)");
                }
                skipped++;
                if (firstSkip == null) {
                    firstSkip = "row " + row + ": " + bad;
                }
                continue;
            }
            sink.row(r, k);
        }
        if (skipped > 0) {
            org.slf4j.LoggerFactory.getLogger(DatasetReader.class).warn("{}: left out {} rows that do not fit the declaration "
                    + "(badRows: skip; first: {})", spec.name(), skipped, firstSkip);
        }
        return skipped;
    }
}
